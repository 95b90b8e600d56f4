import CSocketShims
import Foundation
import Glibc

/// The one place that makes socket calls. Each call: errno captured at once, EINTR
/// retried where the C library or Python would retry it, the call timed, and the
/// result returned as a value. Nothing here throws: a failure is a result to show.
public enum Kernel {
    /// Once per process: a send to a closed peer must be an EPIPE result, never a death
    /// (status 141). Python does the same at start-up.
    private static let sigpipeIgnored: Bool = { signal(SIGPIPE, SIG_IGN); return true }()
    public static func ignoreSIGPIPE() { _ = sigpipeIgnored }

    /// Moves a descriptor the tutor opened for itself (a /proc file, the pcap file, a pipe)
    /// to 900 or above and closes the low one, so that the lesson's descriptors are numbered
    /// as in the learner's own program (first socket 3). The fd unchanged if it cannot move.
    public static func ownDescriptor(_ fd: Int32) -> Int32 { cst_move_high(fd) }

    /// Makes the real call described by `call`.
    public static func perform(_ call: SocketCall) -> CallOutcome {
        _ = sigpipeIgnored
        let start = monotonicNanoseconds()
        var outcome = dispatch(call)
        outcome.durationNanoseconds = monotonicNanoseconds() &- start
        return outcome
    }

    /// Runs `body` until it stops failing with EINTR (Python does the same since PEP 475;
    /// a signal such as SIGWINCH must not look like a lesson's error).
    @inline(__always)
    static func retryingEINTR(_ body: () -> Int) -> (Int, Int32?) {
        while true {
            let r = body()
            if r >= 0 { return (r, nil) }
            let e = errno
            if e != EINTR { return (r, e) }
        }
    }

    /// Runs `body` once: for calls that must not be repeated after EINTR (close, connect).
    @inline(__always)
    static func once(_ body: () -> Int) -> (Int, Int32?) {
        let r = body()
        return r < 0 ? (r, errno) : (r, nil)
    }

    static func outcome(_ result: (Int, Int32?)) -> CallOutcome {
        CallOutcome(returnValue: result.0, error: result.1.map(ErrnoValue.init))
    }

    static func dispatch(_ call: SocketCall) -> CallOutcome {
        switch call {
        case .socket(let family, let type, let proto):
            return outcome(once { Int(Glibc.socket(family.value, type.value, proto)) })

        case .socketpair(let family, let type):
            var fds: [Int32] = [-1, -1]
            var o = outcome(once { Int(Glibc.socketpair(family.value, type.value, 0, &fds)) })
            if o.error == nil { o.descriptors = fds }
            return o

        case .bind(let fd, let address):
            return outcome(address.withSockAddr { sa, len in once { Int(Glibc.bind(fd, sa, len)) } })

        case .listen(let fd, let backlog):
            return outcome(once { Int(Glibc.listen(fd, backlog)) })

        case .accept(let fd):
            var storage = sockaddr_storage()
            var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let r = withUnsafeMutablePointer(to: &storage) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                    retryingEINTR { Int(Glibc.accept(fd, sa, &len)) }
                }
            }
            var o = outcome(r)
            if o.error == nil { o.address = SocketAddress(storage: storage, length: len) }
            return o

        case .connect(let fd, let address):
            return outcome(address.withSockAddr { sa, len in once { Int(Glibc.connect(fd, sa, len)) } })

        case .send(let fd, let data, let flags):
            var o = outcome(data.withUnsafeBytes { buf in
                retryingEINTR { Glibc.send(fd, buf.baseAddress, buf.count, flags.rawValue) }
            })
            if o.error == nil { o.bytes = data.prefix(o.returnValue) }
            return o

        case .recv(let fd, let size, let flags):
            return receiving(size) { buf in retryingEINTR { Glibc.recv(fd, buf.baseAddress, buf.count, flags.rawValue) } }

