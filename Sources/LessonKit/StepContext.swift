import Foundation
import SocketTrace
import Yams

/// Reads steps in order, remembering the names earlier steps gave their results so that
/// every `$reference` can be checked where it is written.
struct StepContext {
    let reader: YAMLReader
    let actors: [String]
    private var names: [String: (shape: ResultShape, actor: String)] = [:]
    private var stepIDs: Set<String> = []
    /// Sockets a lesson may only try to make and then close (SOCK_RAW, AF_IPX …).
    private var attemptOnly: Set<String> = []
    /// getaddrinfo results whose service names a fixed port: never to be bound.
    private var fixedPort: Set<String> = []
    /// Actors that have steps, and the threads start_thread made (actor → its step id):
    /// a thread's actor runs the handler and has no steps of its own.
    private var stepActors: Set<String> = []
    private var workers: [String: String] = [:]
    private var joined: Set<String> = []

    static let stepKeys = ["id", "actor", "call", "as", "note", "python", "expect"]

    init(reader: YAMLReader, actors: [String]) {
        self.reader = reader
        self.actors = actors
    }

    mutating func step(_ node: Node) -> LessonStep? {
        guard let pairs = reader.mapping(node, "a step") else { return nil }
        let meta = Dictionary(pairs.filter { Self.stepKeys.contains($0.key) }.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        let line = node.mark?.line ?? 0, column = node.mark?.column ?? 0

        guard let idNode = meta["id"], let id = reader.string(idNode, "step id") else {
            reader.fail(node, "a step needs an 'id'")
            return nil
        }
        if !NamePattern.id.matches(id) {
            reader.fail(idNode, "step id '\(Shown.value(id))' must be lower-case letters, digits and dashes")
        }
        if !stepIDs.insert(id).inserted { reader.fail(idNode, "step id '\(Shown.value(id))' is used twice") }

        guard let actorNode = meta["actor"], let actor = reader.string(actorNode, "actor") else {
            reader.fail(node, "step '\(Shown.value(id))' needs an 'actor'")
            return nil
        }
        if !actors.contains(actor) {
            reader.fail(actorNode, "unknown actor '\(Shown.value(actor))' (this lesson's actors: \(actors.joined(separator: ", ")))\(Suggestion.hint(for: actor, in: actors))")
        }
        if let started = workers[actor] {
            reader.fail(actorNode, "'\(Shown.value(actor))' is the thread that step '\(started)' started: it runs the connection's handler and takes no steps of its own")
        }
        stepActors.insert(actor)
        guard let callNode = meta["call"], let callName = reader.string(callNode, "call") else {
            reader.fail(node, "step '\(Shown.value(id))' needs a 'call'")
            return nil
        }
        guard let call = StepCall(rawValue: callName) else {
            reader.fail(callNode, "unknown call '\(Shown.value(callName))'\(Suggestion.hint(for: callName, in: StepCall.names))")
            return nil
        }

        var arguments: [String: StepValue] = [:]
        let parameters = call.parameters
        for pair in pairs where !Self.stepKeys.contains(pair.key) {
            guard let parameter = parameters.first(where: { $0.name == pair.key }) else {
                let known = parameters.map(\.name) + Self.stepKeys
                let list = parameters.isEmpty ? "it takes none" : "it takes \(parameters.map(\.name).joined(separator: ", "))"
                reader.fail(pair.keyNode, "'\(callName)' has no argument '\(Shown.value(pair.key))' (\(list))\(Suggestion.hint(for: pair.key, in: known))")
                continue
            }
            if let value = argument(pair.value, parameter, call: call, actor: actor) { arguments[pair.key] = value }
        }
        let nodeOf = { (key: String) in pairs.first(where: { $0.key == key })?.value ?? node }
        checkSocketKind(call, arguments, at: nodeOf)
        if call == .getaddrinfo, case .text(let host)? = arguments["host"], !LoopbackHosts.isAllowed(host) {
            reader.fail(nodeOf("host"), "getaddrinfo host '\(Shown.value(host))' is neither numeric loopback (127.0.0.1, ::1) nor a name /etc/hosts gives only loopback addresses (like localhost): looking it up would ask a name server off this machine")
        }
        if call == .getnameinfo, arguments["numeric"] == .boolean(false), case .address(let a)? = arguments["address"],
           case .inet(let h, _) = a, !LoopbackHosts.hasName(forAddress: h) {
            reader.fail(nodeOf("numeric"), "getnameinfo of \(h) with numeric: false would ask a name server off this machine (/etc/hosts has no name for it)")
        }
        if call == .gethostbyname, case .text(let host)? = arguments["name"], !LoopbackHosts.isAllowed(host) || LoopbackHosts.isNumericLoopback(host) && host.contains(":") {
            reader.fail(nodeOf("name"), "gethostbyname name '\(Shown.value(host))' is neither numeric IPv4 loopback nor a name /etc/hosts gives only loopback addresses (like localhost): looking it up would ask a name server off this machine")
        }
        if call == .gethostbyaddr, case .text(let host)? = arguments["address"], !LoopbackHosts.hasName(forAddress: host) {
            reader.fail(nodeOf("address"), "gethostbyaddr of '\(Shown.value(host))': only a loopback address /etc/hosts names (like 127.0.0.1) may be looked up; any other would ask a name server off this machine")
        }
        if call == .bind, case .reference(let ref, nil)? = arguments["address"], fixedPort.contains(ref) {
            reader.fail(nodeOf("address"), "'$\(ref)' comes from getaddrinfo with a fixed port: lessons bind to port 0 and let the kernel choose")
        }
        checkThreads(call, arguments, id: id, actor: actor, at: nodeOf)
        let given = { (key: String) in pairs.contains { $0.key == key } }
        if call == .poll, given("fd") == given("fds") {
            reader.fail(node, "step '\(Shown.value(id))': poll takes either 'fd' (one socket) or 'fds' (a list of sockets), not \(given("fd") ? "both" : "neither")")
        }
        for parameter in parameters where arguments[parameter.name] == nil {
            if parameter.isRequired {
                if !pairs.contains(where: { $0.key == parameter.name }) {
                    reader.fail(node, "step '\(Shown.value(id))': '\(callName)' needs '\(parameter.name)'")
                }
            } else if case .some(.some(let value)) = parameter.defaultValue {
                arguments[parameter.name] = value
            }
        }

        // A note is shown as its step starts: it may use only what earlier steps bound.
        let note = meta["note"].flatMap { reader.localized($0, "note of step '\(Shown.value(id))'") }
        if let note, let noteNode = meta["note"] { checkPlaceholders(note, noteNode, what: "the note of step '\(Shown.value(id))'") }

        var name: String?
        if let asNode = meta["as"], let given = reader.string(asNode, "as") {
            if given.range(of: #"\A[A-Za-z_][A-Za-z0-9_]{0,63}\z"#, options: .regularExpression) == nil {
                reader.fail(asNode, "name '\(Shown.value(given))' must be a Python-style identifier (letters, digits, _; at most 64)")
            } else if names[given] != nil {
                reader.fail(asNode, "name '\(given)' is already given to an earlier result")
            } else {
                names[given] = (call.result, actor)
                name = given
                if call == .socket, SocketVocabulary.isAttemptOnly(family: familyArgument(arguments), type: typeArgument(arguments), protocol: protocolArgument(arguments)) {
                    attemptOnly.insert(given)
                }
                if call == .getaddrinfo, case .text(let service)? = arguments["service"], Int(service) != 0 {
                    fixedPort.insert(given)
                }
            }
        } else if call.needsName {
            reader.fail(node, "step '\(Shown.value(id))': give the result of '\(callName)' a name with 'as:' so later steps can use it")
        }

        let python = meta["python"].flatMap { reader.string($0, "python") }
        let expect = meta["expect"].flatMap(expectation)
        return LessonStep(id: id, actor: actor, call: call, arguments: arguments, name: name, note: note,
                          python: python, expect: expect, line: line, column: column)
    }

    /// `expect: EPERM`, or a list of two or more (`expect: [ok, EPERM]`) when the result
    /// depends on the machine; nil (and an error) when any part is not one.
    func expectation(_ node: Node) -> StepExpectation? {
        if case .sequence(let items) = node {
            let choices = items.compactMap { item -> StepExpectation? in
                guard case .scalar = item else {
                    reader.fail(item, "each choice in an expect list must be one of ok, blocks, eof, timeout or an errno name")
                    return nil
                }
                return expectation(item)
            }
            guard choices.count == items.count else { return nil }
            guard Set(choices).count == choices.count, choices.count >= 2 else {
                reader.fail(node, "an expect list names two or more different outcomes (like [ok, EPERM]); for one, write it alone")
                return nil
            }
            return .anyOf(choices)
        }
        guard case .scalar(let scalar) = node else {
            reader.fail(node, "expect must be one outcome or a list of them, like EPERM or [ok, EPERM]")
            return nil
        }
        let text = scalar.string
        guard let expect = StepExpectation(text: text) else {
            reader.fail(node, "expect '\(Shown.value(text))' must be ok, blocks, eof, timeout or an errno name like ECONNREFUSED, or a list of them like [ok, EPERM]")
            return nil
        }
        if case .error(let errnoName) = expect, ErrnoValue.code(named: errnoName) == nil {
            reader.fail(node, "unknown errno name '\(Shown.value(errnoName))'\(Suggestion.hint(for: errnoName, in: ErrnoValue.knownNames))")
            return nil
        }
        return expect
    }

    /// Checks one argument against what the call expects.
    func argument(_ node: Node, _ parameter: Parameter, call: StepCall, actor: String) -> StepValue? {
        if parameter.kind == .descriptors { return descriptorList(node, parameter, call: call, actor: actor) }
        if parameter.kind == .data, case .mapping = node { return generatedData(node, call: call) }
        guard case .scalar(let scalar) = node else {
            reader.fail(node, "'\(parameter.name)' must be a single value")
            return nil
        }
        let text = scalar.string
        if text.hasPrefix("$"), scalar.style == .plain || scalar.style == .any {
            if parameter.kind == .setting {
                reader.fail(node, "'\(parameter.name)' of \(call.rawValue) must be a setting's name, like net.ipv4.tcp_syn_retries, not a reference")
                return nil
            }
            return reference(text, node, parameter, call: call, actor: actor)
        }
        let what = "'\(parameter.name)' of \(call.rawValue)"
        let shown = Shown.value(text)
        switch parameter.kind {
        case .descriptor, .descriptors:
            reader.fail(node, "\(what) must name a socket made earlier, like $s (got '\(shown)')")
        case .thread:
            reader.fail(node, "\(what) must name a thread start_thread made earlier, like $t1 (got '\(shown)')")
        case .actor:
            guard actors.contains(text) else {
                reader.fail(node, "\(what): '\(shown)' is not an actor of this lesson (\(actors.joined(separator: ", ")))\(Suggestion.hint(for: text, in: actors))")
                return nil
            }
            return .text(text)
        case .bindAddress, .address:
            return address(text, node, parameter, what: what)
        case .data, .text:
            return .text(text)
        case .setting:
            if KernelSetting.allowed.contains(text) { return .text(text) }
            reader.fail(node, "\(what): '\(Shown.value(text))' is not a setting a lesson may read (these are: \(KernelSetting.allowed.joined(separator: ", ")))\(Suggestion.hint(for: text, in: KernelSetting.allowed))")
        case .integer:
            if let v = node.int {
                if let problem = parameter.outOfRange(Double(v)) { reader.fail(node, "\(call.rawValue): \(problem)"); return nil }
                return .integer(v)
            }
            if let v = node.float, parameter.range != nil, let problem = parameter.outOfRange(v) {
                reader.fail(node, "\(call.rawValue): \(problem)")
                return nil
            }
            reader.fail(node, "\(what) must be a whole number (got '\(shown)')")
        case .number:
            if let v = node.float {
                if let problem = parameter.outOfRange(v) { reader.fail(node, "\(call.rawValue): \(problem)"); return nil }
                return .number(v)
            }
            reader.fail(node, "\(what) must be a number (got '\(shown)')")
        case .boolean:
            if let v = node.bool { return .boolean(v) }
            reader.fail(node, "\(what) must be true or false (got '\(shown)')")
        case .family:
            let allowed = call == .getaddrinfo ? SocketVocabulary.lookupFamilyNames : SocketVocabulary.familyNames
            if allowed.contains(text), let v = AddressFamily(name: text) { return .family(v) }
            reader.fail(node, "\(what): address family '\(shown)' is not one a lesson may use (\(allowed.joined(separator: ", ")))\(Suggestion.hint(for: text, in: allowed))")
        case .socketType:
            if SocketVocabulary.typeNames.contains(text), let v = SocketType(name: text) { return .socketType(v) }
            reader.fail(node, "\(what): socket type '\(shown)' is not one a lesson may use (\(SocketVocabulary.typeNames.joined(separator: ", ")))\(Suggestion.hint(for: text, in: SocketVocabulary.typeNames))")
        case .how:
            if let v = ShutdownHow(name: text) { return .how(v) }
            reader.fail(node, "unknown shutdown mode '\(shown)'\(Suggestion.hint(for: text, in: ShutdownHow.names))")
        case .option:
            if let v = SocketOption(rawValue: text) { return .option(v) }
            reader.fail(node, "unknown socket option '\(shown)'\(Suggestion.hint(for: text, in: SocketOption.allCases.map(\.rawValue)))")
        case .events:
            var events = PollEvents()
            for part in text.split(separator: "|") {
                guard let e = PollEvents(name: String(part)) else {
                    reader.fail(node, "unknown poll event '\(Shown.value(String(part)))' (POLLIN, POLLOUT …)")
                    return nil
                }
                events.insert(e)
            }
            return .events(events)
        case .flags:
            if text == "0" { return .flags([]) }
            var flags = MessageFlags()
            for part in text.split(separator: "|") {
                guard let f = MessageFlags(name: String(part)) else {
                    reader.fail(node, "unknown message flag '\(Shown.value(String(part)))' (MSG_PEEK, MSG_DONTWAIT, MSG_WAITALL)")
                    return nil
                }
                flags.insert(f)
            }
            return .flags(flags)
        }
        return nil
    }

    /// Literal addresses: numeric loopback only, and binding only ever to port 0, so that
    /// a lesson never listens beyond this machine nor collides with another run.
    func address(_ text: String, _ node: Node, _ parameter: Parameter, what: String) -> StepValue? {
        guard let address = SocketAddress(parsing: text) else {
            reader.fail(node, "\(what): '\(Shown.value(text))' is not an address like 127.0.0.1:0, [::1]:0 or unix:NAME (host names are not allowed: looking them up opens sockets of its own)")
            return nil
        }
        if case .unix(let path) = address {
            if path.isEmpty || path.contains("/") || path == "." || path == ".." || path.contains("\0") {
                reader.fail(node, "\(what): unix:\(Shown.value(path)) must be a plain file name; it is made inside the lesson's private directory")
                return nil
            }
            if path.utf8.count > Self.maximumUnixName {
                reader.fail(node, "\(what): unix:\(Shown.value(path)) is longer than \(Self.maximumUnixName) bytes (a socket path holds at most 107, the private directory included)")
                return nil
            }
            return .address(address)
        }
        guard address.isLoopback else {
            reader.fail(node, "\(what): \(address.hostAndPort) is not a loopback address; lessons stay on 127.0.0.1 or ::1")
            return nil
        }
        if parameter.kind == .bindAddress, address.port != 0 {
            reader.fail(node, "\(what): lessons bind to port 0 and let the kernel choose (got port \(address.port ?? 0))")
            return nil
        }
        return .address(address)
    }

    /// `data: {repeat: "x", count: 100000}`: `count` copies of a short text, bounded.
    func generatedData(_ node: Node, call: StepCall) -> StepValue? {
        let what = "'data' of \(call.rawValue)"
        guard let pairs = reader.mapping(node, what + " (a mapping: repeat, count)", allowed: ["repeat", "count"]) else { return nil }
        let part = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let repeatNode = part["repeat"], let text = reader.string(repeatNode, "repeat"), let countNode = part["count"] else {
            reader.fail(node, "\(what): generated data needs 'repeat' (the text) and 'count' (how many times)")
            return nil
        }
        if text.isEmpty || text.utf8.count > 64 {
            reader.fail(repeatNode, "\(what): 'repeat' must be 1 to 64 bytes of text")
            return nil
        }
        guard let count = countNode.int, count >= 1 else {
            reader.fail(countNode, "\(what): 'count' must be a whole number, at least 1")
            return nil
        }
        guard count <= StepCall.maximumGeneratedSize / text.utf8.count else {
            reader.fail(countNode, "\(what): \(count) × \(text.utf8.count) bytes is more than \(StepCall.maximumGeneratedSize) (256 KiB), the most a step may generate")
            return nil
        }
        return .repeated(text, count: count)
    }

    /// A unix socket name's longest: the private directory's path takes the rest of 107 bytes.
    static let maximumUnixName = 48

    /// Every `{$name}` in a text must name a result of an earlier step (it is replaced by
    /// that run's value); `{syn_times $a $b}` needs two whole numbers.
    func checkPlaceholders(_ text: LocalizedText, _ node: Node, what: String) {
        for language in text.translations.keys.sorted() {
            switch TextTemplate.parse(text.translations[language] ?? "") {
            case .failure(let problem):
                reader.fail(node, "\(what): \(problem.message)")
            case .success(let pieces):
                for piece in pieces {
                    switch piece {
                    case .text: break
                    case .value(let name, let field):
                        guard let known = names[name] else {
                            reader.fail(node, "\(what): '{$\(name)}' does not name a result of an earlier step\(Suggestion.hint(for: name, in: Array(names.keys)))")
                            continue
                        }
                        if let field, known.shape.fields[field] == nil {
                            reader.fail(node, "\(what): '$\(name)' has no field '\(field)'")
                        } else if field == nil, known.shape.value == nil {
                            reader.fail(node, "\(what): '$\(name)' has no value of its own (it has \(known.shape.fields.keys.sorted().joined(separator: ", ")))")
                        }
                    case .function(let function, let arguments):
                        for argument in arguments {
                            guard let known = names[argument] else {
                                reader.fail(node, "\(what): '$\(argument)' in {\(function)} does not name a result of an earlier step\(Suggestion.hint(for: argument, in: Array(names.keys)))")
                                continue
                            }
                            if known.shape.value != .integer {
                                reader.fail(node, "\(what): '$\(argument)' in {\(function)} must be a whole number, like a sysctl step's result")
                            }
                        }
                    }
                }
            }
        }
    }

    func reference(_ text: String, _ node: Node, _ parameter: Parameter, call: StepCall, actor: String) -> StepValue? {
        let body = text.dropFirst()
        let parts = body.split(separator: ".", maxSplits: 1).map(String.init)
        guard let name = parts.first, !name.isEmpty else {
            reader.fail(node, "'\(Shown.value(text))' is not a reference: write $name or $name.field")
            return nil
        }
        let field = parts.count > 1 ? parts[1] : nil
        guard let known = names[name] else {
            reader.fail(node, "'$\(Shown.value(name))' does not name an earlier result\(Suggestion.hint(for: name, in: Array(names.keys)))")
            return nil
        }
        let kind: ResultKind?
        if let field {
            guard let fieldKind = known.shape.fields[field] else {
                let fields = known.shape.fields.keys.sorted()
                reader.fail(node, "'$\(name)' has no field '\(Shown.value(field))'" + (fields.isEmpty ? "" : " (it has \(fields.joined(separator: ", ")))"))
                return nil
            }
            kind = fieldKind
        } else {
            kind = known.shape.value
        }
        let accepted: [ResultKind] = switch parameter.kind {
        case .descriptor: [.descriptor]
        case .address, .bindAddress: [.address]
        case .data: [.data, .text]
        case .integer, .number: [.integer]
        case .text: [.text, .data]
        case .thread: [.thread]
        default: []
        }
        guard let kind, accepted.contains(kind) else {
            reader.fail(node, "'\(Shown.value(text))' is \(kind.map { "a \($0.rawValue)" } ?? "not a value"), but '\(parameter.name)' needs \(accepted.map { "a \($0.rawValue)" }.joined(separator: " or "))")
            return nil
        }
        if kind == .descriptor, known.actor != actor {
            reader.fail(node, "'\(Shown.value(text))' is a socket of \(Shown.value(known.actor)); \(Shown.value(actor)) cannot use it (each actor stands for a separate program)")
            return nil
        }
        if kind == .descriptor, attemptOnly.contains(name), call != .close {
            reader.fail(node, "'\(Shown.value(text))' is a socket a lesson may only try to make and then close (SOCK_RAW, AF_IPX or a protocol other than TCP/UDP); \(call.rawValue) on it is not allowed")
            return nil
        }
        return .reference(name: name, field: field)
    }
}

extension StepContext {
    /// A thread is started once, for an actor with no steps, by another actor; joined once.
    mutating func checkThreads(_ call: StepCall, _ arguments: [String: StepValue], id: String, actor: String, at nodeOf: (String) -> Node) {
        if call == .start_thread, case .text(let worker)? = arguments["worker"] {
            if worker == actor {
                reader.fail(nodeOf("worker"), "start_thread: '\(Shown.value(worker))' cannot start itself; name an actor with no steps")
            } else if let earlier = workers[worker] {
                reader.fail(nodeOf("worker"), "start_thread: '\(Shown.value(worker))' was already started by step '\(earlier)' (one thread per actor)")
            } else if stepActors.contains(worker) {
                reader.fail(nodeOf("worker"), "start_thread: '\(Shown.value(worker))' has steps of its own; the new thread must be an actor with none (it runs the handler)")
            } else {
                workers[worker] = id
            }
        }
        if call == .join_thread, case .reference(let name, _)? = arguments["thread"], !joined.insert(name).inserted {
            reader.fail(nodeOf("thread"), "join_thread: '$\(Shown.value(name))' is joined twice (a thread can be joined once)")
        }
    }

