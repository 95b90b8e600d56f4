#include "CNCursesW.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/eventfd.h>

SCREEN *cnc_newterm(void) { return newterm(NULL, stdout, stdin); }

#include <fcntl.h>

// Above the lesson's range, like every descriptor the tutor keeps (cst_move_high in
// CSocketShims): the learner's first socket is then 3, as in their own program.
int cnc_move_high(int fd) {
    if (fd < 0 || fd >= 900) return fd;
    int high = fcntl(fd, F_DUPFD_CLOEXEC, 900);
    if (high < 0) return fd;
    close(fd);
    return high;
}

int cnc_eventfd(void) { return cnc_move_high(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)); }

int cnc_draw_run(int y, int x, const wchar_t *text, int count, unsigned int attrs, short pair) {
    attr_set((attr_t)attrs, pair, NULL);
    return mvaddnwstr(y, x, text, count);
}

static struct termios saved_termios;
static volatile sig_atomic_t have_saved = 0;
static volatile sig_atomic_t notify = -1;
static volatile sig_atomic_t pending = 0;
static const int trapped[] = { SIGINT, SIGTERM, SIGHUP };

void cnc_save_terminal(void) {
    if (tcgetattr(STDIN_FILENO, &saved_termios) == 0) have_saved = 1;
}

static struct sigaction ncurses_winch;

/// Any thread may take SIGWINCH (the lesson's actor threads too), so the main thread's
/// poll() might never see EINTR: pass it on to ncurses' handler, then wake the poll.
static void on_winch(int sig) {
    int saved_errno = errno;
    if (ncurses_winch.sa_handler != SIG_DFL && ncurses_winch.sa_handler != SIG_IGN && ncurses_winch.sa_handler != NULL) {
        ncurses_winch.sa_handler(sig);
    }
    unsigned char byte = (unsigned char)sig;
    if (notify >= 0) { ssize_t ignored = write(notify, &byte, 1); (void)ignored; }
    errno = saved_errno;
}

/// Leaves the alternate screen, shows the cursor, ends keypad mode and puts the tty
/// modes back. Only async-signal-safe calls: it runs in signal handlers.
static void restore_by_hand(void) {
    static const char reset[] = "\033[0m\033[?1l\033>\033[?1049l\033[?25h\r\n";
    ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
    (void)ignored;
    if (have_saved) tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
}

static void on_signal(int sig) {
    if (pending) {
        // The orderly exit did not finish.
        restore_by_hand();
        _exit(128 + sig);
    }
    pending = sig;
    int saved_errno = errno;
    unsigned char byte = (unsigned char)sig;
    if (notify >= 0) { ssize_t ignored = write(notify, &byte, 1); (void)ignored; }
    errno = saved_errno;
}

static const int fatal[] = { SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE };
static struct sigaction previous_fatal[sizeof fatal / sizeof fatal[0]];
static volatile sig_atomic_t fatal_installed = 0;

/// A crash: restore the terminal before anything is printed, then hand the signal to the
/// handler that was there before (Swift's backtracer, or the default), so the crash is still
/// reported and the exit status still names the signal.
static void on_fatal(int sig, siginfo_t *info, void *context) {
    (void)context;
    restore_by_hand();
    // Swift's backtracer, which runs next, prompts on a terminal and waits for a key that no
    // one will press under a full-screen program: give it end of input instead.
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0 && null_fd != STDIN_FILENO) { dup2(null_fd, STDIN_FILENO); close(null_fd); }
    for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        if (fatal[i] == sig) sigaction(sig, &previous_fatal[i], NULL);
    }
    // A fault from an instruction (ud2, a bad address) happens again when this returns, now
    // into the previous handler with its true details. A signal that was sent (abort's
    // raise, kill) or a breakpoint trap (which resumes after the instruction) must be sent
    // again: it is blocked here, so it arrives as soon as this handler returns.
    if (sig == SIGTRAP || info == NULL || info->si_code <= 0) raise(sig);
}

int cnc_trap_signals(int notify_fd) {
    notify = notify_fd;
    pending = 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    for (unsigned i = 0; i < sizeof trapped / sizeof trapped[0]; i++) {
        if (sigaction(trapped[i], &action, NULL) != 0) return -1;
    }
    struct sigaction winch;
    memset(&winch, 0, sizeof winch);
    winch.sa_handler = on_winch;
    sigemptyset(&winch.sa_mask);
    winch.sa_flags = SA_RESTART;
    if (sigaction(SIGWINCH, &winch, &ncurses_winch) != 0) return -1;
    struct sigaction crash;
    memset(&crash, 0, sizeof crash);
    crash.sa_sigaction = on_fatal;
    crash.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&crash.sa_mask);
    for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        if (sigaction(fatal[i], &crash, &previous_fatal[i]) != 0) return -1;
    }
    fatal_installed = 1;
    // A parent may have started us with these blocked (the mask survives exec; libdispatch's
    // threads block nearly everything): then no handler would ever run.
    sigset_t wanted;
    sigemptyset(&wanted);
    for (unsigned i = 0; i < sizeof trapped / sizeof trapped[0]; i++) sigaddset(&wanted, trapped[i]);
    sigaddset(&wanted, SIGWINCH);
    return pthread_sigmask(SIG_UNBLOCK, &wanted, NULL);
}

void cnc_release_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    for (unsigned i = 0; i < sizeof trapped / sizeof trapped[0]; i++) sigaction(trapped[i], &action, NULL);
    sigaction(SIGWINCH, &ncurses_winch, NULL);
    if (fatal_installed) {
        for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) sigaction(fatal[i], &previous_fatal[i], NULL);
        fatal_installed = 0;
    }
    notify = -1;
}

void cnc_test_trap(void) { __builtin_trap(); }

