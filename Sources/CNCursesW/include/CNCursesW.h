#ifndef CNCURSESW_H
#define CNCURSESW_H
// The only place that sees ncurses. The wide API (add_wch, get_wch, cchar_t) is declared
// only when NCURSES_WIDECHAR is 1 before the include; no _XOPEN_SOURCE here, because it
// changes glibc struct layouts the Glibc module also defines (PLATFORM-NOTES.md).
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <wchar.h>

// glibc declares wcwidth only under _XOPEN_SOURCE.
extern int wcwidth(wchar_t c);

// Macros and globals Swift cannot see, or sees as not concurrency-safe.
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }
static inline unsigned int cnc_a_normal(void) { return A_NORMAL; }
static inline unsigned int cnc_a_bold(void) { return A_BOLD; }
static inline unsigned int cnc_a_dim(void) { return A_DIM; }
static inline unsigned int cnc_a_reverse(void) { return A_REVERSE; }
static inline unsigned int cnc_a_underline(void) { return A_UNDERLINE; }

/// newterm on the process's stdout and stdin (Swift 6 sees those globals as unsafe).
/// Unlike initscr, it returns NULL instead of ending the process when TERM is unusable.
SCREEN *cnc_newterm(void);

/// A non-blocking, close-on-exec eventfd: the lesson engine adds to it after each event,
/// so the main loop can wait for keys and events in one poll().
int cnc_eventfd(void);
/// Moves fd to 900 or above (close-on-exec) and closes the low one; fd itself if it cannot.
int cnc_move_high(int fd);

/// Writes `count` wide characters at (y, x) in one attribute and colour pair.
int cnc_draw_run(int y, int x, const wchar_t *text, int count, unsigned int attrs, short pair);

/// Saves the terminal's settings; call before initscr, so that a second signal can
/// restore them by hand if the orderly exit is stuck.
void cnc_save_terminal(void);

/// After initscr: SIGINT, SIGTERM and SIGHUP write their number to `notify_fd` (the main
/// loop then leaves the lesson, restores the screen and exits 128+signal). A second such
/// signal restores the terminal by hand and exits at once. SIGWINCH goes on to ncurses'
/// handler and also writes its number, so that a resize wakes the loop.
/// It also catches SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS and SIGFPE: the terminal is
/// restored by hand before the previous handler (Swift's backtracer) prints the crash.
int cnc_trap_signals(int notify_fd);

/// Puts the default dispositions back (after endwin), and the crash handlers that were there.
void cnc_release_signals(void);

/// Traps (ud2: SIGILL), as a Swift runtime failure does; for the crash test only.
void cnc_test_trap(void);

#endif