    /// poll's `fds`: a list of this actor's sockets, each once.
    func descriptorList(_ node: Node, _ parameter: Parameter, call: StepCall, actor: String) -> StepValue? {
        guard case .sequence(let sequence) = node, !sequence.isEmpty else {
            reader.fail(node, "'\(parameter.name)' of \(call.rawValue) must be a list of sockets made earlier, like [$a, $b]")
            return nil
        }
        if sequence.count > Self.maximumPollSockets {
            reader.fail(node, "'\(parameter.name)' of \(call.rawValue) lists \(sequence.count) sockets; at most \(Self.maximumPollSockets)")
            return nil
        }
        let one = Parameter(parameter.name, .descriptor)
        var items: [StepValue] = []
        for item in sequence {
            guard case .scalar(let scalar) = item, scalar.string.hasPrefix("$") else {
                reader.fail(item, "'\(parameter.name)' of \(call.rawValue) must list sockets made earlier, like $s")
                return nil
            }
            guard let value = reference(scalar.string, item, one, call: call, actor: actor) else { return nil }
            if items.contains(value) {
                reader.fail(item, "'\(parameter.name)' of \(call.rawValue) lists \(Shown.value(scalar.string)) twice")
                return nil
            }
            items.append(value)
        }
        return .list(items)
    }

    static let maximumPollSockets = 16

    func familyArgument(_ arguments: [String: StepValue]) -> AddressFamily {
        if case .family(let f)? = arguments["family"] { return f }
        return .inet
    }

    func typeArgument(_ arguments: [String: StepValue]) -> SocketType {
        if case .socketType(let t)? = arguments["type"] { return t }
        return .stream
    }

    func protocolArgument(_ arguments: [String: StepValue]) -> Int {
        if case .integer(let p)? = arguments["protocol"] { return p }
        return 0
    }

    /// socket's family, type and protocol must be on the closed list.
    func checkSocketKind(_ call: StepCall, _ arguments: [String: StepValue], at nodeOf: (String) -> Node) {
        guard call == .socket else { return }
        let proto = protocolArgument(arguments)
        if !SocketVocabulary.protocols.contains(proto) {
            reader.fail(nodeOf("protocol"), "socket: protocol \(proto) is not one a lesson may use (\(SocketVocabulary.protocols.map(String.init).joined(separator: ", ")))")
        }
    }
}
