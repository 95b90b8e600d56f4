import Catalogue
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
        guard let pairs = reader.mapping(node, .lesson(.aStep)) else { return nil }
        let meta = Dictionary(pairs.filter { Self.stepKeys.contains($0.key) }.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        let line = node.mark?.line ?? 0, column = node.mark?.column ?? 0

        guard let idNode = meta["id"], let id = reader.string(idNode, .lesson(.stepID)) else {
            reader.fail(node, .needsKeyAn, ["what": .lesson(.aStep), "key": "id"])
            return nil
        }
        if !NamePattern.id.matches(id) {
            reader.fail(idNode, .idShape, ["what": .lesson(.stepID), "id": .text(Shown.value(id))])
        }
        if !stepIDs.insert(id).inserted { reader.fail(idNode, .idUsedTwice, ["what": .lesson(.stepID), "id": .text(Shown.value(id))]) }

        let step: Message.Value = .lesson(.stepNamed, ["id": .text(Shown.value(id))])
        guard let actorNode = meta["actor"], let actor = reader.string(actorNode, .key("actor")) else {
            reader.fail(node, .needsKeyAn, ["what": step, "key": "actor"])
            return nil
        }
        if !actors.contains(actor) {
            reader.fail(actorNode, .unknownActor, ["actor": .text(Shown.value(actor)), "actors": .list(actors), "hint": .hint(for: actor, in: actors)])
        }
        if let started = workers[actor] {
            reader.fail(actorNode, .actorIsAThread, ["actor": .text(Shown.value(actor)), "step": .text(started)])
        }
        stepActors.insert(actor)
        guard let callNode = meta["call"], let callName = reader.string(callNode, .key("call")) else {
            reader.fail(node, .needsKeyA, ["what": step, "key": "call"])
            return nil
        }
        guard let call = StepCall(rawValue: callName) else {
            reader.fail(callNode, .unknownCall, ["call": .text(Shown.value(callName)), "hint": .hint(for: callName, in: StepCall.names)])
            return nil
        }

        var arguments: [String: StepValue] = [:]
        let parameters = call.parameters
        for pair in pairs where !Self.stepKeys.contains(pair.key) {
            guard let parameter = parameters.first(where: { $0.name == pair.key }) else {
                let known = parameters.map(\.name) + Self.stepKeys
                let takes: Message.Value = parameters.isEmpty ? .lesson(.takesNoArguments) : .lesson(.takesArguments, ["names": .list(parameters.map(\.name))])
                reader.fail(pair.keyNode, .noSuchArgument, ["call": .text(callName), "key": .text(Shown.value(pair.key)), "takes": takes,
                                                            "hint": .hint(for: pair.key, in: known)])
                continue
            }
            if let value = argument(pair.value, parameter, call: call, actor: actor) { arguments[pair.key] = value }
        }
        let nodeOf = { (key: String) in pairs.first(where: { $0.key == key })?.value ?? node }
        checkSocketKind(call, arguments, at: nodeOf)
        if call == .getaddrinfo, case .text(let host)? = arguments["host"], !LoopbackHosts.isAllowed(host) {
            reader.fail(nodeOf("host"), .getaddrinfoHostNotLoopback, ["host": .text(Shown.value(host))])
        }
        if call == .getnameinfo, arguments["numeric"] == .boolean(false), case .address(let a)? = arguments["address"],
           case .inet(let h, _) = a, !LoopbackHosts.hasName(forAddress: h) {
            reader.fail(nodeOf("numeric"), .getnameinfoNeedsName, ["host": .text(h)])
        }
        if call == .gethostbyname, case .text(let host)? = arguments["name"], !LoopbackHosts.isAllowed(host) || LoopbackHosts.isNumericLoopback(host) && host.contains(":") {
            reader.fail(nodeOf("name"), .gethostbynameNotLoopback, ["host": .text(Shown.value(host))])
        }
        if call == .gethostbyaddr, case .text(let host)? = arguments["address"], !LoopbackHosts.hasName(forAddress: host) {
            reader.fail(nodeOf("address"), .gethostbyaddrNotNamed, ["host": .text(Shown.value(host))])
        }
        if call == .bind, case .reference(let ref, nil)? = arguments["address"], fixedPort.contains(ref) {
            reader.fail(nodeOf("address"), .bindFixedPort, ["ref": .text("$" + ref)])
        }
        checkThreads(call, arguments, id: id, actor: actor, at: nodeOf)
        let given = { (key: String) in pairs.contains { $0.key == key } }
        if call == .poll, given("fd") == given("fds") {
            reader.fail(node, given("fd") ? .pollBoth : .pollNeither, ["id": .text(Shown.value(id))])
        }
        for parameter in parameters where arguments[parameter.name] == nil {
            if parameter.isRequired {
                if !pairs.contains(where: { $0.key == parameter.name }) {
                    reader.fail(node, .stepNeedsArgument, ["id": .text(Shown.value(id)), "call": .text(callName), "key": .text(parameter.name)])
                }
            } else if case .some(.some(let value)) = parameter.defaultValue {
                arguments[parameter.name] = value
            }
        }

        // A note is shown as its step starts: it may use only what earlier steps bound.
        let note = meta["note"].flatMap { reader.localized($0, .lesson(.keyOf, ["key": "note", "what": step])) }
        if let note, let noteNode = meta["note"] { checkPlaceholders(note, noteNode, what: .lesson(.theKeyOf, ["key": "note", "what": step])) }

        var name: String?
        if let asNode = meta["as"], let given = reader.string(asNode, .key("as")) {
            if given.range(of: #"\A[A-Za-z_][A-Za-z0-9_]{0,63}\z"#, options: .regularExpression) == nil {
                reader.fail(asNode, .nameNotIdentifier, ["name": .text(Shown.value(given))])
            } else if names[given] != nil {
                reader.fail(asNode, .nameTaken, ["name": .text(given)])
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
            reader.fail(node, .resultNeedsName, ["id": .text(Shown.value(id)), "call": .text(callName)])
        }

        let python = meta["python"].flatMap { reader.string($0, .key("python")) }
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
                    reader.fail(item, .expectChoiceNotOne)
                    return nil
                }
                return expectation(item)
            }
            guard choices.count == items.count else { return nil }
            guard Set(choices).count == choices.count, choices.count >= 2 else {
                reader.fail(node, .expectListTooShort)
                return nil
            }
            return .anyOf(choices)
        }
        guard case .scalar(let scalar) = node else {
            reader.fail(node, .expectShape)
            return nil
        }
        let text = scalar.string
        guard let expect = StepExpectation(text: text) else {
            reader.fail(node, .expectUnknown, ["value": .text(Shown.value(text))])
            return nil
        }
        if case .error(let errnoName) = expect, ErrnoValue.code(named: errnoName) == nil {
            reader.fail(node, .unknownErrno, ["name": .text(Shown.value(errnoName)), "hint": .hint(for: errnoName, in: ErrnoValue.knownNames)])
            return nil
        }
        return expect
    }

    /// Checks one argument against what the call expects.
    func argument(_ node: Node, _ parameter: Parameter, call: StepCall, actor: String) -> StepValue? {
        if parameter.kind == .descriptors { return descriptorList(node, parameter, call: call, actor: actor) }
        if parameter.kind == .data, case .mapping = node { return generatedData(node, call: call) }
        guard case .scalar(let scalar) = node else {
            reader.fail(node, .argumentSingleValue, ["name": .text(parameter.name)])
            return nil
        }
        let text = scalar.string
        if text.hasPrefix("$"), scalar.style == .plain || scalar.style == .any {
            if parameter.kind == .setting {
                reader.fail(node, .settingNotReference, ["name": .text(parameter.name), "call": .text(call.rawValue)])
                return nil
            }
            return reference(text, node, parameter, call: call, actor: actor)
        }
        let what: Message.Value = .lesson(.argumentOf, ["name": .text(parameter.name), "call": .text(call.rawValue)])
        let shown = Message.Value.text(Shown.value(text))
        switch parameter.kind {
        case .descriptor, .descriptors:
            reader.fail(node, .mustNameSocket, ["what": what, "value": shown])
        case .thread:
            reader.fail(node, .mustNameThread, ["what": what, "value": shown])
        case .actor:
            guard actors.contains(text) else {
                reader.fail(node, .notAnActor, ["what": what, "value": shown, "actors": .list(actors), "hint": .hint(for: text, in: actors)])
                return nil
            }
            return .text(text)
        case .bindAddress, .address:
            return address(text, node, parameter, what: what)
        case .data, .text:
            return .text(text)
        case .setting:
            if KernelSetting.allowed.contains(text) { return .text(text) }
            reader.fail(node, .notASetting, ["what": what, "value": shown, "settings": .list(KernelSetting.allowed), "hint": .hint(for: text, in: KernelSetting.allowed)])
        case .integer:
            if let v = node.int {
                if let problem = parameter.outOfRangeProblem(Double(v)) { reader.fail(node, .whatProblem, ["what": .text(call.rawValue), "problem": .message(problem)]); return nil }
                return .integer(v)
            }
            if let v = node.float, parameter.range != nil, let problem = parameter.outOfRangeProblem(v) {
                reader.fail(node, .whatProblem, ["what": .text(call.rawValue), "problem": .message(problem)])
                return nil
            }
            reader.fail(node, .mustBeWholeNumberGot, ["what": what, "value": shown])
        case .number:
            if let v = node.float {
                if let problem = parameter.outOfRangeProblem(v) { reader.fail(node, .whatProblem, ["what": .text(call.rawValue), "problem": .message(problem)]); return nil }
                return .number(v)
            }
            reader.fail(node, .mustBeNumberGot, ["what": what, "value": shown])
        case .boolean:
            if let v = node.bool { return .boolean(v) }
            reader.fail(node, .mustBeTrueOrFalseGot, ["what": what, "value": shown])
        case .family:
            let allowed = call == .getaddrinfo ? SocketVocabulary.lookupFamilyNames : SocketVocabulary.familyNames
            if allowed.contains(text), let v = AddressFamily(name: text) { return .family(v) }
            reader.fail(node, .familyNotAllowed, ["what": what, "value": shown, "allowed": .list(allowed), "hint": .hint(for: text, in: allowed)])
        case .socketType:
            if SocketVocabulary.typeNames.contains(text), let v = SocketType(name: text) { return .socketType(v) }
            reader.fail(node, .typeNotAllowed, ["what": what, "value": shown, "allowed": .list(SocketVocabulary.typeNames),
                                                 "hint": .hint(for: text, in: SocketVocabulary.typeNames)])
        case .how:
            if let v = ShutdownHow(name: text) { return .how(v) }
            reader.fail(node, .unknownShutdownMode, ["value": shown, "hint": .hint(for: text, in: ShutdownHow.names)])
        case .option:
            if let v = SocketOption(rawValue: text) { return .option(v) }
            reader.fail(node, .unknownSocketOption, ["value": shown, "hint": .hint(for: text, in: SocketOption.allCases.map(\.rawValue))])
        case .events:
            var events = PollEvents()
            for part in text.split(separator: "|") {
                guard let e = PollEvents(name: String(part)) else {
                    reader.fail(node, .unknownPollEvent, ["value": .text(Shown.value(String(part)))])
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
                    reader.fail(node, .unknownMessageFlag, ["value": .text(Shown.value(String(part)))])
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
    func address(_ text: String, _ node: Node, _ parameter: Parameter, what: Message.Value) -> StepValue? {
        guard let address = SocketAddress(parsing: text) else {
            reader.fail(node, .notAnAddress, ["what": what, "value": .text(Shown.value(text))])
            return nil
        }
        if case .unix(let path) = address {
            if path.isEmpty || path.contains("/") || path == "." || path == ".." || path.contains("\0") {
                reader.fail(node, .unixNameNotPlain, ["what": what, "path": .text(Shown.value(path))])
                return nil
            }
            if path.utf8.count > Self.maximumUnixName {
                reader.fail(node, .unixNameTooLong, ["what": what, "path": .text(Shown.value(path)), "maximum": .of(Self.maximumUnixName)])
                return nil
            }
            return .address(address)
        }
        guard address.isLoopback else {
            reader.fail(node, .notLoopback, ["what": what, "address": .text(address.hostAndPort)])
            return nil
        }
        if parameter.kind == .bindAddress, address.port != 0 {
            reader.fail(node, .bindToPortZero, ["what": what, "port": .of(address.port ?? 0)])
            return nil
        }
        return .address(address)
    }

    /// `data: {repeat: "x", count: 100000}`: `count` copies of a short text, bounded.
    func generatedData(_ node: Node, call: StepCall) -> StepValue? {
        let what: Message.Value = .lesson(.argumentOf, ["name": "data", "call": .text(call.rawValue)])
        let shape: Message.Value = .lesson(.mappingOf, ["what": what, "keys": .list([.key("repeat"), .key("count")])])
        guard let pairs = reader.mapping(node, shape, allowed: ["repeat", "count"]) else { return nil }
        let part = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let repeatNode = part["repeat"], let text = reader.string(repeatNode, .key("repeat")), let countNode = part["count"] else {
            reader.fail(node, .generatedDataNeeds, ["what": what])
            return nil
        }
        if text.isEmpty || text.utf8.count > 64 {
            reader.fail(repeatNode, .repeatLength, ["what": what])
            return nil
        }
        guard let count = countNode.int, count >= 1 else {
            reader.fail(countNode, .countAtLeastOne, ["what": what])
            return nil
        }
        guard count <= StepCall.maximumGeneratedSize / text.utf8.count else {
            reader.fail(countNode, .generatedTooLarge, ["what": what, "count": .of(count), "bytes": .of(text.utf8.count), "maximum": .of(StepCall.maximumGeneratedSize)])
            return nil
        }
        return .repeated(text, count: count)
    }

    /// A unix socket name's longest: the private directory's path takes the rest of 107 bytes.
    static let maximumUnixName = 48

    /// Every `{$name}` in a text must name a result of an earlier step (it is replaced by
    /// that run's value); `{syn_times $a $b}` needs two whole numbers.
    func checkPlaceholders(_ text: LocalizedText, _ node: Node, what: Message.Value) {
        for language in text.translations.keys.sorted() {
            switch TextTemplate.parse(text.translations[language] ?? "") {
            case .failure(let problem):
                reader.fail(node, .whatProblem, ["what": what, "problem": .message(problem.message)])
            case .success(let pieces):
                for piece in pieces {
                    switch piece {
                    case .text: break
                    case .value(let name, let field):
                        guard let known = names[name] else {
                            fail(node, what, .placeholderUnknown, ["placeholder": .text("{$\(name)}"), "hint": .hint(for: name, in: Array(names.keys))])
                            continue
                        }
                        if let field, known.shape.fields[field] == nil {
                            fail(node, what, .noSuchField, ["ref": .text("$" + name), "field": .text(field)])
                        } else if field == nil, known.shape.value == nil {
                            fail(node, what, .placeholderNoValue, ["ref": .text("$" + name), "fields": .list(known.shape.fields.keys.sorted())])
                        }
                    case .function(let function, let arguments):
                        for argument in arguments {
                            guard let known = names[argument] else {
                                fail(node, what, .functionArgumentUnknown, ["ref": .text("$" + argument), "function": .text("{\(function)}"),
                                                                 "hint": .hint(for: argument, in: Array(names.keys))])
                                continue
                            }
                            if known.shape.value != .integer {
                                fail(node, what, .functionArgumentNotInteger, ["ref": .text("$" + argument), "function": .text("{\(function)}")])
                            }
                        }
                    }
                }
            }
        }
    }

    /// `{what}: {problem}`: a problem in a text, after the name of the text.
    private func fail(_ node: Node, _ what: Message.Value, _ problem: LessonProblem, _ values: [String: Message.Value]) {
        reader.fail(node, .whatProblem, ["what": what, "problem": .lesson(problem, values)])
    }

    func reference(_ text: String, _ node: Node, _ parameter: Parameter, call: StepCall, actor: String) -> StepValue? {
        let body = text.dropFirst()
        let parts = body.split(separator: ".", maxSplits: 1).map(String.init)
        guard let name = parts.first, !name.isEmpty else {
            reader.fail(node, .notAReference, ["text": .text(Shown.value(text))])
            return nil
        }
        let field = parts.count > 1 ? parts[1] : nil
        guard let known = names[name] else {
            reader.fail(node, .unknownReference, ["ref": .text("$" + Shown.value(name)), "hint": .hint(for: name, in: Array(names.keys))])
            return nil
        }
        let kind: ResultKind?
        if let field {
            guard let fieldKind = known.shape.fields[field] else {
                let fields = known.shape.fields.keys.sorted()
                reader.fail(node, fields.isEmpty ? .noSuchField : .noSuchFieldOf, ["ref": .text("$" + name), "field": .text(Shown.value(field)), "fields": .list(fields)])
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
            reader.fail(node, .wrongKind, ["text": .text(Shown.value(text)), "kind": kind.map(\.label) ?? .lesson(.kindNone), "name": .text(parameter.name),
                                            "accepted": .list(accepted.map(\.label), joiner: .orList)])
            return nil
        }
        if kind == .descriptor, known.actor != actor {
            reader.fail(node, .socketOfAnotherActor, ["text": .text(Shown.value(text)), "owner": .text(Shown.value(known.actor)), "actor": .text(Shown.value(actor))])
            return nil
        }
        if kind == .descriptor, attemptOnly.contains(name), call != .close {
            reader.fail(node, .attemptOnlySocket, ["text": .text(Shown.value(text)), "call": .text(call.rawValue)])
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
                reader.fail(nodeOf("worker"), .startThreadItself, ["worker": .text(Shown.value(worker))])
            } else if let earlier = workers[worker] {
                reader.fail(nodeOf("worker"), .startThreadTwice, ["worker": .text(Shown.value(worker)), "step": .text(earlier)])
            } else if stepActors.contains(worker) {
                reader.fail(nodeOf("worker"), .startThreadHasSteps, ["worker": .text(Shown.value(worker))])
            } else {
                workers[worker] = id
            }
        }
        if call == .join_thread, case .reference(let name, _)? = arguments["thread"], !joined.insert(name).inserted {
            reader.fail(nodeOf("thread"), .joinThreadTwice, ["ref": .text("$" + Shown.value(name))])
        }
    }

    /// poll's `fds`: a list of this actor's sockets, each once.
    func descriptorList(_ node: Node, _ parameter: Parameter, call: StepCall, actor: String) -> StepValue? {
        let what: Message.Value = .lesson(.argumentOf, ["name": .text(parameter.name), "call": .text(call.rawValue)])
        guard case .sequence(let sequence) = node, !sequence.isEmpty else {
            reader.fail(node, .socketListNeeded, ["what": what])
            return nil
        }
        if sequence.count > Self.maximumPollSockets {
            reader.fail(node, .socketListTooLong, ["what": what, "count": .of(sequence.count), "maximum": .of(Self.maximumPollSockets)])
            return nil
        }
        let one = Parameter(parameter.name, .descriptor)
        var items: [StepValue] = []
        for item in sequence {
            guard case .scalar(let scalar) = item, scalar.string.hasPrefix("$") else {
                reader.fail(item, .socketListItem, ["what": what])
                return nil
            }
            guard let value = reference(scalar.string, item, one, call: call, actor: actor) else { return nil }
            if items.contains(value) {
                reader.fail(item, .socketListedTwice, ["what": what, "item": .text(Shown.value(scalar.string))])
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
            reader.fail(nodeOf("protocol"), .protocolNotAllowed, ["protocol": .of(proto), "allowed": .list(SocketVocabulary.protocols.map(String.init))])
        }
    }
}
