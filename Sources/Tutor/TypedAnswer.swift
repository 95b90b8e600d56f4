import Catalogue
import Foundation
import LessonKit

/// A line the learner typed to a plain-text question, read as an answer. Pure, so that the
/// plain quiz and the plain lesson's predict questions accept exactly the same input, and so
/// that the rules are tested as a table.
public enum TypedAnswer: Equatable, Sendable {
    case answer(QuizAnswer)
    case hint
    /// Not an answer: ask again, saying what is accepted.
    case invalid

    /// Reads `line` as an answer to `question`. `shownOrder` is, for an order question, the
    /// item (by its index in the file, the right order) shown as number 1, 2, …; the
    /// learner types the shown numbers in the order they think right.
    public static func parse(_ line: String, for question: QuizQuestion, shownOrder: [Int] = []) -> TypedAnswer {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        // `h` is the hint only where there is one: a fill-in answer may be `h` otherwise.
        if question.hint != nil && text.lowercased() == "h" { return .hint }
        switch question.kind {
        case .single(let choices, _), .predict(_, let choices, _):
            guard let numbers = numbers(text, upTo: choices.count), numbers.count == 1 else { return .invalid }
            return .answer(.choice(choices[numbers[0] - 1].key))
        case .multiple(let choices, _):
            guard let numbers = numbers(text, upTo: choices.count), !numbers.isEmpty,
                  Set(numbers).count == numbers.count else { return .invalid }
            return .answer(.choices(Set(numbers.map { choices[$0 - 1].key })))
        case .trueFalse:
            switch text.lowercased() {
            case "t", "true", "y", "yes": return .answer(.truth(true))
            case "f", "false", "n", "no": return .answer(.truth(false))
            default: return .invalid
            }
        case .fill:
            return text.isEmpty ? .invalid : .answer(.text(text))
        case .order(let items):
            let shown = shownOrder.count == items.count ? shownOrder : Array(items.indices)
            // Every item once: a partial order cannot be scored, only asked again.
            guard let numbers = numbers(text, upTo: items.count), numbers.count == items.count,
                  Set(numbers).count == items.count else { return .invalid }
            return .answer(.order(numbers.map { shown[$0 - 1] }))
        }
    }

    /// Numbers from 1 to `count` separated by spaces or commas; nil if anything else is there.
    static func numbers(_ text: String, upTo count: Int) -> [Int]? {
        let parts = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
        var result: [Int] = []
        for part in parts {
            guard part.count <= 6, part.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(part), (1...max(count, 1)).contains(n),
                  count > 0 else { return nil }
            result.append(n)
        }
        return result
    }

    /// What is accepted, said when the input was not: `Type a number from 1 to 4, or h for a hint.`
    public static func accepted(for question: QuizQuestion, language: String = "en") -> String {
        let w = Words(language)
        let hint = question.hint == nil ? "" : w(.acceptOrHint)
        switch question.kind {
        case .single(let choices, _), .predict(_, let choices, _):
            return w(.acceptNumber, ["n": choices.count, "hint": hint])
        case .multiple(let choices, _):
            return w(.acceptNumbers, ["n": choices.count, "hint": hint])
        case .trueFalse:
            return w(.acceptTrueFalse, ["hint": hint])
        case .fill:
            return w(.acceptText, ["hint": hint])
        case .order(let items):
            let example = (1...max(items.count, 1)).reversed().map(String.init).joined(separator: " ")
            return w(.acceptOrder, ["n": items.count, "example": example, "hint": hint])
        }
    }

    /// The order items are shown in: a shuffle that is never the right order when it can
    /// help it (a question answered by typing `1 2 3 4` teaches nothing).
    public static func shuffledOrder(count: Int, using generator: inout some RandomNumberGenerator) -> [Int] {
        var order = Array(0..<count)
        guard count > 1 else { return order }
        repeat { order.shuffle(using: &generator) } while order == Array(0..<count)
        return order
    }
}

/// A small seedable generator (SplitMix64): the plain quiz takes a seed from
/// SOCKETTUTOR_QUIZ_SEED so that scripts and tests see the same shuffles every run.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
