import Catalogue
import Foundation
import LessonKit
import Tutor

/// The lesson screen's predict question and, once its step has run, the prediction beside
/// what really happened. The question covers the actors' panes (the narrative stays in
/// view to reason from); the result is part of the narrative, under the step's note, beside
/// the call's real result in the actor's pane.
enum PredictionPanel {
    static func drawQuestion(_ grid: inout Grid, _ prompt: PredictionPrompt, language: String, over rect: LessonLayout.Rect) {
        let width = rect.width - 4
        let w = Words(language)
        let question = prompt.item.question
        var lines = QuizScreen.wrapped(question.question.resolved(language), .heading, width: width)
        lines.append(.empty)
        for (index, choice) in prompt.choices.enumerated() {
            let chosen = index == prompt.cursor
            lines += QuizScreen.hanging("\(chosen ? "▸" : " ") \(index + 1). ", trimmed(choice.text, language), chosen ? .selected : .plain, width: width)
        }
        if prompt.showingHint, let hint = question.hint {
            lines.append(.empty)
            lines += QuizScreen.hanging(w(.hintPrefix), trimmed(hint, language), .note, width: width)
        }
        // A word on what follows, where there is room for it (the key bar says it too).
        let footer = [StyledLine.empty] + QuizScreen.wrapped(w(.predictFooter), .dim, width: width)
        if lines.count + footer.count <= rect.height - 2 { lines += footer }
        draw(&grid, title: w(.predictTitle), lines: lines, over: rect)
    }

    /// Under the step's note: the prediction, then what the step really did (its call's
    /// line is beside, in the actor's pane), then why.
    static func resultLines(_ result: PredictionResult, language: String, width: Int) -> [StyledLine] {
        let w = Words(language)
        let verdict = w(result.correct ? .predictRight : .predictWrong, ["happened": result.happened(w)])
        return [.empty]
            + indented(w(.youPredicted, ["choice": result.predicted(language)]), .note, width: width, hang: 2)
            + indented(verdict, result.correct ? .success : .failure, width: width, hang: 2)
            + indented(LessonScreen.reflow(result.item.question.explanation.resolved(language)), .dim, width: width, hang: 0)
    }

    /// Two spaces in, under the note's text; continuation lines `hang` more.
    private static func indented(_ text: String, _ style: Style, width: Int, hang: Int) -> [StyledLine] {
        LessonScreen.hanging(text, width: width - 2, indent: hang).map { StyledLine("  " + $0, style) }
    }

    private static func trimmed(_ text: LocalizedText, _ language: String) -> String {
        text.resolved(language).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A framed box at the top of `rect`, as tall as its lines (what does not fit is cut,
    /// and the cut is shown).
    static func draw(_ grid: inout Grid, title: String, lines: [StyledLine], over rect: LessonLayout.Rect) {
        guard rect.height >= 3, rect.width >= 8 else { return }
        var body = lines
        let room = rect.height - 2
        if body.count > room { body = Array(body.prefix(room - 1)) + [StyledLine("…", .dim)] }
        let height = body.count + 2
        let (top, left, width) = (rect.row, rect.column, rect.width)
        grid.fill(row: top, column: left, width: width, height: height)
        grid.put("┌" + String(repeating: "─", count: width - 2) + "┐", row: top, column: left, style: .border)
        grid.put(" \(title) ", row: top, column: left + 2, style: .heading, limit: width - 4)
        for (offset, line) in body.enumerated() {
            grid.put("│", row: top + 1 + offset, column: left, style: .border)
            grid.put("│", row: top + 1 + offset, column: left + width - 1, style: .border)
            line.draw(into: &grid, row: top + 1 + offset, column: left + 2, width: width - 4)
        }
        grid.put("└" + String(repeating: "─", count: width - 2) + "┘", row: top + height - 1, column: left, style: .border)
    }
}
