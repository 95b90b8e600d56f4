import Catalogue
import SocketTrace

/// The closed vocabulary of lesson steps: Python `socket` operations, each made of one or
/// more real BSD calls. A lesson can ask for these and nothing else: never a command.
public enum StepCall: String, CaseIterable, Sendable, Hashable {
    case socket, socketpair, bind, listen, accept, connect
    /// Python's `connect_ex`: connect, with the error returned instead of raised.
    case connect_ex
    case send, recv, sendto, recvfrom, read, write
    /// Python's `sendall`: send in a loop until every byte is gone.
    case sendall
    case shutdown, close, setsockopt, getsockopt
    /// Python's `setblocking(flag)`: fcntl F_GETFL, then F_SETFL with O_NONBLOCK changed.
    case setblocking
    /// Python's `settimeout(t)`: the socket becomes non-blocking, and each later
    /// accept/recv/send/connect on it first waits in poll for at most t seconds.
    case settimeout
    case poll, getsockname, getpeername
    /// The MTU of a network interface, asked of the kernel with ioctl(SIOCGIFMTU).
    case getifmtu
    /// A kernel setting from a short allow-list (`net.ipv4.tcp_syn_retries`), read from
    /// /proc/sys by the actor's thread: net.* settings belong to its network namespace.
    case sysctl
    case gethostname, getaddrinfo, getnameinfo, getservbyname, getservbyport, getprotobyname
    /// Serve clients from outside the lesson on a listening socket, one after another:
    /// poll, accept, send a greeting, echo what arrives until the client closes, close.
    /// Until the learner leaves (or, in --plain, until no client came for --wait seconds).
    case serve
    /// A thread per connection: pthread_create starts a new thread, the lesson's actor
    /// `worker`, that serves connection `fd` with Python's classic handler (recv, sendall
    /// it back, until recv returns b''; then close). Python: threading.Thread(...).start().
    case start_thread
    /// pthread_join: wait until a thread start_thread made has ended. Python: t.join().
    case join_thread
    /// Python's `s.fileno()`: no system call; the descriptor number the socket object keeps.
    case fileno
    /// The IPv4-era lookups (Python's socket.gethostbyname/gethostbyaddr), for names and
    /// addresses /etc/hosts answers with loopback only: no name server is ever asked.
    case gethostbyname, gethostbyaddr
    /// The process's descriptor table: /proc/self/fd listed, then readlink of each entry.
    case list_fds
    /// Length-prefixed framing: sendall of a 4-byte big-endian length, then the payload.
    case send_frame
    /// Its other half: recv until exactly 4 bytes, then until exactly that many, each recv real.
    case recv_frame

    public static var names: [String] { allCases.map(\.rawValue) }

    /// The most a receive asks for: buffers are sized from it, so a lesson cannot make the
    /// tutor allocate gigabytes for a two-byte read (Python would allocate it all too).
    public static let maximumReceiveSize = 1_048_576
    static let sizeRange: ClosedRange<Double> = 0...Double(maximumReceiveSize)
    /// The most bytes `data: {repeat: …, count: …}` may make: a recording line carries the
    /// data twice in base64 and must stay under 1 MiB.
    public static let maximumGeneratedSize = 262_144

    /// The arguments this call takes, in the order the trace shows them.
    public var parameters: [Parameter] {
        switch self {
        case .socket:
            [.init("family", .family, default: .family(.inet)), .init("type", .socketType, default: .socketType(.stream)),
             .init("protocol", .integer, default: .integer(0), range: 0...255)]
        case .socketpair:
            [.init("family", .family, default: .family(.unix)), .init("type", .socketType, default: .socketType(.stream))]
        case .bind: [.init("fd", .descriptor), .init("address", .bindAddress)]
        case .listen: [.init("fd", .descriptor), .init("backlog", .integer, default: .integer(5), range: 0...65535)]
        case .accept, .close, .getsockname, .getpeername, .serve: [.init("fd", .descriptor)]
        case .connect, .connect_ex: [.init("fd", .descriptor), .init("address", .address)]
        case .send, .sendall, .write:
            [.init("fd", .descriptor), .init("data", .data), .init("flags", .flags, default: .flags([]))]
        case .recv:
            [.init("fd", .descriptor), .init("size", .integer, default: .integer(1024), range: Self.sizeRange), .init("flags", .flags, default: .flags([]))]
        case .read, .recvfrom: [.init("fd", .descriptor), .init("size", .integer, default: .integer(1024), range: Self.sizeRange)]
        case .sendto: [.init("fd", .descriptor), .init("data", .data), .init("address", .address)]
        case .shutdown: [.init("fd", .descriptor), .init("how", .how, default: .how(.both))]
        case .setsockopt: [.init("fd", .descriptor), .init("option", .option), .init("value", .number, default: .number(1), range: -2_147_483_648...2_147_483_647)]
        case .getsockopt: [.init("fd", .descriptor), .init("option", .option)]
        case .setblocking: [.init("fd", .descriptor), .init("blocking", .boolean)]
        case .settimeout: [.init("fd", .descriptor), .init("seconds", .number, range: 0...3600)]
        case .poll:
            // One socket (`fd`) or several (`fds: [$a, $b]`): exactly one of the two.
            [.init("fd", .descriptor, default: .none), .init("fds", .descriptors, default: .none),
             .init("events", .events, default: .events(.input)),
             .init("timeout_ms", .integer, default: .integer(-1), range: -1...3_600_000)]
        case .getifmtu: [.init("fd", .descriptor), .init("interface", .text, default: .text("lo"))]
        case .sysctl: [.init("name", .setting)]
        case .gethostname: []
        case .getaddrinfo:
            [.init("host", .text), .init("service", .text, default: .none), .init("family", .family, default: .family(AddressFamily(value: 0))),
             .init("type", .socketType, default: .none)]
        case .getnameinfo: [.init("address", .address), .init("numeric", .boolean, default: .boolean(true))]
        case .getservbyname: [.init("name", .text), .init("protocol", .text, default: .none)]
        case .getservbyport: [.init("port", .integer, range: 0...65535), .init("protocol", .text, default: .none)]
        case .getprotobyname: [.init("name", .text)]
        case .start_thread: [.init("fd", .descriptor), .init("worker", .actor)]
        case .join_thread: [.init("thread", .thread)]
        case .fileno, .recv_frame: [.init("fd", .descriptor)]
        case .gethostbyname: [.init("name", .text)]
        case .gethostbyaddr: [.init("address", .text)]
        case .list_fds: []
        case .send_frame: [.init("fd", .descriptor), .init("data", .data)]
        }
    }

