import Catalogue
import Foundation

/// Reading the fields of one JSON object, each with the error message a reader of a damaged
/// recording needs: which field, what was expected, what was found. Unknown fields are
/// never looked at, so a newer minor version's additions are skipped.
struct JSONFields {
    struct Failure: Error, CustomStringConvertible {
        var problem: Message
        init(_ problem: RecordingProblem, _ values: [String: Message.Value]) { self.problem = Message(problem, values) }
        var description: String { problem.description }
    }

    let value: JSONValue
    /// Where these fields sit, for messages: "call_finished", "call_finished.result".
    let context: String

    init(_ value: JSONValue, context: String) throws(Failure) {
        guard case .object = value else { throw Failure(.notAnObject, ["context": .text(context), "found": .message(value.kind)]) }
        self.value = value
        self.context = context
    }

    func has(_ key: String) -> Bool {
        if let v = value[key], v != .null { return true }
        return false
    }

    private func missing(_ key: String, _ expected: RecordingProblem) -> Failure {
        if let found = value[key] {
            return Failure(.fieldWrongType, ["context": .text(context), "key": .text(key), "expected": .message(Message(expected)),
                                             "found": .message(found.kind)])
        }
        return Failure(.fieldMissing, ["context": .text(context), "key": .text(key), "expected": .message(Message(expected))])
    }

    func int(_ key: String) throws(Failure) -> Int64 {
        guard case .int(let i)? = value[key] else { throw missing(key, .typeInteger) }
        return i
    }

    func int<T: FixedWidthInteger>(_ key: String, as type: T.Type) throws(Failure) -> T {
        let i = try int(key)
        guard let v = T(exactly: i) else { throw Failure(.fieldOutOfRange, ["context": .text(context), "key": .text(key), "value": .of(i)]) }
        return v
    }

    func optionalInt<T: FixedWidthInteger>(_ key: String, as type: T.Type) throws(Failure) -> T? {
        has(key) ? try int(key, as: type) : nil
    }

    func number(_ key: String) throws(Failure) -> Double {
        switch value[key] {
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        default: throw missing(key, .typeNumber)
        }
    }

    func bool(_ key: String) throws(Failure) -> Bool {
        guard case .bool(let b)? = value[key] else { throw missing(key, .typeBool) }
        return b
    }

    func string(_ key: String) throws(Failure) -> String {
        guard case .string(let s)? = value[key] else { throw missing(key, .typeString) }
        return s
    }

    func optionalString(_ key: String) throws(Failure) -> String? {
        has(key) ? try string(key) : nil
    }

    func strings(_ key: String) throws(Failure) -> [String] {
        guard case .array(let items)? = value[key] else { throw missing(key, .typeStrings) }
        var out: [String] = []
        for item in items {
            guard case .string(let s) = item else { throw missing(key, .typeStrings) }
            out.append(s)
        }
        return out
    }

    /// Bytes, written as base64.
    func data(_ key: String) throws(Failure) -> Data {
        guard let data = Data(base64Encoded: try string(key)) else { throw Failure(.fieldNotBase64, ["context": .text(context), "key": .text(key)]) }
        return data
    }

    func optionalData(_ key: String) throws(Failure) -> Data? { has(key) ? try data(key) : nil }

    func object(_ key: String) throws(Failure) -> JSONFields {
        guard let v = value[key] else { throw missing(key, .typeObject) }
        return try JSONFields(v, context: "\(context).\(key)")
    }

    func optionalObject(_ key: String) throws(Failure) -> JSONFields? { has(key) ? try object(key) : nil }

    func objects(_ key: String) throws(Failure) -> [JSONFields] {
        guard case .array(let items)? = value[key] else { throw missing(key, .typeObjects) }
        var out: [JSONFields] = []
        for (i, item) in items.enumerated() { out.append(try JSONFields(item, context: "\(context).\(key)[\(i)]")) }
        return out
    }

    /// A problem with these fields that no reader above names: "call_started.call: unknown call 'x'".
    func fail(_ problem: RecordingProblem, _ values: [String: Message.Value] = [:]) -> Failure {
        Failure(.fieldProblem, ["context": .text(context), "problem": .message(Message(problem, values))])
    }
}

/// Building objects in a fixed key order, leaving out nil values (absent = not known).
struct JSONObjectBuilder {
    var members: [(key: String, value: JSONValue)] = []

    mutating func add(_ key: String, _ value: JSONValue?) { if let value { members.append((key, value)) } }
    mutating func add(_ key: String, _ value: String?) { if let value { members.append((key, .string(value))) } }
    mutating func add<T: BinaryInteger>(_ key: String, _ value: T?) { if let value { members.append((key, .int(Int64(clamping: value)))) } }
    mutating func add(_ key: String, _ value: Bool?) { if let value { members.append((key, .bool(value))) } }
    mutating func add(_ key: String, _ value: Data?) { if let value { members.append((key, .string(value.base64EncodedString()))) } }

    var value: JSONValue { .object(members) }
}
