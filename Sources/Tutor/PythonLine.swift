import Foundation
import Glibc
import LessonKit
import SocketTrace

/// The line of Python's `socket` module that does what a step does, with this run's real
/// values (the real port), for readers of tutorials written in Python.
enum PythonLine {
    /// `serveWaitMilliseconds`: the poll timeout the serve step uses (nil: wait forever).
    static func make(_ step: LessonStep, _ a: ResolvedArguments, serveWaitMilliseconds: Int32? = nil) -> String {
        let s = a.pythonSocket()
        let target = step.name
        func assign(_ expr: String) -> String { target.map { "\($0) = \(expr)" } ?? expr }
        let address = (try? a.address())?.python ?? "…"
        switch step.call {
        case .socket:
            let type = a.socketType ?? .stream
            let proto = (try? a.integer("protocol")) ?? 0
            return assign("socket.socket(\(a.family.python), socket.\(type.name)\(proto != 0 ? ", \(proto)" : ""))")
        case .socketpair:
            let name = target ?? "pair"
            return "\(name) = socket.socketpair(\(a.family.python), socket.\((a.socketType ?? .stream).name))"
        case .bind: return "\(s).bind(\(address))"
        case .listen: return "\(s).listen(\((try? a.integer("backlog")) ?? 5))"
        case .accept:
            let name = target ?? "conn"
            return "\(name), \(name == "conn" ? "addr" : name + "_addr") = \(s).accept()"
        case .connect: return "\(s).connect(\(address))"
        case .connect_ex: return assign("\(s).connect_ex(\(address))")
        case .send: return assign("\(s).send(\(bytesLiteral(a)))")
        case .sendall: return "\(s).sendall(\(bytesLiteral(a)))"
        case .write: return assign("os.write(\(s).fileno(), \(bytesLiteral(a)))")
        case .recv: return assign("\(s).recv(\((try? a.integer("size")) ?? 1024)\(a.flags.isEmpty ? "" : ", socket.\(a.flags)"))")
        case .read: return assign("os.read(\(s).fileno(), \((try? a.integer("size")) ?? 1024))")
        case .sendto: return "\(s).sendto(\(bytesLiteral(a)), \(address))"
        case .recvfrom:
            let name = target ?? "data"
            return "\(name), \(name)_from = \(s).recvfrom(\((try? a.integer("size")) ?? 1024))"
        case .shutdown: return "\(s).shutdown(socket.\(a.how.name))"
        case .close: return "\(s).close()"
        case .setsockopt:
            let option = a.option ?? .reuseAddress
            let level = "socket.\(option.levelName)"
            if option.isTimeval {
                let v = a.number("value") ?? 1
                return "\(s).setsockopt(\(level), \(optionName(option)), struct.pack('ll', \(Int(v)), \(Int((v - v.rounded(.towardZero)) * 1e6))))"
            }
            return "\(s).setsockopt(\(level), \(optionName(option)), \(Int(a.number("value") ?? 1)))" + optionComment(option)
        case .getsockopt:
            let option = a.option ?? .reuseAddress
            return assign("\(s).getsockopt(socket.\(option.levelName), \(optionName(option)))") + optionComment(option)
        case .setblocking: return "\(s).setblocking(\((a.boolean("blocking") ?? true) ? "True" : "False"))"
        case .settimeout: return "\(s).settimeout(\(number(a.number("seconds") ?? 0)))"
        case .poll:
            let ms = (try? a.integer("timeout_ms")) ?? -1
            let events = a.events.description.split(separator: "|").map { "select.\($0)" }.joined(separator: " | ")
            let many = a.pythonSockets("fds")
            if !many.isEmpty {
                // The same one poll(2) over the whole list; p.poll() returns [(fd, revents), …].
                return "p = select.poll()\nfor sock in (\(many.joined(separator: ", "))\(many.count == 1 ? "," : "")):\n"
                    + "    p.register(sock, \(events))\n" + assign("p.poll(\(ms < 0 ? "" : String(ms)))")
            }
            return "p = select.poll(); p.register(\(s), \(events)); " + assign("p.poll(\(ms < 0 ? "" : String(ms)))")
        case .serve:
            // Call for call what StepExecutor.serve does: getsockname, poll with the same
            // timeout, accept, the greeting, the echo loop until b'', close.
            let wait = serveWaitMilliseconds.map { $0 < 0 ? "" : String($0) } ?? ""
            return """
                host, port = \(s).getsockname()
                p = select.poll(); p.register(\(s), select.POLLIN)
                while p.poll(\(wait)):
                    conn, addr = \(s).accept()
                    conn.sendall(b'\(ByteEscaping.escape(Data(serveGreeting.utf8), limit: 200, quote: "'"))')
                    while data := conn.recv(1024):
                        conn.sendall(b'echo: ' + data)
                    conn.close()
                """

        case .getsockname: return assign("\(s).getsockname()")
        case .getpeername: return assign("\(s).getpeername()")
        case .getifmtu:
            let name = ((try? a.text("interface")) ?? nil) ?? "lo"
            return assign("struct.unpack('16xi20x', fcntl.ioctl(\(s), 0x8921, struct.pack('16s24x', b'\(name)')))[0]  # SIOCGIFMTU")
        case .sysctl:
            // The same file, read the same way: the value the step binds.
            let name = ((try? a.text("name")) ?? nil) ?? ""
            return assign("int(open('\(KernelSetting.path(name))').read())")
        case .gethostname: return assign("socket.gethostname()")
        case .getaddrinfo:
            let host = (try? a.text("host")) ?? nil
            let service = (try? a.text("service")) ?? nil
            return assign("socket.getaddrinfo(\(quoted(host)), \(service.map { Int($0) != nil ? $0 : quoted($0) } ?? "None"))")
        case .getnameinfo:
            let flags = (a.boolean("numeric") ?? true) ? "socket.NI_NUMERICHOST | socket.NI_NUMERICSERV" : "0"
            return assign("socket.getnameinfo(\(address), \(flags))")
        case .getservbyname:
            let proto = (try? a.text("protocol")) ?? nil
            return assign("socket.getservbyname(\(quoted((try? a.text("name")) ?? nil))\(proto.map { ", " + quoted($0) } ?? ""))")
        case .getservbyport:
            let proto = (try? a.text("protocol")) ?? nil
            return assign("socket.getservbyport(\((try? a.integer("port")) ?? 0)\(proto.map { ", " + quoted($0) } ?? ""))")
        case .getprotobyname: return assign("socket.getprotobyname(\(quoted((try? a.text("name")) ?? nil)))")
        case .start_thread:
            // `handle` is defined before the first start_thread's line (PythonImports.plan).
            let t = target ?? "t"
            return "\(t) = threading.Thread(target=handle, args=(\(s),))\n\(t).start()"
        case .join_thread:
            if case .reference(let name, _)? = a.value("thread") { return "\(name).join()" }
            return "t.join()"
        case .fileno: return assign("\(s).fileno()")
        case .gethostbyname: return assign("socket.gethostbyname(\(quoted((try? a.text("name")) ?? nil)))")
        case .gethostbyaddr:
            // Python returns (name, aliases, addresses); the step keeps the name.
            let call = "socket.gethostbyaddr(\(quoted((try? a.text("address")) ?? nil)))"
            return target.map { "\($0), \($0)_aliases, \($0)_addresses = \(call)" } ?? call
        case .list_fds: return descriptorTable(target ?? "fds")
        case .send_frame: return sendFrame(s, bytesLiteral(a))
        case .recv_frame: return receiveFrame(s, target ?? "msg")
        }
    }

