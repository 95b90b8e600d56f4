import Catalogue
import Foundation
import LessonKit
import Tutor

/// The quiz as a pure function of its view and the size: the question wrapped, then its
/// choices (cursor "▸", ticks "[x]"), the order being arranged, or the answer being typed
/// (cursor "▏"); after an answer the feedback; at the end the score. Nothing is told by
/// colour alone.
public enum QuizScreen {
    public static func render(_ view: QuizView, size: ScreenSize) -> Grid {
        let w = Words(view.language)
        if size.isTooSmall { return Chrome.tooSmall(size, w) }
        var grid = Grid(width: size.columns, height: size.rows)
        let progress = view.shownProgress
        let right = view.atEnd ? w(.quizDoneRight) + " "
            : w(.questionProgress, ["n": progress.number, "count": progress.count]) + (progress.number > view.run.total ? w(.questionAgain) : "") + " "
        Chrome.header(&grid, left: w(.quizHeader, ["title": view.lessonTitle]), right: StyledLine(right, .title))
        // Where a question of a mixed quiz comes from: the row under the header, then a
        // blank row before the question.
        var top = 2
        if let lesson = view.questionLesson {
            grid.put(w(.questionFromLesson, ["title": lesson]), row: 1, column: 2, style: .dim, limit: size.columns - 4)
            top = 3
        }
        let width = size.columns - 4
        // Rows top … height-3: the key bar is the last row, a blank row above it.
        let room = size.rows - 2 - top
        var lines: [StyledLine] = []
        switch view.mode {
        case .end: lines = endLines(view, width: width)
        case .feedback: lines = feedbackLines(view, width: width)
        default: lines = questionLines(view, width: width, rows: room)
        }
        // What does not fit (a very long explanation) is cut, and the cut is shown.
        if lines.count > room { lines = Array(lines.prefix(room - 1)) + [StyledLine("…", .dim)] }
        for (offset, line) in lines.enumerated() {
            line.draw(into: &grid, row: top + offset, column: 2, width: width)
        }
        Chrome.keyBar(&grid, keys: keys(view))
        return grid
    }

    static func keys(_ view: QuizView) -> [(key: String, action: String)] {
        let hint = view.question?.hint != nil
        let w = Words(view.language)
        let leave = w(view.quitEndsProgram ? .keyQuit : .keyLeave)
        switch view.mode {
        case .end: return [("q", w(view.quitEndsProgram ? .keyQuit : .keyReturn))]
        case .feedback: return [(w(.keyAnyKey), w(.keyNextQuestion)), ("q", leave)]
        case .typing:
            return [(w(.keyType), w(.keyYourAnswer)), ("← → Home End", w(.keyMove)), ("Enter", w(.keyAnswer))]
                + (hint ? [("Tab", w(.keyHint))] : []) + [("Esc", leave)]
        case .ordering:
            return [("↑↓", w(.keyChoose)), ("u d", w(.keyMoveUpDown)), ("Enter", w(.keyAnswer))] + (hint ? [("h", w(.keyHint))] : []) + [("q", leave)]
        case .choosing:
            return [("↑↓", w(.keyChoose)), ("1–9", w(.keyPick))] + (view.isMultiple ? [("Space", w(.keyTick))] : [])
                + [("Enter", w(.keyAnswer))] + (hint ? [("h", w(.keyHint))] : []) + [("q", leave)]
        }
    }

    static func wrapped(_ text: String, _ style: Style, width: Int) -> [StyledLine] {
        TextWidth.wrap(text.trimmingCharacters(in: .whitespacesAndNewlines), width: width).map { StyledLine($0, style) }
    }

    /// `prefix` on the first line, the rest indented under the text.
    static func hanging(_ prefix: String, _ text: String, _ style: Style, width: Int) -> [StyledLine] {
        let indent = TextWidth.columns(prefix)
        let body = TextWidth.wrap(text, width: max(1, width - indent))
        return body.enumerated().map { index, line in
            StyledLine((index == 0 ? prefix : String(repeating: " ", count: indent)) + line, style)
        }
    }

