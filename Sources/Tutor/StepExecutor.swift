import Catalogue
import Foundation
import Glibc
import LessonKit
import SocketTrace
import Synchronization

/// What an actor thread tells the driver.
enum ActorReport: Sendable {
    case stepStarted(stepID: String, index: Int, actor: String, note: String?, python: String)
    case callStarted(CallStarted)
    case callFinished(callID: Int, actor: String, call: TracedCall)
    case stepFinished(stepID: String, index: Int, actor: String, result: StepOutcome)
    case notice(String)
    case instructions(String)
    /// A lesson's start_thread made this actor's thread (before the thread's first call).
    case threadStarted(actor: String, thread: ActorThread)
    /// That thread's handler has returned: the thread ends.
    case handlerFinished(actor: String)
}

/// Runs one actor's steps: resolves arguments, makes the real calls (several for Python's
/// sendall, setblocking or a call under settimeout) and reports each one as it happens.
final class StepExecutor {
    let actor: String
    let language: String
    let registry: DescriptorRegistry
    let bindings: SharedBindings
    let privateDirectory: String
    let callIDs: CallCounter
    let report: (ActorReport) -> Void
    /// A stop request: no new call starts once it is set.
    let stopping: StopFlag
    /// How long `serve` waits for a client before it stops (nil: until the learner leaves).
    var serveWait: Double?
    /// Where this actor's thread says which call it is in, for the driver's blocked probe.
    var probe: BlockedCallProbe.Handle?
    /// The import lines shown before a step's Python line (PythonImports.plan), by step id.
    var imports: [String: String] = [:]
    /// The serve step's poll timeout, shared with its Python line.
    private var serveWaitMilliseconds: Int32? { serveWait.map { Int32(min($0 * 1000, Double(Int32.max))) } }
    /// The lesson runs in a network namespace of its own: notes may say so (`{netns}`).
    var privateNetwork = false
    /// settimeout values by descriptor; Python keeps these in the socket object.
    private var timeouts: [Int32: Double] = [:]
    /// The threads this actor's start_thread steps made, by their actor's name.
    var threads: [String: ActorThread] = [:]

    init(actor: String, language: String, registry: DescriptorRegistry, bindings: SharedBindings, privateDirectory: String,
         callIDs: CallCounter, stopping: StopFlag, report: @escaping (ActorReport) -> Void) {
        self.actor = actor
        self.language = language
        self.registry = registry
        self.bindings = bindings
        self.privateDirectory = privateDirectory
        self.callIDs = callIDs
        self.stopping = stopping
        self.report = report
    }

    struct Stopped: Error {}

    /// Makes one real call and reports its start and end.
    @discardableResult
    func call(_ c: SocketCall, stepID: String, perform: (() -> CallOutcome)? = nil) throws -> CallOutcome {
        if stopping.isSet { throw Stopped() }
        let id = callIDs.next()
        report(.callStarted(CallStarted(callID: id, actor: actor, stepID: stepID, call: c)))
        let outcome: CallOutcome
        probe?.enter(id)
        if let perform {
            outcome = perform()
        } else if case .close = c {
            outcome = registry.close(c)
        } else {
            outcome = Kernel.perform(c)
        }
        probe?.leave()
        if outcome.error == nil, c.createsDescriptors {
            if let fds = outcome.descriptors {
                fds.forEach { registry.add($0, actor: actor) }
            } else if outcome.returnValue >= 0 {
                registry.add(Int32(outcome.returnValue), actor: actor)
            }
        }
        notePlacement(c, outcome)
        report(.callFinished(callID: id, actor: actor, call: TracedCall(actor: actor, call: c, outcome: outcome)))
        return outcome
    }

    /// Sockets known to have an address already: bound (to loopback: requireLocal checked
    /// it), connected to loopback (the kernel bound the source on loopback), accepted, or
    /// unix. Kept from the traced calls' own results, so the guard adds no hidden syscall
    /// that strace would see and the transcript would not.
    private var placed: Set<Int32> = []

    private func notePlacement(_ c: SocketCall, _ outcome: CallOutcome) {
        switch c {
        case .socket(let family, _, _) where outcome.error == nil && family == .unix:
            placed.insert(Int32(outcome.returnValue))
        case .socketpair where outcome.error == nil:
            outcome.descriptors?.forEach { placed.insert($0) }
        case .bind(let fd, _) where outcome.error == nil:
            placed.insert(fd)
        case .connect(let fd, _) where outcome.error == nil || outcome.error?.code == EINPROGRESS:
            placed.insert(fd)
        case .accept where outcome.error == nil:
            placed.insert(Int32(outcome.returnValue))
        case .close(let fd):
            placed.remove(fd)
        default:
            break
        }
    }

