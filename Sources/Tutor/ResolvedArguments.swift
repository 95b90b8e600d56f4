import Catalogue
import Foundation
import LessonKit
import SocketTrace

/// A step's arguments with every `$reference` replaced by this run's real value.
struct ResolvedArguments {
    let step: LessonStep
    let bindings: SharedBindings
    let privateDirectory: String

    /// A value a step needs is not there. `message` for what a valid lesson can meet (an
    /// earlier step failed); the rest are guards behind the loader's checks, in English.
    struct Unresolved: Error, CustomStringConvertible {
        let message: Message
        var description: String { message.description }
        init(_ message: Message) { self.message = message }
        init(description: String) { self.message = Message(.runGuard, ["text": .text(description)]) }
    }

    /// The engine's own guards refused the step: it is not run.
    /// What the engine will not do for a lesson (it is behind the loader's own checks).
    struct Refused: Error, CustomStringConvertible {
        let message: Message
        var description: String { message.description }
        init(_ message: Message) { self.message = message }
    }

    /// The descriptor's name was closed earlier: Python raises OSError EBADF without a call.
    struct ClosedName: Error {}

    /// `s`, `pair.0`: the binding key of a descriptor argument, for closed-name tracking.
    func referenceKey(_ key: String = "fd") -> String? {
        guard case .reference(let name, let field) = value(key) else { return nil }
        return field.map { "\(name).\($0)" } ?? name
    }

    private func checkRange(_ key: String, _ v: Double) throws {
        if let parameter = step.call.parameters.first(where: { $0.name == key }), let problem = parameter.outOfRangeProblem(v) {
            throw Refused(problem)
        }
    }

    func value(_ key: String) -> StepValue? { step.arguments[key] }

    private func lookup(_ key: String) throws -> Bindings.Value? {
        guard case .reference(let name, let field) = value(key) else { return nil }
        guard let bound = bindings.get(name, field: field) else {
            throw Unresolved(Message(.runNoValue, ["name": .text("$\(name)\(field.map { "." + $0 } ?? "")")]))
        }
        return bound
    }

    func descriptor(_ key: String = "fd") throws -> Int32 {
        if let name = referenceKey(key) {
            if bindings.isClosed(name) { throw ClosedName() }
            if step.call != .close, bindings.isAttemptOnly(name) {
                throw Refused(Message(.runAttemptOnly, ["name": .text("$\(name)")]))
            }
        }
        if case .descriptor(let fd)? = try lookup(key) { return fd }
        throw Unresolved(description: "'\(key)' is not a socket")
    }

    /// A list of sockets (poll's `fds`), each resolved as `descriptor` resolves one.
    func descriptors(_ key: String) throws -> [Int32] {
        guard case .list(let items)? = value(key) else { throw Unresolved(description: "'\(key)' is not a list of sockets") }
        return try items.map { item in
            guard case .reference(let name, let field) = item else { throw Unresolved(description: "'\(key)' lists a value that is not a socket") }
            let shown = field.map { "\(name).\($0)" } ?? name
            if bindings.isClosed(shown) { throw ClosedName() }
            guard case .descriptor(let fd)? = bindings.get(name, field: field) else {
                throw Unresolved(Message(.runNoValue, ["name": .text("$\(shown)")]))
            }
            return fd
        }
    }

    /// The Python expressions for the sockets in a list: `(a, b, conn)`.
    func pythonSockets(_ key: String) -> [String] {
        guard case .list(let items)? = value(key) else { return [] }
        return items.map { item in
            guard case .reference(let name, let field) = item else { return "s" }
            return field.map { "\(name)[\($0)]" } ?? name
        }
    }

    /// The Python expression for the socket in `key`: `conn`, `pair[0]`.
    func pythonSocket(_ key: String = "fd") -> String {
        guard case .reference(let name, let field) = value(key) else { return "s" }
        return field.map { "\(name)[\($0)]" } ?? name
    }

    func address(_ key: String = "address") throws -> SocketAddress {
        if let bound = try lookup(key) {
            if case .address(let a) = bound { return a }
            throw Unresolved(description: "'\(key)' is not an address")
        }
        guard case .address(let literal)? = value(key) else { throw Unresolved(description: "'\(key)' is missing") }
        if case .unix(let name) = literal {
            let path = privateDirectory + "/" + name
            // sun_path holds 107 bytes: a longer path would be cut, and the socket made outside.
            if path.utf8.count > 107 {
                throw Refused(Message(.runUnixPathTooLong, ["path": .text(path), "bytes": .of(path.utf8.count)]))
            }
            return .unix(path: path)
        }
        return literal
    }

    func data(_ key: String = "data") throws -> Data {
        switch try lookup(key) {
        case .data(let d)?: return d
        case .text(let t)?: return Data(t.utf8)
        case nil:
            if case .text(let t)? = value(key) { return Data(t.utf8) }
            if case .repeated(let t, let n)? = value(key) {
                // The loader bounds it; checked again here (the engine's guard behind the loader's).
                guard n >= 1, n <= StepCall.maximumGeneratedSize / max(t.utf8.count, 1) else {
                    throw Refused(Message(.runGeneratedTooLarge, ["count": .of(n), "bytes": .of(t.utf8.count)]))
                }
                return Data(String(repeating: t, count: n).utf8)
            }
            throw Unresolved(description: "'\(key)' is missing")
        default: throw Unresolved(description: "'\(key)' is not bytes")
        }
    }

    func integer(_ key: String) throws -> Int {
        switch try lookup(key) {
        case .integer(let v)?: try checkRange(key, Double(v)); return v
        case nil:
            if case .integer(let v)? = value(key) { try checkRange(key, Double(v)); return v }
            if case .number(let v)? = value(key) { try checkRange(key, v); return Int(v) }
            throw Unresolved(description: "'\(key)' is missing")
        default: throw Unresolved(description: "'\(key)' is not a number")
        }
    }

    func number(_ key: String) -> Double? {
        switch value(key) {
        case .number(let v)?: v
        case .integer(let v)?: Double(v)
        default: nil
        }
    }

    /// `number`, refused when outside the parameter's range (the engine's check behind the loader's).
    func checkedNumber(_ key: String) throws -> Double? {
        let v = number(key)
        if let v { try checkRange(key, v) }
        return v
    }

    func boolean(_ key: String) -> Bool? {
        if case .boolean(let v)? = value(key) { return v }
        return nil
    }

    func text(_ key: String) throws -> String? {
        switch try lookup(key) {
        case .text(let t)?: return t
        case .data(let d)?: return String(decoding: d, as: UTF8.self)
        case nil:
            if case .text(let t)? = value(key) { return t }
            return nil
        default: throw Unresolved(description: "'\(key)' is not text")
        }
    }

    var family: AddressFamily { if case .family(let f)? = value("family") { return f } else { return .inet } }
    var socketType: SocketType? { if case .socketType(let t)? = value("type") { return t } else { return nil } }
    var how: ShutdownHow { if case .how(let h)? = value("how") { return h } else { return .both } }
    var option: SocketOption? { if case .option(let o)? = value("option") { return o } else { return nil } }
    var events: PollEvents { if case .events(let e)? = value("events") { return e } else { return .input } }
    var flags: MessageFlags { if case .flags(let f)? = value("flags") { return f } else { return [] } }
}