    static func questionLines(_ view: QuizView, width: Int, rows: Int) -> [StyledLine] {
        guard let question = view.question else { return [] }
        let w = Words(view.language)
        var head = wrapped(question.question.resolved(view.language), .heading, width: width)
        head.append(.empty)
        var tail: [StyledLine] = []
        if view.showingHint, let hint = question.hint {
            tail = [.empty] + hanging(w(.hintPrefix), hint.resolved(view.language), .note, width: width)
        }
        var body: [StyledLine] = []
        var cursorLine = 0
        switch view.mode {
        case .typing:
            body = [StyledLine(w(.yourAnswerLabel), .dim)] + fieldLines(view.editor, width: width)
        case .ordering:
            body.append(StyledLine(w(.arrangeHint), .dim))
            for (index, option) in view.options.enumerated() {
                let chosen = index == view.cursor
                if chosen { cursorLine = body.count }
                body += hanging("\(chosen ? "▸" : " ") \(index + 1). ", option + (chosen ? "  ⇅" : ""), chosen ? .selected : .plain, width: width)
            }
        default:
            let keys = view.run.current?.question.choices.map(\.key) ?? []
            if view.isMultiple { body.append(StyledLine(w(.tickHint), .dim)) }
            for (index, option) in view.options.enumerated() {
                let chosen = index == view.cursor
                let tick = view.isMultiple ? (keys.indices.contains(index) && view.ticked.contains(keys[index]) ? "[x] " : "[ ] ") : ""
                if chosen { cursorLine = body.count }
                body += hanging("\(chosen ? "▸" : " ") \(index + 1). \(tick)", option, chosen ? .selected : .plain, width: width)
            }
        }
        // Choices scroll when the question, the choices and the hint do not all fit: the
        // line under the cursor stays in view, and "…" says there is more.
        let room = max(3, rows - head.count - tail.count)
        if body.count > room {
            let start = min(max(0, cursorLine - room / 2), body.count - room)
            var window = Array(body[start..<(start + room)])
            if start > 0 { window[0] = StyledLine(w(.moreUp), .dim) }
            if start + room < body.count { window[room - 1] = StyledLine(w(.moreDown), .dim) }
            body = window
        }
        return head + body + tail
    }

    /// `> 网络编程▏abc`: the text with the cursor drawn as a one-column bar, the view slid
    /// along so the cursor stays inside the field.
    static func fieldLines(_ editor: LineEditor, width: Int) -> [StyledLine] {
        let room = width - 3
        var before = String(editor.characters[..<editor.cursor])
        while TextWidth.columns(before) > room - 1, !before.isEmpty { before.removeFirst() }
        let after = TextWidth.truncate(String(editor.characters[editor.cursor...]), to: max(0, room - 1 - TextWidth.columns(before)))
        return [StyledLine([("> ", .key), (before, .plain), ("▏", .selected), (after, .plain)])]
    }

    static func feedbackLines(_ view: QuizView, width: Int) -> [StyledLine] {
        guard let feedback = view.feedback else { return [] }
        let question = feedback.item.question
        let w = Words(view.language)
        var lines = wrapped(question.question.resolved(view.language), .heading, width: width)
        lines.append(.empty)
        lines.append(feedback.correct ? StyledLine(w(.quizRight), .success) : StyledLine(w(.quizNotRight), .failure))
        lines += hanging(w(.yourAnswerPrefix), view.describe(feedback.answer, for: question), .plain, width: width)
        if !feedback.correct {
            lines += hanging(w(.theAnswerPrefix), view.rightAnswer(question), .success, width: width)
        }
        lines.append(.empty)
        lines += wrapped(question.explanation.resolved(view.language), .plain, width: width)
        if !feedback.correct && !feedback.retry {
            lines += [.empty, StyledLine(w(.comesAgain), .dim)]
        }
        return lines
    }

    static func endLines(_ view: QuizView, width: Int) -> [StyledLine] {
        let score = view.run.score
        let w = Words(view.language)
        var lines = [StyledLine(w(.quizDone, ["right": score.right, "total": score.total]), score.right == score.total ? .success : .heading), .empty]
        // The first askings, one line each, marked ✓ or ✗.
        for result in view.run.feedback where !result.retry {
            lines.append(StyledLine([(result.correct ? "✓ " : "✗ ", result.correct ? .success : .failure),
                                     (TextWidth.truncate(result.item.question.question.resolved(view.language), to: width - 2), .plain)]))
        }
        if score.total == 0 { lines.append(StyledLine(w(.noQuestions), .dim)) }
        return lines
    }
}
