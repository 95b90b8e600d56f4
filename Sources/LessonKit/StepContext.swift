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
        if id.range(of: LessonBuilder.idPattern, options: .regularExpression) == nil {
            reader.fail(idNode, "step id '\(id)' must be lower-case letters, digits and dashes")
        }
        if !stepIDs.insert(id).inserted { reader.fail(idNode, "step id '\(id)' is used twice") }

        guard let actorNode = meta["actor"], let actor = reader.string(actorNode, "actor") else {
            reader.fail(node, "step '\(id)' needs an 'actor'")
            return nil
        }
        if !actors.contains(actor) {
            reader.fail(actorNode, "unknown actor '\(actor)' (this lesson's actors: \(actors.joined(separator: ", ")))\(Suggestion.hint(for: actor, in: actors))")
        }
        guard let callNode = meta["call"], let callName = reader.string(callNode, "call") else {
            reader.fail(node, "step '\(id)' needs a 'call'")
            return nil
        }
        guard let call = StepCall(rawValue: callName) else {
            reader.fail(callNode, "unknown call '\(callName)'\(Suggestion.hint(for: callName, in: StepCall.names))")
            return nil
        }

        var arguments: [String: StepValue] = [:]
        let parameters = call.parameters
        for pair in pairs where !Self.stepKeys.contains(pair.key) {
            guard let parameter = parameters.first(where: { $0.name == pair.key }) else {
                let known = parameters.map(\.name) + Self.stepKeys
                let list = parameters.isEmpty ? "it takes none" : "it takes \(parameters.map(\.name).joined(separator: ", "))"
                reader.fail(pair.keyNode, "'\(callName)' has no argument '\(pair.key)' (\(list))\(Suggestion.hint(for: pair.key, in: known))")
                continue
            }
            if let value = argument(pair.value, parameter, call: call, actor: actor) { arguments[pair.key] = value }
        }
        for parameter in parameters where arguments[parameter.name] == nil {
            if parameter.isRequired {
                if !pairs.contains(where: { $0.key == parameter.name }) {
                    reader.fail(node, "step '\(id)': '\(callName)' needs '\(parameter.name)'")
                }
            } else if case .some(.some(let value)) = parameter.defaultValue {
                arguments[parameter.name] = value
            }
        }

        // A note is shown as its step starts: it may use only what earlier steps bound.
        let note = meta["note"].flatMap { reader.localized($0, "note of step '\(id)'") }
        if let note, let noteNode = meta["note"] { checkPlaceholders(note, noteNode, what: "the note of step '\(id)'") }

        var name: String?
        if let asNode = meta["as"], let given = reader.string(asNode, "as") {
            if given.range(of: #"^[A-Za-z_][A-Za-z0-9_]*$"#, options: .regularExpression) == nil {
                reader.fail(asNode, "name '\(given)' must be a Python-style identifier (letters, digits, _)")
            } else if names[given] != nil {
                reader.fail(asNode, "name '\(given)' is already given to an earlier result")
            } else {
                names[given] = (call.result, actor)
                name = given
            }
        } else if call.needsName {
            reader.fail(node, "step '\(id)': give the result of '\(callName)' a name with 'as:' so later steps can use it")
        }

        let python = meta["python"].flatMap { reader.string($0, "python") }
        var expect: StepExpectation?
        if let expectNode = meta["expect"], let text = reader.string(expectNode, "expect") {
            expect = StepExpectation(text: text)
            if expect == nil {
                reader.fail(expectNode, "expect '\(text)' must be ok, blocks, eof, timeout or an errno name like ECONNREFUSED")
            } else if case .error(let errnoName) = expect!, ErrnoValue.code(named: errnoName) == nil {
                reader.fail(expectNode, "unknown errno name '\(errnoName)'\(Suggestion.hint(for: errnoName, in: ErrnoValue.knownNames))")
            }
        }
        return LessonStep(id: id, actor: actor, call: call, arguments: arguments, name: name, note: note,
                          python: python, expect: expect, line: line, column: column)
    }

    /// Checks one argument against what the call expects.
    func argument(_ node: Node, _ parameter: Parameter, call: StepCall, actor: String) -> StepValue? {
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
            return reference(text, node, parameter, actor: actor)
        }
        let what = "'\(parameter.name)' of \(call.rawValue)"
        switch parameter.kind {
        case .descriptor:
            reader.fail(node, "\(what) must name a socket made earlier, like $s (got '\(text)')")
        case .bindAddress, .address:
            return address(text, node, parameter, what: what)
        case .data, .text:
            return .text(text)
        case .setting:
            if KernelSetting.allowed.contains(text) { return .text(text) }
            reader.fail(node, "\(what): '\(text)' is not a setting a lesson may read (these are: \(KernelSetting.allowed.joined(separator: ", ")))\(Suggestion.hint(for: text, in: KernelSetting.allowed))")
        case .integer:
            if let v = node.int { return .integer(v) }
            reader.fail(node, "\(what) must be a whole number (got '\(text)')")
        case .number:
            if let v = node.float { return .number(v) }
            reader.fail(node, "\(what) must be a number (got '\(text)')")
        case .boolean:
            if let v = node.bool { return .boolean(v) }
            reader.fail(node, "\(what) must be true or false (got '\(text)')")
        case .family:
            if let v = AddressFamily(name: text) { return .family(v) }
            if let n = Int32(text) { return .family(AddressFamily(value: n)) }
            reader.fail(node, "unknown address family '\(text)'\(Suggestion.hint(for: text, in: AddressFamily.names))")
        case .socketType:
            if let v = SocketType(name: text) { return .socketType(v) }
            reader.fail(node, "unknown socket type '\(text)'\(Suggestion.hint(for: text, in: SocketType.names))")
        case .how:
            if let v = ShutdownHow(name: text) { return .how(v) }
            reader.fail(node, "unknown shutdown mode '\(text)'\(Suggestion.hint(for: text, in: ShutdownHow.names))")
        case .option:
            if let v = SocketOption(rawValue: text) { return .option(v) }
            reader.fail(node, "unknown socket option '\(text)'\(Suggestion.hint(for: text, in: SocketOption.allCases.map(\.rawValue)))")
        case .events:
            var events = PollEvents()
            for part in text.split(separator: "|") {
                guard let e = PollEvents(name: String(part)) else {
                    reader.fail(node, "unknown poll event '\(part)' (POLLIN, POLLOUT …)")
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
                    reader.fail(node, "unknown message flag '\(part)' (MSG_PEEK, MSG_DONTWAIT, MSG_WAITALL)")
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
            reader.fail(node, "\(what): '\(text)' is not an address like 127.0.0.1:0, [::1]:0 or unix:NAME (host names are not allowed: looking them up opens sockets of its own)")
            return nil
        }
        if case .unix(let path) = address {
            if path.isEmpty || path.contains("/") || path == "." || path == ".." {
                reader.fail(node, "\(what): unix:\(path) must be a plain file name; it is made inside the lesson's private directory")
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

    func reference(_ text: String, _ node: Node, _ parameter: Parameter, actor: String) -> StepValue? {
        let body = text.dropFirst()
        let parts = body.split(separator: ".", maxSplits: 1).map(String.init)
        guard let name = parts.first, !name.isEmpty else {
            reader.fail(node, "'\(text)' is not a reference: write $name or $name.field")
            return nil
        }
        let field = parts.count > 1 ? parts[1] : nil
        guard let known = names[name] else {
            reader.fail(node, "'$\(name)' does not name an earlier result\(Suggestion.hint(for: name, in: Array(names.keys)))")
            return nil
        }
        let kind: ResultKind?
        if let field {
            guard let fieldKind = known.shape.fields[field] else {
                let fields = known.shape.fields.keys.sorted()
                reader.fail(node, "'$\(name)' has no field '\(field)'" + (fields.isEmpty ? "" : " (it has \(fields.joined(separator: ", ")))"))
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
        default: []
        }
        guard let kind, accepted.contains(kind) else {
            reader.fail(node, "'\(text)' is \(kind.map { "a \($0.rawValue)" } ?? "not a value"), but '\(parameter.name)' needs \(accepted.map { "a \($0.rawValue)" }.joined(separator: " or "))")
            return nil
        }
        if kind == .descriptor, known.actor != actor {
            reader.fail(node, "'\(text)' is a socket of \(known.actor); \(actor) cannot use it (each actor stands for a separate program)")
            return nil
        }
        return .reference(name: name, field: field)
    }
}
