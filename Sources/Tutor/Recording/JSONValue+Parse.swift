import Catalogue

/// A strict JSON parser (RFC 8259) for one line of a recording: UTF-8 checked, no control
/// characters in strings, no lone surrogates, nesting bounded. Errors carry the column.
extension JSONValue {
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// 1-based byte column in the line.
        public var column: Int
        public var problem: Message
        public var message: String { problem.description }
        /// "column 7: …" in the learner's language.
        public var located: Message { Message(.jsonAtColumn, ["column": .of(column), "problem": .message(problem)]) }
        public var description: String { located.description }
    }

    /// Deeper than any recording needs; bounds the parser's stack on hostile input.
    public static let maximumDepth = 32

    public static func parse(_ bytes: some Collection<UInt8>) throws(ParseError) -> JSONValue {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { (buffer) throws(ParseError) -> JSONValue in try parse(buffer) }
    }

    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(ParseError) -> JSONValue {
        var parser = Parser(bytes: buffer)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == buffer.count else { throw parser.error(.jsonTextAfterValue) }
        return value
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        func error(_ problem: RecordingProblem, _ values: [String: Message.Value] = [:]) -> ParseError {
            ParseError(column: index + 1, problem: Message(problem, values))
        }

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
        }

        mutating func value(depth: Int) throws(ParseError) -> JSONValue {
            guard depth < JSONValue.maximumDepth else { throw error(.jsonTooDeep, ["depth": .of(JSONValue.maximumDepth)]) }
            guard let byte = peek else { throw error(.jsonEndsWhereValue) }
            switch byte {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw error(.jsonExpectedValue, ["found": describe(byte)])
            }
        }

        func describe(_ byte: UInt8) -> Message.Value {
            (0x21...0x7E).contains(byte) ? .message(Message(.jsonCharacter, ["character": "\(Character(Unicode.Scalar(byte)))"]))
                : .message(Message(.jsonByte, ["hex": .text(String(byte, radix: 16))]))
        }

        mutating func literal(_ word: StaticString) throws(ParseError) {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw error(.jsonExpectedLiteral, ["word": "\(word)"]) }
            for i in 0..<count where bytes[index + i] != word.utf8Start[i] { throw error(.jsonExpectedLiteral, ["word": "\(word)"]) }
            index += count
        }

        mutating func object(depth: Int) throws(ParseError) -> JSONValue {
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            skipSpace()
            if peek == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw error(.jsonExpectedFieldName) }
                let key = try string()
                skipSpace()
                guard peek == UInt8(ascii: ":") else { throw error(.jsonExpectedColon) }
                index += 1
                skipSpace()
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                switch peek {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return .object(members)
                default: throw error(.jsonExpectedCommaOrBrace)
                }
            }
        }

        mutating func array(depth: Int) throws(ParseError) -> JSONValue {
            index += 1
            var items: [JSONValue] = []
            skipSpace()
            if peek == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                switch peek {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return .array(items)
                default: throw error(.jsonExpectedCommaOrBracket)
                }
            }
        }

        mutating func string() throws(ParseError) -> String {
            index += 1
            let start = index
            var ascii = true
            // Fast path: no escapes; the bytes are the string once checked as UTF-8.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    index += 1
                    // ASCII needs no validation (and most of a recording is ASCII).
                    if ascii { return String(decoding: slice, as: UTF8.self) }
                    guard let text = String(validating: slice, as: UTF8.self) else {
                        index = start
                        throw error(.jsonInvalidUTF8)
                    }
                    return text
                }
                if byte >= 0x80 { ascii = false }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw error(.jsonControlCharacter) }
                index += 1
            }
            var scalars = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    guard let text = String(validating: scalars, as: UTF8.self) else {
                        throw ParseError(column: start + 1, problem: Message(.jsonInvalidUTF8))
                    }
                    return text
                case UInt8(ascii: "\\"):
                    index += 1
                    guard let escape = peek else { throw error(.jsonEndsInEscape) }
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                    case UInt8(ascii: "b"): scalars.append(0x08)
                    case UInt8(ascii: "f"): scalars.append(0x0C)
                    case UInt8(ascii: "n"): scalars.append(0x0A)
                    case UInt8(ascii: "r"): scalars.append(0x0D)
                    case UInt8(ascii: "t"): scalars.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800...0xDBFF).contains(code) {
                            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                                throw error(.jsonLoneSurrogate)
                            }
                            index += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw error(.jsonLoneSurrogate) }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(code) {
                            throw error(.jsonLoneSurrogate)
                        }
                        scalars.append(contentsOf: Array(String(Character(Unicode.Scalar(code)!)).utf8))
                    default:
                        index -= 1
                        throw error(.jsonUnknownEscape, ["escape": describe(escape)])
                    }
                default:
                    if byte < 0x20 { throw error(.jsonControlCharacter) }
                    scalars.append(byte)
                    index += 1
                }
            }
            throw error(.jsonEndsInString)
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw error(.jsonExpectedHex) }
            var code: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[index]
                let digit: UInt32
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
                default: throw error(.jsonExpectedHex)
                }
                code = code * 16 + digit
                index += 1
            }
            return code
        }

        mutating func number() throws(ParseError) -> JSONValue {
            let start = index
            if peek == UInt8(ascii: "-") { index += 1 }
            guard let first = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { throw error(.jsonExpectedDigit) }
            if first == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
            var integral = true
            if peek == UInt8(ascii: ".") {
                integral = false
                index += 1
                guard digitCount() > 0 else { throw error(.jsonExpectedDigitAfterPoint) }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                integral = false
                index += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
                guard digitCount() > 0 else { throw error(.jsonExpectedExponentDigit) }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if integral, let value = Int64(text) { return .int(value) }
            guard let value = Double(text), value.isFinite else {
                index = start
                throw error(.jsonNumberOutOfRange)
            }
            return .double(value)
        }

        mutating func skipDigits() { _ = digitCount() }

        mutating func digitCount() -> Int {
            let start = index
            while let b = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) { index += 1 }
            return index - start
        }
    }
}
