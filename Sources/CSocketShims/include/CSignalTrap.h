#ifndef CSIGNALTRAP_H
#define CSIGNALTRAP_H
// The --plain runner's way out on SIGINT, SIGTERM and SIGHUP (signals.c).

/// Installs a handler for SIGINT, SIGTERM and SIGHUP that writes the signal's number as one
/// byte to `notify_fd` (a non-blocking pipe the main loop polls): any thread may take the
/// signal, so only the pipe reliably reaches the loop. SA_RESTART, so that an actor's
/// blocked accept or recv is not cut short with EINTR by a handler run on its thread.
/// A second signal before the exit ends the process at once with 128+signal.
/// Returns 0, or -1 with errno set.
int cst_trap_leave_signals(int notify_fd);

/// Puts the default dispositions back.
void cst_release_leave_signals(void);

/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC): <sys/eventfd.h> is not in Swift's Glibc module.
int cst_eventfd(void);

#endif
