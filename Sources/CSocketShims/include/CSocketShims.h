#ifndef CSOCKETSHIMS_H
#define CSOCKETSHIMS_H
// Helpers for what Swift's Glibc module does not show. No _GNU_SOURCE or _XOPEN_SOURCE
// here: defining them changes glibc struct layouts that the Glibc module also defines
// (see PLATFORM-NOTES.md).
#include <sys/types.h>
#include <sys/syscall.h>
#include <unistd.h>

/// The kernel's id of the calling thread (glibc declares gettid only under _GNU_SOURCE).
static inline pid_t cst_gettid(void) { return (pid_t)syscall(SYS_gettid); }

#include <fcntl.h>

/// The lowest number of the tutor's own descriptors: a lesson's sockets take 3, 4, ... as
/// they would in the learner's own program, and the tutor's stay out of their way.
#define CST_OWN_FD_FLOOR 900

/// Moves a descriptor the tutor opened for itself to CST_OWN_FD_FLOOR or above, close-on-exec,
/// and closes the low one. Returns the new descriptor; the old one if it cannot move (a
/// descriptor limit below the floor) or is not valid.
static inline int cst_move_high(int fd) {
    if (fd < 0 || fd >= CST_OWN_FD_FLOOR) return fd;
    int high = fcntl(fd, F_DUPFD_CLOEXEC, CST_OWN_FD_FLOOR);
    if (high < 0) return fd;
    close(fd);
    return high;
}

#include <pthread.h>
#include <time.h>

/// glibc's join with a deadline; declared here because glibc shows it only under _GNU_SOURCE.
extern int pthread_timedjoin_np(pthread_t thread, void **retval, const struct timespec *abstime);

/// Names a thread (seen in /proc/self/task/TID/comm, gdb and htop); also _GNU_SOURCE-only.
extern int pthread_setname_np(pthread_t thread, const char *name);

#include <net/if.h>
#include <sys/ioctl.h>
#include <string.h>

/// ioctl(fd, SIOCGIFMTU) for interface `name` (ioctl is variadic: Swift cannot call it).
/// Returns ioctl's result; the MTU is stored in *mtu on success.
static inline int cst_interface_mtu(int fd, const char *name, int *mtu) {
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    int rc = ioctl(fd, SIOCGIFMTU, &ifr);
    if (rc == 0) *mtu = ifr.ifr_mtu;
    return rc;
}

#include "CSocketDiag.h"
#include "CSignalTrap.h"

#endif