        case .read(let fd, let size):
            return receiving(size) { buf in retryingEINTR { Glibc.read(fd, buf.baseAddress, buf.count) } }

        case .write(let fd, let data):
            var o = outcome(data.withUnsafeBytes { buf in retryingEINTR { Glibc.write(fd, buf.baseAddress, buf.count) } })
            if o.error == nil { o.bytes = data.prefix(o.returnValue) }
            return o

        case .sendto(let fd, let data, let address):
            let r = data.withUnsafeBytes { buf in
                if let address {
                    return address.withSockAddr { sa, len in
                        retryingEINTR { Glibc.sendto(fd, buf.baseAddress, buf.count, 0, sa, len) }
                    }
                }
                return retryingEINTR { Glibc.sendto(fd, buf.baseAddress, buf.count, 0, nil, 0) }
            }
            var o = outcome(r)
            if o.error == nil { o.bytes = data.prefix(o.returnValue) }
            return o

        case .recvfrom(let fd, let size):
            var storage = sockaddr_storage()
            var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
            var o = receiving(size) { buf in
                withUnsafeMutablePointer(to: &storage) { p in
                    p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                        retryingEINTR { Glibc.recvfrom(fd, buf.baseAddress, buf.count, 0, sa, &len) }
                    }
                }
            }
            if o.error == nil && len > 0 { o.address = SocketAddress(storage: storage, length: len) }
            return o

        case .shutdown(let fd, let how):
            return outcome(once { Int(Glibc.shutdown(fd, how.value)) })

        case .close(let fd):
            // Never retried: on Linux the descriptor is gone even when close reports EINTR.
            return outcome(once { Int(Glibc.close(fd)) })

        case .setsockopt(let fd, let option, let value):
            // Saturating conversions: a value past the C type's range must never trap.
            let value = value.isNaN ? 0 : value
            if option.isTimeval {
                let seconds = min(max(value, -1e9), 1e9)
                var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.towardZero)) * 1_000_000))
                return outcome(once { Int(Glibc.setsockopt(fd, option.level, option.optionName, &tv, socklen_t(MemoryLayout<timeval>.size))) })
            }
            var v = Int32(min(max(value, Double(Int32.min)), Double(Int32.max)))
            return outcome(once { Int(Glibc.setsockopt(fd, option.level, option.optionName, &v, socklen_t(MemoryLayout<Int32>.size))) })

        case .getsockopt(let fd, let option):
            if option.isTimeval {
                var tv = timeval()
                var len = socklen_t(MemoryLayout<timeval>.size)
                var o = outcome(once { Int(Glibc.getsockopt(fd, option.level, option.optionName, &tv, &len)) })
                if o.error == nil { o.value = "{tv_sec=\(tv.tv_sec), tv_usec=\(tv.tv_usec)}" }
                return o
            }
            var v: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            var o = outcome(once { Int(Glibc.getsockopt(fd, option.level, option.optionName, &v, &len)) })
            if o.error == nil { o.value = option == .error ? (v == 0 ? "0" : ErrnoValue(v).name) : String(v) }
            return o

        case .getFileFlags(let fd):
            var o = outcome(once { Int(Glibc.fcntl(fd, F_GETFL)) })
            if o.error == nil { o.value = FileFlags.describe(Int32(o.returnValue)) }
            return o

        case .setFileFlags(let fd, let flags):
            return outcome(once { Int(Glibc.fcntl(fd, F_SETFL, flags)) })

        case .poll(let fd, let events, let timeout):
            var pfd = pollfd(fd: fd, events: events.rawValue, revents: 0)
            var o = outcome(retryingEINTR { Int(Glibc.poll(&pfd, 1, timeout)) })
            if o.error == nil { o.value = PollEvents(rawValue: pfd.revents).description }
            return o

        case .pollMany(let fds, let events, let timeout):
            return pollMany(fds, events, timeout)

        case .threadCreate, .threadJoin:
            // Threads are made and joined by the engine, which owns them (StepExecutor+Threads).
            return CallOutcome(returnValue: -1, error: ErrnoValue(ENOSYS))

        case .getsockname(let fd):
            return naming(fd, Glibc.getsockname)

        case .getpeername(let fd):
            return naming(fd, Glibc.getpeername)

        case .interfaceMTU(let fd, let interface):
            var mtu: Int32 = 0
            var o = outcome(once { Int(cst_interface_mtu(fd, interface, &mtu)) })
            if o.error == nil { o.value = String(mtu) }
            return o

        case .sysctl(let name):
            return KernelSetting.read(name)

        case .gethostname:
            var buf = [CChar](repeating: 0, count: 256)
            var o = outcome(once { Int(Glibc.gethostname(&buf, buf.count)) })
            if o.error == nil { o.value = String(cBuffer: buf) }
            return o

        case .getaddrinfo(let host, let service, let family, let type):
            return Lookups.getaddrinfo(host: host, service: service, family: family, type: type)

        case .getnameinfo(let address, let numeric):
            return Lookups.getnameinfo(address: address, numeric: numeric)

        case .getservbyname(let name, let proto):
            return Lookups.getservbyname(name: name, protocol: proto)

        case .getservbyport(let port, let proto):
            return Lookups.getservbyport(port: port, protocol: proto)

        case .getprotobyname(let name):
            return Lookups.getprotobyname(name: name)

        case .fileno(let fd):
            // No system call: Python reads the number its socket object keeps.
            return CallOutcome(returnValue: Int(fd))

        case .gethostbyname(let name):
            return HostLookups.gethostbyname(name: name)

        case .gethostbyaddr(let host):
            return HostLookups.gethostbyaddr(host: host)

        case .listDescriptors:
            return DescriptorTable.list()

        case .readDescriptorLink(let fd):
            return DescriptorTable.link(fd)
        }
    }

    /// The largest buffer a receive gets: the size asked for is capped, and the very same
    /// count is what the kernel is told (never more than was allocated).
    public static let maximumReceiveSize = 1 << 20

    private static func receiving(_ size: Int, _ body: (UnsafeMutableRawBufferPointer) -> (Int, Int32?)) -> CallOutcome {
        let count = min(max(size, 0), maximumReceiveSize)
        var buffer = [UInt8](repeating: 0, count: max(count, 1))
        let r = buffer.withUnsafeMutableBytes { all in body(UnsafeMutableRawBufferPointer(rebasing: all[0..<count])) }
        var o = outcome(r)
        if o.error == nil { o.bytes = Data(buffer.prefix(o.returnValue)) }
        return o
    }

    private static func naming(_ fd: Int32, _ fn: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32) -> CallOutcome {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let r = withUnsafeMutablePointer(to: &storage) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in once { Int(fn(fd, sa, &len)) } }
        }
        var o = outcome(r)
        if o.error == nil { o.address = SocketAddress(storage: storage, length: len) }
        return o
    }

    public static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// The kernel's release, as `uname -r` prints it (recordings keep it: results depend on it).
    public static func release() -> String {
        var name = utsname()
        guard uname(&name) == 0 else { return "unknown" }
        return withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
    }

    /// Wall-clock time, the clock packet timestamps and pcap files use.
    public static func realtimeNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}

/// File status flags as fcntl(F_GETFL) reports them.
public enum FileFlags {
    public static func describe(_ flags: Int32) -> String {
        var parts: [String] = []
        switch flags & O_ACCMODE {
        case O_RDONLY: parts.append("O_RDONLY")
        case O_WRONLY: parts.append("O_WRONLY")
        default: parts.append("O_RDWR")
        }
        if flags & O_NONBLOCK != 0 { parts.append("O_NONBLOCK") }
        if flags & O_APPEND != 0 { parts.append("O_APPEND") }
        return parts.joined(separator: "|")
    }
}
