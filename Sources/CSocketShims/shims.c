// The kernel-view helpers declared in CSocketDiag.h. _GNU_SOURCE is safe here: this file
// is compiled on its own and no glibc struct crosses into Swift (see PLATFORM-NOTES.md).
#define _GNU_SOURCE
#include "CSocketShims.h"
#include "CSocketDiag.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/sockios.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <arpa/inet.h>

static void fill_row(const struct inet_diag_msg *m, struct cst_diag_row *r) {
    r->family = m->idiag_family;
    r->state = m->idiag_state;
    memcpy(r->src, m->id.idiag_src, 16);
    memcpy(r->dst, m->id.idiag_dst, 16);
    r->sport = ntohs(m->id.idiag_sport);
    r->dport = ntohs(m->id.idiag_dport);
    r->rqueue = m->idiag_rqueue;
    r->wqueue = m->idiag_wqueue;
    r->inode = m->idiag_inode;
}

int cst_diag_open(void) {
    int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    return fd < 0 ? -errno : cst_move_high(fd);
}

int cst_diag_dump(int nl, int family, const unsigned short *ports, int nports, struct cst_diag_row *rows, int max) {
    // The filter, in the kernel's bytecode: "local port = p or remote port = p" for each p.
    // The kernel checks that every jump target lies on the chain of `yes` steps, so each
    // test falls through to a JMP on a match (the JMP leaps to the end: accept) and skips
    // it on a miss; a miss on the last test jumps past the end (reject).
    struct { struct nlmsghdr nlh; struct inet_diag_req_v2 req; struct nlattr attr; struct inet_diag_bc_op ops[3 * 64]; } msg;
    memset(&msg, 0, sizeof msg);
    int tests = (nports > 0 && nports <= 32) ? nports * 2 : 0;
    int bclen = tests > 0 ? (tests - 1) * 12 + 8 : 0;
    struct inet_diag_bc_op *op = msg.ops;
    for (int i = 0; i < tests; i++) {
        int last = i == tests - 1;
        op[0].code = (i % 2 == 0) ? INET_DIAG_BC_S_EQ : INET_DIAG_BC_D_EQ;
        op[0].yes = 8;
        op[0].no = 12;
        op[1].no = ports[i / 2];
        op += 2;
        if (!last) {
            int after = bclen - (int)((char *)(op + 1) - (char *)msg.ops);
            op[0].code = INET_DIAG_BC_JMP;
            op[0].yes = 4;
            op[0].no = (unsigned short)(4 + after);
            op += 1;
        }
    }
    msg.req.sdiag_family = (unsigned char)family;
    msg.req.sdiag_protocol = IPPROTO_TCP;
    msg.req.idiag_states = ~0u;
    msg.attr.nla_type = INET_DIAG_REQ_BYTECODE;
    msg.attr.nla_len = (unsigned short)(sizeof(struct nlattr) + bclen);
    size_t len = NLMSG_LENGTH(sizeof msg.req) + (bclen ? NLA_ALIGN(msg.attr.nla_len) : 0);
    msg.nlh.nlmsg_len = (unsigned int)len;
    msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    if (sendto(nl, &msg, len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) return -errno;

    int count = 0;
    static __thread long buffer[8192];
    for (;;) {
        ssize_t n = recv(nl, buffer, sizeof buffer, 0);
        if (n < 0) { if (errno == EINTR) continue; return -errno; }
        for (struct nlmsghdr *h = (struct nlmsghdr *)buffer; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_DONE) return count;
            if (h->nlmsg_type == NLMSG_ERROR) {
                struct nlmsgerr *err = NLMSG_DATA(h);
                return err->error ? err->error : -EIO;
            }
            if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY) continue;
            if (count < max) fill_row(NLMSG_DATA(h), &rows[count]);
            count++;
        }
    }
}

