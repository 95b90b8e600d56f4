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

static void on_signal(int sig) {
    if (pending) {
        // The orderly exit did not finish: leave the alternate screen, show the cursor,
        // put the tty modes back. Only async-signal-safe calls here.
        static const char reset[] = "\033[0m\033[?1049l\033[?25h\r\n";
        ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
        (void)ignored;
        if (have_saved) tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
        _exit(128 + sig);
    }
    pending = sig;
    int saved_errno = errno;
    unsigned char byte = (unsigned char)sig;
    if (notify >= 0) { ssize_t ignored = write(notify, &byte, 1); (void)ignored; }
    errno = saved_errno;
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
    notify = -1;
}