    func run(_ step: LessonStep, index: Int) {
        let args = ResolvedArguments(step: step, bindings: bindings, privateDirectory: privateDirectory)
        let python = (imports[step.id] ?? "") + (step.python ?? PythonLine.make(step, args, serveWaitMilliseconds: serveWaitMilliseconds))
        let texts = TextValues(bindings: bindings, privateNetwork: privateNetwork, language: language)
        report(.stepStarted(stepID: step.id, index: index, actor: actor, note: step.note.map { texts.fill($0.resolved(language)) },
                            python: python))
        let result: StepOutcome
        do {
            result = try perform(step, args)
        } catch is Stopped {
            return
        } catch is ResolvedArguments.ClosedName {
            // What Python's socket object does once closed: no call, OSError EBADF.
            result = .raised(exception: "OSError", errno: ErrnoValue(EBADF))
        } catch let refused as ResolvedArguments.Refused {
            report(.notice(Words(language)(Message(.runStepRefused, ["step": .text(step.id), "why": .message(refused.message)]))))
            result = .raised(exception: "refused", errno: nil)
        } catch {
            let why: Message.Value = (error as? ResolvedArguments.Unresolved).map { .message($0.message) } ?? .text("\(error)")
            report(.notice(Words(language)(Message(.runStepCannotRun, ["step": .text(step.id), "why": why]))))
            result = .raised(exception: "NameError", errno: nil)
        }
        report(.stepFinished(stepID: step.id, index: index, actor: actor, result: result))
    }

    func raised(_ o: CallOutcome) -> StepOutcome {
        guard let e = o.error else { return .returned }
        return .raised(exception: PythonLine.exception(for: e.code), errno: e)
    }

    /// Binds a step's result name.
    func name(_ step: LessonStep, field: String? = nil, _ value: Bindings.Value) {
        if let name = step.name { bindings.set(name, field: field, value) }
    }