int cst_diag_lookup(int nl, int family, const unsigned char *src, unsigned short sport,
                    const unsigned char *dst, unsigned short dport, struct cst_diag_row *row) {
    struct { struct nlmsghdr nlh; struct inet_diag_req_v2 req; } msg;
    memset(&msg, 0, sizeof msg);
    msg.nlh.nlmsg_len = sizeof msg;
    msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    msg.nlh.nlmsg_flags = NLM_F_REQUEST;
    msg.req.sdiag_family = (unsigned char)family;
    msg.req.sdiag_protocol = IPPROTO_TCP;
    msg.req.idiag_states = ~0u;
    msg.req.id.idiag_sport = htons(sport);
    msg.req.id.idiag_dport = htons(dport);
    memcpy(msg.req.id.idiag_src, src, family == AF_INET ? 4 : 16);
    memcpy(msg.req.id.idiag_dst, dst, family == AF_INET ? 4 : 16);
    msg.req.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
    msg.req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    if (sendto(nl, &msg, sizeof msg, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) return -errno;
    static __thread long buffer[1024];
    ssize_t n;
    do { n = recv(nl, buffer, sizeof buffer, 0); } while (n < 0 && errno == EINTR);
    if (n < 0) return -errno;
    struct nlmsghdr *h = (struct nlmsghdr *)buffer;
    if (!NLMSG_OK(h, (size_t)n)) return -EIO;
    if (h->nlmsg_type == NLMSG_ERROR) {
        struct nlmsgerr *err = NLMSG_DATA(h);
        return err->error == -ENOENT ? 0 : (err->error ? err->error : -EIO);
    }
    fill_row(NLMSG_DATA(h), row);
    return 1;
}

int cst_queue_sizes(int fd, int *inq, int *outq) {
    if (ioctl(fd, SIOCINQ, inq) < 0) return -errno;
    if (ioctl(fd, SIOCOUTQ, outq) < 0) return -errno;
    return 0;
}

int cst_packet_open(const char *ifname, int rcvbuf) {
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
    if (fd < 0) return -errno;
    fd = cst_move_high(fd);
    struct sockaddr_ll where = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
    // The loopback is always interface 1 (LOOPBACK_IFINDEX, in every network namespace);
    // if_nametoindex would open a socket of its own to ask.
    where.sll_ifindex = strcmp(ifname, "lo") == 0 ? 1 : (int)if_nametoindex(ifname);
    int on = 1;
    if (where.sll_ifindex == 0
        || bind(fd, (struct sockaddr *)&where, sizeof where) < 0
        || setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf) < 0
        || setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) < 0) {
        int saved = errno;
        close(fd);
        return -saved;
    }
    // Frames queued before bind belong to every interface: drop them.
    unsigned char scratch[64];
    while (recv(fd, scratch, sizeof scratch, MSG_DONTWAIT) >= 0) {}
    return fd;
}

int cst_packet_next(int fd, unsigned char *buf, int cap, int *pkttype, long long *sec, long *nsec, int *wirelen) {
    struct sockaddr_ll from;
    struct iovec iov = { .iov_base = buf, .iov_len = (size_t)cap };
    char control[CMSG_SPACE(sizeof(struct timespec))];
    struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1,
                         .msg_control = control, .msg_controllen = sizeof control };
    ssize_t n;
    do { n = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_TRUNC); } while (n < 0 && errno == EINTR);
    if (n < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -errno;
    *pkttype = from.sll_pkttype;
    *wirelen = (int)n;
    *sec = 0; *nsec = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
            struct timespec ts;
            memcpy(&ts, CMSG_DATA(c), sizeof ts);
            *sec = ts.tv_sec; *nsec = ts.tv_nsec;
        }
    }
    return n < cap ? (int)n : cap;
}

int cst_packet_stats(int fd, unsigned int *packets, unsigned int *drops) {
    struct tpacket_stats st;
    socklen_t len = sizeof st;
    if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) < 0) return -errno;
    *packets = st.tp_packets; *drops = st.tp_drops;
    return 0;
}

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    ssize_t n = write(fd, text, strlen(text));
    int saved = errno;
    close(fd);
    return n < 0 ? -saved : 0;
}

int cst_enter_user_namespace(void) {
    uid_t uid = geteuid();
    gid_t gid = getegid();
    if (unshare(CLONE_NEWUSER) < 0) return -errno;
    char map[64];
    int rc = write_file("/proc/self/setgroups", "deny");
    if (rc < 0 && rc != -ENOENT) return rc;
    snprintf(map, sizeof map, "%u %u 1", (unsigned)uid, (unsigned)uid);
    if ((rc = write_file("/proc/self/uid_map", map)) < 0) return rc;
    snprintf(map, sizeof map, "%u %u 1", (unsigned)gid, (unsigned)gid);
    return write_file("/proc/self/gid_map", map);
}

int cst_private_network(const char **stage) {
    *stage = "unshare(CLONE_NEWNET)";
    if (unshare(CLONE_NEWNET) < 0) return -errno;
    *stage = "socket";
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    fd = cst_move_high(fd);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    *stage = "SIOCGIFFLAGS";
    int rc = ioctl(fd, SIOCGIFFLAGS, &ifr);
    if (rc == 0) {
        *stage = "SIOCSIFFLAGS";
        ifr.ifr_flags |= IFF_UP;
        rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
    }
    int saved = errno;
    close(fd);
    return rc < 0 ? -saved : 0;
}
