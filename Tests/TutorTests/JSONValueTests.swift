import Foundation
import Testing
@testable import Tutor

/// The recording's own JSON parser and writer, checked against each other and against
/// Foundation's JSONSerialization (the reference for what is and is not JSON).
@Suite struct JSONValueTests {
    static let texts = ["", "a", "套接字", "\"\\/\u{8}\u{c}\n\r\t", "\u{1}\u{1f}\u{7f}", "😀 emoji", "é", "\u{2028}"]

    static func random(_ depth: Int, _ rng: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(Int64.random(in: Int64.min...Int64.max, using: &rng))
        case 3: return .double(Double.random(in: -1e300...1e300, using: &rng))
        case 4: return .string(texts.randomElement(using: &rng)! + String(Int.random(in: 0...99, using: &rng)))
        case 5: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in random(depth + 1, &rng) })
        default: return .object((0..<Int.random(in: 0...4, using: &rng)).map { i in ("k\(i)", random(depth + 1, &rng)) })
        }
    }

    @Test func whatTheWriterWritesTheParserReadsBackExactly() throws {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<2000 {
            let value = Self.random(0, &rng)
            let line = value.line
            #expect(!line.contains("\n"))
            #expect(try JSONValue.parse(Array(line.utf8)) == value, "\(line)")
            // Foundation reads it too: it is JSON, not a dialect.
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])) != nil, "\(line)")
        }
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "'x'", "[01]", "[1.]", "[.5]", "[1e]", "[-]", "[+1]",
        "tru", "nul", "[1] [2]", "\"\\x\"", "\"\\u12\"", "\"a\u{1}b\"", "\"\\ud800\"", "\"\\udc00x\"", "NaN", "[Infinity]", "[1e999]",
    ])
    func invalidJSONIsRefused(_ text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(Array(text.utf8)) }
    }

    @Test func invalidUTF8IsRefusedAtItsColumn() throws {
        let error = try #require(throws: JSONValue.ParseError.self) { try JSONValue.parse([UInt8(ascii: "["), UInt8(ascii: "\""), 0xC3, 0x28, UInt8(ascii: "\""), UInt8(ascii: "]")]) }
        #expect(error.column == 3)
        #expect(error.message.contains("UTF-8"))
    }

    @Test func escapesAndNumbersReadAsJSONSaysTheyDo() throws {
        #expect(try JSONValue.parse(Array(#"["\u00e9\ud83d\ude00\n", -0, 1.5e3, 9223372036854775807, 9223372036854775808]"#.utf8))
                == .array([.string("é😀\n"), .int(0), .double(1500), .int(Int64.max), .double(9223372036854775808)]))
        #expect(try JSONValue.parse(Array(#" { "a" : [ true , false , null ] } "#.utf8)) == .object([("a", .array([.bool(true), .bool(false), .null]))]))
    }
}