    private func perform(_ step: LessonStep, _ a: ResolvedArguments) throws -> StepOutcome {
        let id = step.id
        switch step.call {
        case .socket:
            let proto = try a.integer("protocol")
            let type = a.socketType ?? .stream
            if let refusal = SocketVocabulary.refusal(family: a.family, type: type, protocol: proto) {
                throw ResolvedArguments.Refused(refusal)
            }
            let o = try call(.socket(family: a.family, type: type, protocol: Int32(clamping: proto)), stepID: id)
            if o.error == nil {
                name(step, .descriptor(Int32(o.returnValue)))
                if let n = step.name, SocketVocabulary.isAttemptOnly(family: a.family, type: type, protocol: proto) {
                    bindings.markAttemptOnly(n)
                }
            }
            return raised(o)

        case .socketpair:
            if let refusal = SocketVocabulary.refusal(family: a.family, type: a.socketType ?? .stream, protocol: 0) {
                throw ResolvedArguments.Refused(refusal)
            }
            let o = try call(.socketpair(family: a.family, type: a.socketType ?? .stream), stepID: id)
            if let fds = o.descriptors {
                name(step, field: "0", .descriptor(fds[0]))
                name(step, field: "1", .descriptor(fds[1]))
            }
            return raised(o)

        case .bind:
            let address = try a.address()
            try requireLocal(address)
            let fd = try a.descriptor()
            // The port-0 rule on references too: a fixed port only if the kernel gave it to
            // one of this lesson's sockets (closing's EADDRINUSE rebinds its own address).
            if let port = address.port, port != 0, !bindings.isOwnPort(port) {
                throw ResolvedArguments.Refused(Message(.runBindNotPortZero, ["address": .text(address.hostAndPort)]))
            }
            return raised(try call(.bind(fd: fd, address: address), stepID: id))

        case .listen:
            let fd = try a.descriptor()
            let backlog = try a.integer("backlog")
            try requireBoundToLoopback(fd, Message(.runNotBoundListen))
            return raised(try call(.listen(fd: fd, backlog: Int32(clamping: backlog)), stepID: id))

        case .accept:
            let fd = try a.descriptor()
            if let waited = try waitForTimeout(fd, .input, stepID: id) { return waited }
            let o = try call(.accept(fd: fd), stepID: id)
            if o.error == nil {
                name(step, .descriptor(Int32(o.returnValue)))
                if let peer = o.address { name(step, field: "peer", .address(peer)) }
            }
            return raised(o)

        case .connect, .connect_ex:
            let fd = try a.descriptor()
            let address = try a.address()
            try requireLocal(address)
            var o = try call(.connect(fd: fd, address: address), stepID: id)
            if let t = timeouts[fd], o.error?.code == EINPROGRESS {
                // Python under settimeout: wait for the handshake, then ask how it went.
                let p = try call(.poll(fd: fd, events: .output, timeoutMilliseconds: Self.milliseconds(t)), stepID: id)
                if p.returnValue == 0 { return .timedOut }
                o = try call(.getsockopt(fd: fd, option: .error), stepID: id)
                if let v = o.value, v != "0", let code = ErrnoValue.code(named: v) { o.error = ErrnoValue(code) }
            }
            if step.call == .connect_ex {
                name(step, .integer(Int(o.error?.code ?? 0)))
                return .returned
            }
            return raised(o)

        case .send, .write:
            let fd = try a.descriptor()
            if let waited = try waitForTimeout(fd, .output, stepID: id) { return waited }
            let data = try a.data()
            let o = try call(step.call == .send ? .send(fd: fd, data: data, flags: a.flags) : .write(fd: fd, data: data), stepID: id)
            if o.error == nil { name(step, .integer(o.returnValue)) }
            return raised(o)

        case .sendall:
            let fd = try a.descriptor()
            var rest = try a.data()
            while !rest.isEmpty {
                if let waited = try waitForTimeout(fd, .output, stepID: id) { return waited }
                let o = try call(.send(fd: fd, data: rest, flags: a.flags), stepID: id)
                if o.error != nil { return raised(o) }
                rest = rest.dropFirst(o.returnValue)
            }
            return .returned

        case .recv, .read:
            let fd = try a.descriptor()
            if let waited = try waitForTimeout(fd, .input, stepID: id) { return waited }
            let size = try a.integer("size")
            let o = try call(step.call == .recv ? .recv(fd: fd, size: size, flags: a.flags) : .read(fd: fd, size: size), stepID: id)
            if o.error == nil { name(step, .data(o.bytes ?? Data())) }
            if o.error == nil && o.returnValue == 0 && size > 0 { return .endOfStream }
            return raised(o)

        case .sendto:
            let fd = try a.descriptor()
            let address = try a.address()
            try requireLocal(address)
            let data = try a.data()
            try requireBoundToLoopback(fd, Message(.runNotBoundSendto))
            return raised(try call(.sendto(fd: fd, data: data, address: address), stepID: id))

        case .recvfrom:
            let fd = try a.descriptor()
            if let waited = try waitForTimeout(fd, .input, stepID: id) { return waited }
            let o = try call(.recvfrom(fd: fd, size: try a.integer("size")), stepID: id)
            if o.error == nil {
                name(step, .data(o.bytes ?? Data()))
                if let from = o.address { name(step, field: "from", .address(from)) }
            }
            return raised(o)

        case .shutdown:
            return raised(try call(.shutdown(fd: try a.descriptor(), how: a.how), stepID: id))

        case .close:
            let fd: Int32
            do { fd = try a.descriptor() } catch is ResolvedArguments.ClosedName { return .returned }
            timeouts[fd] = nil
            // Closed even when close fails (Linux frees the number either way), as in Python.
            if let key = a.referenceKey() { bindings.markClosed(key) }
            return raised(try call(.close(fd: fd), stepID: id))

        case .setsockopt:
            guard let option = a.option else { throw ResolvedArguments.Unresolved(description: "no option") }
            return raised(try call(.setsockopt(fd: try a.descriptor(), option: option, value: try a.checkedNumber("value") ?? 1), stepID: id))

        case .getsockopt:
            guard let option = a.option else { throw ResolvedArguments.Unresolved(description: "no option") }
            let o = try call(.getsockopt(fd: try a.descriptor(), option: option), stepID: id)
            if let v = o.value, let n = Int(v) { name(step, .integer(n)) }
            return raised(o)

        case .setblocking:
            let fd = try a.descriptor()
            timeouts[fd] = nil
            return try setNonBlocking(fd, !(a.boolean("blocking") ?? true), stepID: id)

        case .settimeout:
            let fd = try a.descriptor()
            let seconds = try a.checkedNumber("seconds") ?? 0
            let result = try setNonBlocking(fd, true, stepID: id)
            if seconds > 0 { timeouts[fd] = seconds }
            return result

        case .poll:
            let timeout = Int32(clamping: try a.integer("timeout_ms"))
            let c: SocketCall = step.arguments["fds"] != nil
                ? .pollMany(fds: try a.descriptors("fds"), events: a.events, timeoutMilliseconds: timeout)
                : .poll(fd: try a.descriptor(), events: a.events, timeoutMilliseconds: timeout)
            let o = try call(c, stepID: id)
            if o.error == nil { name(step, .integer(o.returnValue)) }
            return raised(o)

        case .start_thread:
            return try startThread(step, a)

        case .join_thread:
            return try joinThread(step, a)

        case .serve:
            return try serve(listener: try a.descriptor(), stepID: id)

        case .getsockname, .getpeername:
            let fd = try a.descriptor()
            let o = try call(step.call == .getsockname ? .getsockname(fd: fd) : .getpeername(fd: fd), stepID: id)
            if let address = o.address {
                name(step, .address(address))
                if step.call == .getsockname, let port = address.port, port != 0 { bindings.addOwnPort(port) }
            }
            return raised(o)

        case .getifmtu:
            let o = try call(.interfaceMTU(fd: try a.descriptor(), interface: try a.text("interface") ?? "lo"), stepID: id)
            if let v = o.value, let n = Int(v) { name(step, .integer(n)) }
            return raised(o)

        case .sysctl:
            let o = try call(.sysctl(name: try a.text("name") ?? ""), stepID: id)
            if o.error == nil { name(step, .integer(o.returnValue)) }
            return raised(o)

        case .gethostname:
            let o = try call(.gethostname, stepID: id)
            if let v = o.value { name(step, .text(v)) }
            return raised(o)

        case .getaddrinfo:
            let host = try a.text("host") ?? ""
            guard LoopbackHosts.isAllowed(host) else {
                throw ResolvedArguments.Refused(Message(.runGetaddrinfoOffMachine, ["host": .text(Shown.value(host))]))
            }
            let o = try call(.getaddrinfo(host: host, service: try a.text("service"), family: a.family, type: a.socketType), stepID: id)
            if let first = o.addresses?.first { name(step, .address(first)) }
            return o.lookupError.map { _ in .raised(exception: "socket.gaierror", errno: nil) } ?? .returned

        case .getnameinfo:
            let address = try a.address()
            let numeric = a.boolean("numeric") ?? true
            try requireLocal(address)
            if !numeric, case .inet(let h, _) = address, !LoopbackHosts.hasName(forAddress: h) {
                throw ResolvedArguments.Refused(Message(.runGetnameinfoOffMachine, ["host": .text(h)]))
            }
            if !numeric, case .inet6(let h, _) = address, !LoopbackHosts.hasName(forAddress: h) {
                throw ResolvedArguments.Refused(Message(.runGetnameinfoOffMachine, ["host": .text(h)]))
            }
            let o = try call(.getnameinfo(address: address, numeric: numeric), stepID: id)
            if let v = o.value { name(step, .text(v)) }
            return o.lookupError.map { _ in .raised(exception: "socket.gaierror", errno: nil) } ?? .returned

        case .getservbyname, .getservbyport, .getprotobyname:
            let c: SocketCall = switch step.call {
            case .getservbyname: .getservbyname(name: try a.text("name") ?? "", protocol: try a.text("protocol"))
            case .getservbyport: .getservbyport(port: UInt16(clamping: try a.integer("port")), protocol: try a.text("protocol"))
            default: .getprotobyname(name: try a.text("name") ?? "")
            }
            let o = try call(c, stepID: id)
            if o.lookupError == nil {
                if step.call == .getservbyport, let v = o.value, let n = v.split(separator: "\"").dropFirst().first {
                    name(step, .text(String(n)))
                } else {
                    name(step, .integer(o.returnValue))
                }
            }
            return o.lookupError.map { _ in .raised(exception: "OSError", errno: nil) } ?? .returned

        case .fileno: return try fileno(step, a)
        case .gethostbyname, .gethostbyaddr: return try hostLookup(step, a)
        case .list_fds: return try listDescriptors(step)
        case .send_frame: return try sendFrame(step, a)
        case .recv_frame: return try receiveFrame(step, a)
        }
    }

