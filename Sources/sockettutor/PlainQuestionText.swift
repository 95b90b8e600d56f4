import Catalogue
import Foundation
import LessonKit
import Tutor

/// A question as plain text for screen readers and scripts: no box drawing, choices and
/// order items numbered `1)`, `2)` … in the order their numbers are typed.
enum PlainQuestionText {
    static func lines(_ question: QuizQuestion, language: String, shownOrder: [Int]) -> [String] {
        let w = Words(language)
        var lines = [question.question.resolved(language).trimmed]
        switch question.kind {
        case .single(let choices, _), .multiple(let choices, _), .predict(_, let choices, _):
            lines += choices.enumerated().map { "  \($0.offset + 1)) \($0.element.text.resolved(language).trimmed)" }
            if case .multiple = question.kind { lines.append(w(.plainEveryRight)) }
        case .trueFalse:
            lines.append(w(.plainTrueFalseHow))
        case .fill:
            break
        case .order(let items):
            lines += shownOrder.enumerated().map { "  \($0.offset + 1)) \(items[$0.element].resolved(language).trimmed)" }
            lines.append(w(.plainOrderHow, ["example": (1...max(items.count, 1)).reversed().map(String.init).joined(separator: " ")]))
        }
        return lines
    }

    /// The right answer, said after a wrong one, in the numbers the learner saw.
    static func rightAnswer(_ question: QuizQuestion, language: String, shownOrder: [Int]) -> String {
        func numbered(_ choices: [QuizChoice], _ keys: (String) -> Bool) -> String {
            choices.enumerated().filter { keys($0.element.key) }.map { "\($0.offset + 1)) \($0.element.text.resolved(language).trimmed)" }
                .joined(separator: "; ")
        }
        let w = Words(language)
        switch question.kind {
        case .single(let choices, let answer): return w(.plainTheAnswer, ["answer": numbered(choices, { $0 == answer })])
        case .multiple(let choices, let answers): return w(.plainTheAnswers, ["answer": numbered(choices, answers.contains)])
        case .predict(_, let choices, let answer): return w(.plainTheAnswer, ["answer": numbered(choices, { $0 == answer })])
        case .trueFalse(let answer): return w(.plainTheAnswer, ["answer": w(answer ? .plainTrue : .plainFalse)])
        case .fill(let accept): return w(.plainTheAnswer, ["answer": accept.first ?? ""])
        case .order(let items):
            let typed = items.indices.map { index in String((shownOrder.firstIndex(of: index) ?? index) + 1) }
            return w(.plainRightOrder, ["answer": "\(typed.joined(separator: " ")) (\(items.map { $0.resolved(language).trimmed }.joined(separator: ", ")))"])
        }
    }
}

extension String {
    /// Folded YAML text ends with a newline; a plain line should not.
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
