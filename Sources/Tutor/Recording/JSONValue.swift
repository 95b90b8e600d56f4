import Catalogue

/// A JSON value as the recording format reads and writes it. Objects keep their keys in
/// the order written, so a recording reads the same way every time (`kind` first).
/// Recordings have their own small parser and writer (JSONValue+Parse, +Write): Foundation's
/// JSONDecoder took ~7 µs a line here, 0.7 s for a 100,000-event recording (DECISIONS.md).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// Every integer a recording holds fits in an Int64 (nanoseconds, ports, descriptors).
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.double(let x), .double(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .int(let i): hasher.combine(i)
        case .double(let d): hasher.combine(d)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let o): for (k, v) in o { hasher.combine(k); hasher.combine(v) }
        }
    }

    /// The value of `key` in an object (the last one, if a key repeats), or nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// What kind of value this is, in the words an error message uses.
    public var kind: Message {
        switch self {
        case .null: Message(.typeNull)
        case .bool: Message(.typeBool)
        case .int, .double: Message(.typeNumber)
        case .string: Message(.typeString)
        case .array: Message(.typeList)
        case .object: Message(.typeObject)
        }
    }
}