    /// fcntl(F_GETFL), then F_SETFL with O_NONBLOCK set or cleared: what setblocking does.
    /// Serves clients from outside the lesson, one after another; every call is real and
    /// traced. The instructions name the real port, at once, before the first wait.
    private func serve(listener: Int32, stepID id: String) throws -> StepOutcome {
        let name = try call(.getsockname(fd: listener), stepID: id)
        let host: String, port: UInt16
        switch name.address {
        case .inet(let h, let p)?, .inet6(let h, let p)?: (host, port) = (h, p)
        default: return raised(name)
        }
        let python = """
            python3 -c "import socket; s = socket.create_connection(('\(host)', \(port))); \
            s.sendall(b'hi\\n'); s.shutdown(socket.SHUT_WR); \
            print(b''.join(iter(lambda: s.recv(1024), b'')).decode(), end=''); s.close()"
            """
        let w = Words(language)
        report(.instructions(w(.serveConnectHere, ["nc": "nc \(host) \(port)", "python": python])))
        while true {
            let wait = serveWaitMilliseconds ?? -1
            let ready = try call(.poll(fd: listener, events: .input, timeoutMilliseconds: wait), stepID: id)
            if ready.error != nil { return raised(ready) }
            if ready.returnValue == 0 {
                report(.instructions(w(.serveNobodyCame, ["n": Int(serveWait ?? 0)])))
                return .returned
            }
            let accepted = try call(.accept(fd: listener), stepID: id)
            guard accepted.error == nil else { return raised(accepted) }
            let conn = Int32(accepted.returnValue)
            try call(.send(fd: conn, data: Data(PythonLine.serveGreeting.utf8), flags: []), stepID: id)
            while true {
                let got = try call(.recv(fd: conn, size: 1024, flags: []), stepID: id)
                guard got.error == nil, let data = got.bytes, !data.isEmpty else { break }
                try call(.send(fd: conn, data: Data("echo: ".utf8) + data, flags: []), stepID: id)
            }
            try call(.close(fd: conn), stepID: id)
        }
    }

