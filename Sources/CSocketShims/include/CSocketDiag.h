#ifndef CSOCKETDIAG_H
#define CSOCKETDIAG_H
// The kernel's view of sockets and packets, for what Swift's Glibc module cannot reach:
// netlink sock_diag, the queue ioctls, AF_PACKET capture, and namespaces. Implemented in
// shims.c, which may use _GNU_SOURCE because no glibc type crosses this header.

/// One socket from a sock_diag reply (struct inet_diag_msg), addresses in network order.
struct cst_diag_row {
    unsigned char family, state;
    unsigned char src[16], dst[16];
    unsigned short sport, dport;       // host order
    unsigned int rqueue, wqueue, inode; // for a listener: accept queue and its limit
};

/// A NETLINK_SOCK_DIAG socket, or -errno.
int cst_diag_open(void);
/// Every TCP socket of `family` whose local or remote port is one of `ports` (the kernel
/// filters them). Fills up to `max` rows; returns how many matched, or -errno.
int cst_diag_dump(int nl, int family, const unsigned short *ports, int nports, struct cst_diag_row *rows, int max);

/// The one TCP socket with exactly this local and remote address (an O(1) hash lookup in
/// the kernel, unlike a dump). 1 and *row filled, 0 when there is none, or -errno.
int cst_diag_lookup(int nl, int family, const unsigned char *src, unsigned short sport,
                    const unsigned char *dst, unsigned short dport, struct cst_diag_row *row);

/// SIOCINQ and SIOCOUTQ: bytes not yet read, bytes not yet acknowledged. 0 or -errno.
int cst_queue_sizes(int fd, int *inq, int *outq);

/// An AF_PACKET socket on `ifname` that sees every protocol, non-blocking, with kernel
/// timestamps and a receive buffer of `rcvbuf` bytes. The fd, or -errno.
int cst_packet_open(const char *ifname, int rcvbuf);
/// The next frame waiting: copies at most `cap` bytes, sets its packet type (PACKET_HOST 0,
/// PACKET_OUTGOING 4), its timestamp and its whole length. 0 when none waits, or -errno.
int cst_packet_next(int fd, unsigned char *buf, int cap, int *pkttype, long long *sec, long *nsec, int *wirelen);
/// PACKET_STATISTICS since the last call: frames seen and frames dropped. 0 or -errno.
int cst_packet_stats(int fd, unsigned int *packets, unsigned int *drops);

/// unshare(CLONE_NEWUSER) and map our own uid and gid into it: the process keeps its
/// identity and gains the capabilities it needs inside namespaces it makes itself. The
/// process must still have one thread. 0 or -errno.
int cst_enter_user_namespace(void);
/// Moves the calling thread (only) into a new network namespace and brings its loopback
/// up. 0 or -errno; on failure *stage says which call failed ("unshare", "SIOCSIFFLAGS"…).
int cst_private_network(const char **stage);

#endif
