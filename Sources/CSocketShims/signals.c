// See CSignalTrap.h. Only async-signal-safe calls in the handler.
#include "CSignalTrap.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

static volatile sig_atomic_t notify = -1;
static volatile sig_atomic_t pending = 0;
static const int trapped[] = { SIGINT, SIGTERM, SIGHUP };
enum { trapped_count = sizeof trapped / sizeof trapped[0] };

static void on_signal(int sig) {
    // The orderly leave did not finish before a second signal: stop now.
    if (pending) _exit(128 + sig);
    pending = sig;
    int saved_errno = errno;
    unsigned char byte = (unsigned char)sig;
    if (notify >= 0) { ssize_t ignored = write(notify, &byte, 1); (void)ignored; }
    errno = saved_errno;
}

int cst_trap_leave_signals(int notify_fd) {
    notify = notify_fd;
    pending = 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigset_t wanted;
    sigemptyset(&wanted);
    for (int i = 0; i < trapped_count; i++) {
        if (sigaction(trapped[i], &action, NULL) != 0) return -1;
        sigaddset(&wanted, trapped[i]);
    }
    // A parent may have started us with these blocked (the mask survives exec).
    int rc = pthread_sigmask(SIG_UNBLOCK, &wanted, NULL);
    if (rc != 0) { errno = rc; return -1; }
    return 0;
}

void cst_release_leave_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < trapped_count; i++) sigaction(trapped[i], &action, NULL);
    notify = -1;
}

int cst_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }
