import LessonKit
import Testing
@testable import Tutor

/// What a line typed to a plain-text question means, one row per rule.
@Suite struct TypedAnswerTests {
    static func q(_ kind: QuizQuestion.Kind, hint: Bool = false) -> QuizQuestion {
        QuizQuestion(id: "q", question: LocalizedText("?"), explanation: LocalizedText("e"), hint: hint ? LocalizedText("hint") : nil, kind: kind)
    }
    static let choices = ["a", "b", "c", "d"].map { QuizChoice(key: $0, text: LocalizedText($0.uppercased())) }
    static let single = q(.single(choices: choices, answer: "b"), hint: true)
    static let multiple = q(.multiple(choices: choices, answers: ["a", "c"]))
    static let truth = q(.trueFalse(answer: true))
    static let fill = q(.fill(accept: ["7"]))
    static let order = q(.order(items: ["w", "x", "y", "z"].map { LocalizedText($0) }))
    static let predict = q(.predict(step: "s", choices: Array(choices.prefix(3)), answer: nil))

    @Test(arguments: [
        (single, "2", TypedAnswer.answer(.choice("b"))),
        (single, " 4 \n", .answer(.choice("d"))),
        (single, "h", .hint), (single, "H", .hint),
        (single, "0", .invalid), (single, "5", .invalid), (single, "b", .invalid), (single, "", .invalid),
        (single, "1 2", .invalid), (single, "-1", .invalid), (single, "１", .invalid),
        (predict, "3", .answer(.choice("c"))), (predict, "4", .invalid), (predict, "h", .invalid),
        (multiple, "1 3", .answer(.choices(["a", "c"]))), (multiple, "3,1", .answer(.choices(["a", "c"]))),
        (multiple, "1, 3", .answer(.choices(["a", "c"]))), (multiple, "2", .answer(.choices(["b"]))),
        (multiple, "1 1", .invalid), (multiple, "", .invalid), (multiple, "1 9", .invalid), (multiple, "a c", .invalid),
        (truth, "t", .answer(.truth(true))), (truth, "TRUE", .answer(.truth(true))), (truth, "y", .answer(.truth(true))),
        (truth, "f", .answer(.truth(false))), (truth, "false", .answer(.truth(false))), (truth, "n", .answer(.truth(false))),
        (truth, "maybe", .invalid), (truth, "1", .invalid), (truth, "h", .invalid),
        (fill, " seven ", .answer(.text("seven"))), (fill, "h", .answer(.text("h"))), (fill, "  ", .invalid),
        (order, "1 2 3 4", .answer(.order([0, 1, 2, 3]))), (order, "4,3,2,1", .answer(.order([3, 2, 1, 0]))),
        (order, "1 2 3", .invalid), (order, "1 1 2 3", .invalid), (order, "1 2 3 5", .invalid),
    ] as [(QuizQuestion, String, TypedAnswer)])
    func parses(question: QuizQuestion, line: String, expected: TypedAnswer) {
        #expect(TypedAnswer.parse(line, for: question) == expected, "\(question.typeName) \(line.debugDescription)")
    }

    @Test func anOrderIsReadInTheNumbersShown() {
        // Shown: 1) y  2) w  3) z  4) x — the right order w x y z is typed 2 4 1 3.
        let shown = [2, 0, 3, 1]
        #expect(TypedAnswer.parse("2 4 1 3", for: Self.order, shownOrder: shown) == .answer(.order([0, 1, 2, 3])))
        #expect(TypedAnswer.parse("1 2 3 4", for: Self.order, shownOrder: shown) == .answer(.order(shown)))
    }

    @Test func whatIsAcceptedIsSaid() {
        #expect(TypedAnswer.accepted(for: Self.single) == "Type a number from 1 to 4, or h for a hint.")
        #expect(TypedAnswer.accepted(for: Self.truth) == "Type t for true or f for false.")
        #expect(TypedAnswer.accepted(for: Self.order).contains("4 3 2 1"))
    }

    @Test func aShuffledOrderIsAPermutationAndNeverTheRightOne() {
        var rng = SeededGenerator(seed: 42)
        for count in 2...6 {
            for _ in 0..<50 {
                let order = TypedAnswer.shuffledOrder(count: count, using: &rng)
                #expect(order.sorted() == Array(0..<count) && order != Array(0..<count))
            }
        }
        #expect(TypedAnswer.shuffledOrder(count: 1, using: &rng) == [0])
    }
}