    /// The handler a start_thread thread runs, as Python: what StepExecutor.handleConnection does.
    static let threadHandler = """
        def handle(conn):
            while data := conn.recv(1024):
                conn.sendall(data)
            conn.close()

        """

    /// What the serve step sends each client first.
    static let serveGreeting = "hello from sockettutor: I echo what you send\n"

    /// The exception CPython raises for an errno: PEP 3151's subclasses of OSError, as in
    /// CPython's own table (Objects/exceptions.c); any other errno stays OSError.
    static func exception(for code: Int32) -> String {
        switch code {
        case EAGAIN, EINPROGRESS, EALREADY: "BlockingIOError"
        case ECHILD: "ChildProcessError"
        case EPIPE, ESHUTDOWN: "BrokenPipeError"
        case ECONNABORTED: "ConnectionAbortedError"
        case ECONNREFUSED: "ConnectionRefusedError"
        case ECONNRESET: "ConnectionResetError"
        case EEXIST: "FileExistsError"
        case ENOENT: "FileNotFoundError"
        case EISDIR: "IsADirectoryError"
        case ENOTDIR: "NotADirectoryError"
        case EINTR: "InterruptedError"
        case EACCES, EPERM: "PermissionError"
        case ESRCH: "ProcessLookupError"
        case ETIMEDOUT: "TimeoutError"
        default: "OSError"
        }
    }

    /// Whole, never cut: a literal with "…" in it would not be the Python that does the same.
    static func bytesLiteral(_ a: ResolvedArguments) -> String {
        if case .reference(let name, let field)? = a.value("data") { return field.map { "\(name)_\($0)" } ?? name }
        if case .repeated(let t, let n)? = a.value("data") {
            return "b'" + ByteEscaping.escape(Data(t.utf8), limit: .max, quote: "'") + "' * \(n)"
        }
        guard let data = try? a.data() else { return "b''" }
        return "b'" + ByteEscaping.escape(data, limit: .max, quote: "'") + "'"
    }

    /// `socket.SO_REUSEADDR`, or the number where Python's socket module has no name.
    private static func optionName(_ option: SocketOption) -> String {
        option.pythonName ?? String(option.optionName)
    }

    private static func optionComment(_ option: SocketOption) -> String {
        option.pythonName == nil ? "  # \(option.rawValue)" : ""
    }

    private static func quoted(_ text: String?) -> String { text.map { "'\($0)'" } ?? "None" }

    private static func number(_ v: Double) -> String {
        v == v.rounded() ? String(format: "%.1f", v) : String(v)
    }
}