    private func setNonBlocking(_ fd: Int32, _ on: Bool, stepID: String) throws -> StepOutcome {
        let get = try call(.getFileFlags(fd: fd), stepID: stepID)
        guard get.error == nil else { return raised(get) }
        let flags = Int32(get.returnValue)
        return raised(try call(.setFileFlags(fd: fd, flags: on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK), stepID: stepID))
    }

    /// Under settimeout, Python first waits in poll; nil means "ready, go on".
    func waitForTimeout(_ fd: Int32, _ events: PollEvents, stepID: String) throws -> StepOutcome? {
        guard let t = timeouts[fd] else { return nil }
        let p = try call(.poll(fd: fd, events: events, timeoutMilliseconds: Self.milliseconds(t)), stepID: stepID)
        if p.error != nil { return raised(p) }
        return p.returnValue == 0 ? .timedOut : nil
    }

    /// settimeout's seconds as poll's milliseconds, saturating (never a trap).
    static func milliseconds(_ seconds: Double) -> Int32 {
        guard seconds.isFinite else { return seconds > 0 ? Int32.max : 0 }
        return Int32(min(max(seconds * 1000, 0), Double(Int32.max)))
    }

    /// Where the kernel binds implicitly (listen on an unbound socket listens on 0.0.0.0 or
    /// [::]; sendto on an unbound UDP socket binds 0.0.0.0), the socket must already have a
    /// loopback address: one the lesson's own bind, connect or accept gave it.
    private func requireBoundToLoopback(_ fd: Int32, _ refusal: Message) throws {
        guard !placed.contains(fd) else { return }
        throw ResolvedArguments.Refused(refusal)
    }

    /// The engine's own guard, behind the loader's: lessons talk to this machine only.
    private func requireLocal(_ address: SocketAddress) throws {
        guard address.isLoopback else {
            throw ResolvedArguments.Unresolved(Message(.runNotLoopback, ["address": .text(address.hostAndPort)]))
        }
        if case .unix(let path) = address, !path.hasPrefix(privateDirectory + "/") {
            throw ResolvedArguments.Unresolved(Message(.runOutsidePrivateDirectory, ["path": .text(path)]))
        }
    }
}

/// Session-wide call numbers, dense from 1.
final class CallCounter: Sendable {
    private let value = Atomic<Int>(0)
    func next() -> Int { value.add(1, ordering: .relaxed).newValue }
}
