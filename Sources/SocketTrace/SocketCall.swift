import Foundation

/// What was asked of the kernel: one BSD socket call with its arguments, as a value.
/// The same value is a trace line, a recording line and a test fixture.
public enum SocketCall: Codable, Sendable, Hashable {
    case socket(family: AddressFamily, type: SocketType, protocol: Int32)
    case socketpair(family: AddressFamily, type: SocketType)
    case bind(fd: Int32, address: SocketAddress)
    case listen(fd: Int32, backlog: Int32)
    case accept(fd: Int32)
    case connect(fd: Int32, address: SocketAddress)
    case send(fd: Int32, data: Data, flags: MessageFlags)
    case recv(fd: Int32, size: Int, flags: MessageFlags)
    case sendto(fd: Int32, data: Data, address: SocketAddress?)
    case recvfrom(fd: Int32, size: Int)
    case read(fd: Int32, size: Int)
    case write(fd: Int32, data: Data)
    case shutdown(fd: Int32, how: ShutdownHow)
    case close(fd: Int32)
    /// `value` is an int for flag and size options, seconds for the two timeouts.
    case setsockopt(fd: Int32, option: SocketOption, value: Double)
    case getsockopt(fd: Int32, option: SocketOption)
    case getFileFlags(fd: Int32)
    case setFileFlags(fd: Int32, flags: Int32)
    case poll(fd: Int32, events: PollEvents, timeoutMilliseconds: Int32)
    /// poll(2) over several descriptors, each with the same events; the outcome's `value`
    /// lists the ready ones as strace does (`[{fd=5, revents=POLLIN}]`).
    case pollMany(fds: [Int32], events: PollEvents, timeoutMilliseconds: Int32)
    /// pthread_create: a new thread of this process that will serve connection `fd` as
    /// actor `thread`; the outcome's `value` is the new thread's kernel id. Made by the
    /// engine (StepExecutor+Threads), not by `Kernel.perform`.
    case threadCreate(thread: String, fd: Int32)
    /// pthread_join: waits until actor `thread`'s thread has ended. Made by the engine.
    case threadJoin(thread: String)
    case getsockname(fd: Int32)
    case getpeername(fd: Int32)
    /// ioctl(SIOCGIFMTU): the largest packet an interface carries.
    case interfaceMTU(fd: Int32, interface: String)
    /// A kernel setting read from /proc/sys (`net.ipv4.tcp_syn_retries`), allow-listed:
    /// see `KernelSetting`. Read by the calling thread, so net.* answers for its namespace.
    case sysctl(name: String)
    case gethostname
    case getaddrinfo(host: String, service: String?, family: AddressFamily, type: SocketType?)
    case getnameinfo(address: SocketAddress, numeric: Bool)
    case getservbyname(name: String, protocol: String?)
    case getservbyport(port: UInt16, protocol: String?)
    case getprotobyname(name: String)
    /// Python's `s.fileno()`: no system call at all; the number the socket object holds.
    case fileno(fd: Int32)
    /// The old IPv4-only lookups that getaddrinfo/getnameinfo replaced (glibc's, for real).
    case gethostbyname(name: String)
    case gethostbyaddr(host: String)
    /// opendir + readdir + closedir of /proc/self/fd: the process's descriptor numbers.
    case listDescriptors
    /// readlink("/proc/self/fd/N"): what descriptor N is (`socket:[inode]`, a file, a tty).
    case readDescriptorLink(fd: Int32)

    /// The C function's name, as strace prints it.
    public var name: String {
        switch self {
        case .socket: "socket"
        case .socketpair: "socketpair"
        case .bind: "bind"
        case .listen: "listen"
        case .accept: "accept"
        case .connect: "connect"
        case .send: "send"
        case .recv: "recv"
        case .sendto: "sendto"
        case .recvfrom: "recvfrom"
        case .read: "read"
        case .write: "write"
        case .shutdown: "shutdown"
        case .close: "close"
        case .setsockopt: "setsockopt"
        case .getsockopt: "getsockopt"
        case .getFileFlags, .setFileFlags: "fcntl"
        case .poll, .pollMany: "poll"
        case .threadCreate: "pthread_create"
        case .threadJoin: "pthread_join"
        case .getsockname: "getsockname"
        case .getpeername: "getpeername"
        case .interfaceMTU: "ioctl"
        case .sysctl: "read"
        case .gethostname: "gethostname"
        case .getaddrinfo: "getaddrinfo"
        case .getnameinfo: "getnameinfo"
        case .getservbyname: "getservbyname"
        case .getservbyport: "getservbyport"
        case .getprotobyname: "getprotobyname"
        case .fileno: "fileno"
        case .gethostbyname: "gethostbyname"
        case .gethostbyaddr: "gethostbyaddr"
        case .listDescriptors: "readdir"
        case .readDescriptorLink: "readlink"
        }
    }

    /// The descriptor the call works on, if any.
    public var fd: Int32? {
        switch self {
        case .bind(let fd, _), .listen(let fd, _), .accept(let fd), .connect(let fd, _),
             .send(let fd, _, _), .recv(let fd, _, _), .sendto(let fd, _, _), .recvfrom(let fd, _),
             .read(let fd, _), .write(let fd, _), .shutdown(let fd, _), .close(let fd),
             .setsockopt(let fd, _, _), .getsockopt(let fd, _), .getFileFlags(let fd),
             .setFileFlags(let fd, _), .poll(let fd, _, _), .getsockname(let fd), .getpeername(let fd), .interfaceMTU(let fd, _):
            fd
        default:
            nil
        }
    }

    /// True for the calls that create descriptors (the session must track and close them).
    public var createsDescriptors: Bool {
        switch self {
        case .socket, .socketpair, .accept: true
        default: false
        }
    }
}

public struct MessageFlags: OptionSet, Codable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public static let peek = MessageFlags(rawValue: 0x2)        // MSG_PEEK
    public static let dontWait = MessageFlags(rawValue: 0x40)   // MSG_DONTWAIT
    public static let waitAll = MessageFlags(rawValue: 0x100)   // MSG_WAITALL
    static let names: [(String, MessageFlags)] = [("MSG_PEEK", .peek), ("MSG_DONTWAIT", .dontWait), ("MSG_WAITALL", .waitAll)]
    public init?(name: String) {
        guard let e = MessageFlags.names.first(where: { $0.0 == name }) else { return nil }
        self = e.1
    }
    public var description: String {
        let parts = MessageFlags.names.filter { contains($0.1) }.map(\.0)
        return parts.isEmpty ? "0" : parts.joined(separator: "|")
    }
}