    /// What `$name` means after a step with `as: name`, and its fields (`$conn.peer`).
    public var result: ResultShape {
        switch self {
        case .socket: ResultShape(value: .descriptor)
        case .accept: ResultShape(value: .descriptor, fields: ["peer": .address])
        case .socketpair: ResultShape(value: nil, fields: ["0": .descriptor, "1": .descriptor])
        case .recv, .read, .recv_frame: ResultShape(value: .data)
        case .recvfrom: ResultShape(value: .data, fields: ["from": .address])
        case .getsockname, .getpeername: ResultShape(value: .address)
        case .getaddrinfo: ResultShape(value: .address)
        case .connect_ex, .send, .poll, .getsockopt, .getservbyname, .getprotobyname, .getifmtu, .sysctl, .fileno: ResultShape(value: .integer)
        case .gethostname, .getservbyport, .getnameinfo, .gethostbyname, .gethostbyaddr, .list_fds: ResultShape(value: .text)
        case .start_thread: ResultShape(value: .thread)
        default: ResultShape(value: nil)
        }
    }

    /// Calls whose result must be named to be of use (a socket nobody can refer to).
    public var needsName: Bool { self == .socket || self == .accept || self == .socketpair || self == .start_thread }
}

public struct Parameter: Sendable, Hashable {
    public var name: String
    public var kind: ParameterKind
    /// nil: required. `.some(nil)`: optional with no value.
    public var defaultValue: StepValue??
    /// For numbers: the values the loader and the engine accept (every number in a lesson
    /// file has one, so no conversion to the C types can trap).
    public var range: ClosedRange<Double>?

    init(_ name: String, _ kind: ParameterKind, range: ClosedRange<Double>? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = nil
        self.range = range
    }

    init(_ name: String, _ kind: ParameterKind, default value: StepValue?, range: ClosedRange<Double>? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = .some(value)
        self.range = range
    }

    /// nil when `value` is allowed; otherwise the message, in English.
    public func outOfRange(_ value: Double) -> String? { outOfRangeProblem(value)?.description }

    /// nil when `value` is allowed; otherwise the problem, in any language.
    public func outOfRangeProblem(_ value: Double) -> Message? {
        guard let range else { return nil }
        if value.isFinite, range.contains(value) { return nil }
        let bound = { (v: Double) in v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
        let span = Message(name == "size" ? .rangeSize : .rangePlain, ["low": .text(bound(range.lowerBound)), "high": .text(bound(range.upperBound))])
        return Message(.outOfRange, ["name": .text(name), "range": .message(span), "value": .text(value.isFinite ? bound(value) : String(value))])
    }

    public var isRequired: Bool { defaultValue == nil }
}

public enum ParameterKind: String, Sendable, Hashable {
    /// A socket made by an earlier step: `$s`, `$conn`, `$pair.0`.
    case descriptor
    /// Several sockets made by earlier steps, as a YAML list: `[$a, $b, $c]`.
    case descriptors
    /// An actor of the lesson that has no steps of its own: the thread start_thread makes.
    case actor
    /// A thread start_thread made: `$t1`.
    case thread
    /// Where to bind: a loopback address with port 0, or `unix:NAME` in the private directory.
    case bindAddress
    /// Where to connect or send: a loopback literal or an address an earlier step produced.
    case address
    /// Bytes: a string (UTF-8, escapes allowed) or `$data` from an earlier recv.
    case data
    case integer, number, boolean, text
    /// A kernel setting's name from `KernelSetting.allowed`.
    case setting
    case family, socketType, how, option, events, flags
}

public enum ResultKind: String, Sendable, Hashable {
    case descriptor, address, data, integer, text, thread
}

public struct ResultShape: Sendable, Hashable {
    public var value: ResultKind?
    public var fields: [String: ResultKind] = [:]
}

extension ResultKind {
    /// The kind as a message names it: "a descriptor", 文件描述符.
    var label: Message.Value {
        switch self {
        case .descriptor: .lesson(.kindDescriptor)
        case .address: .lesson(.kindAddress)
        case .data: .lesson(.kindData)
        case .integer: .lesson(.kindInteger)
        case .text: .lesson(.kindText)
        case .thread: .lesson(.kindThread)
        }
    }
}
