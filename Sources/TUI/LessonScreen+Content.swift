import Catalogue
import Foundation
import SocketTrace
import Tutor

extension LessonScreen {
    /// The narrative pane: sections as reached, each step's note, notices. The newest step
    /// is emphasised; "▸" marks steps so they read without colour.
    /// `predictions`: each predicted step's result, shown under its note.
    static func narrativeLines(_ state: SessionState, width: Int, cache: LineCache = LineCache(), quizOffered: Bool = false,
                               predictions: [String: PredictionResult] = [:], language: String = "en") -> [StyledLine] {
        var lines: [StyledLine] = []
        let lastStep = state.log.lastIndex { if case .step(_, _, _, .some) = $0 { return true } else { return false } }
        for (index, item) in state.log.enumerated() {
            // Wrapped once, as an older step; the newest only swaps its bullet (moving on would
            // otherwise wrap the step before again on every step).
            let key = LineCache.Key(pane: "", index: index, width: width, variant: 0)
            let itemLines = cache.lines(key) { narrativeLines(item, first: index == 0, newest: false, width: width) }
            lines += index == lastStep ? markedNewest(itemLines) : itemLines
            if case .step(let id, _, _, _) = item, let result = predictions[id] {
                lines += PredictionPanel.resultLines(result, language: language, width: width)
            }
        }
        if state.finished {
            let w = Words(language)
            lines += [.empty, StyledLine(w(.endOfLesson), .dim)]
            if quizOffered { lines.append(StyledLine([(w(.pressBefore), .plain), ("z", .key), (w(.pressForQuiz), .plain)])) }
        }
        return lines
    }

    /// A step's lines with its bullet ("▸", on the line after the blank one) made the newest's ("▶").
    static func markedNewest(_ lines: [StyledLine]) -> [StyledLine] {
        guard lines.count > 1, lines[1].segments.first?.text.hasPrefix("▸") == true else { return lines }
        var marked = lines
        let text = lines[1].segments.map(\.text).joined()
        marked[1] = StyledLine([("▶", .note), (String(text.dropFirst()), .plain)])
        return marked
    }

    /// One item of the log. The newest step's note is marked by its bullet alone ("▶"),
    /// so that moving on rewrites one cell on the terminal, not the whole note.
    static func narrativeLines(_ item: SessionState.LogItem, first: Bool, newest: Bool, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        switch item {
        case .section(let section):
            if !first { lines.append(.empty) }
            if let title = section.title {
                lines += TextWidth.wrap("§ " + title, width: width).map { StyledLine($0, .heading) }
            }
            lines += TextWidth.wrap(reflow(section.text), width: width).map { StyledLine($0) }
        case .step(_, _, let actor, let note):
            // A step without a note speaks for itself in its actor's pane.
            guard let note else { break }
            let wrapped = hanging("▸ \(actor): " + reflow(note), width: width, indent: 2)
            lines.append(.empty)
            for (number, line) in wrapped.enumerated() {
                if number == 0 && newest {
                    lines.append(StyledLine([("▶", .note), (String(line.dropFirst()), .plain)]))
                } else {
                    lines.append(StyledLine(line))
                }
            }
        case .outcome:
            break  // shown under the call, in the actor's pane
        case .notice(let text):
            lines += hanging("! " + text, width: width, indent: 2).map { StyledLine($0, .pending) }
        }
        return lines
    }

    /// Lesson texts are written with hard line breaks (YAML blocks); the pane has its own
    /// width. Lines of a paragraph are joined (with no space between Chinese characters);
    /// blank lines and list items ("- ", "* ") keep their breaks.
    static func reflow(_ text: String) -> String {
        var out = ""
        var previousBlank = true
        for raw in text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                out += "\n\n"
                previousBlank = true
                continue
            }
            let startsItem = line.hasPrefix("- ") || line.hasPrefix("* ")
            if previousBlank || out.isEmpty {
                out += line
            } else if startsItem {
                out += "\n" + line
            } else {
                let wide = (out.last.map { TextWidth.columns($0) == 2 } ?? false) || (line.first.map { TextWidth.columns($0) == 2 } ?? false)
                out += (wide ? "" : " ") + line
            }
            previousBlank = false
        }
        while out.hasSuffix("\n") { out.removeLast() }
        return out.replacingOccurrences(of: "\n\n\n", with: "\n\n")
    }

    /// Wraps with continuation lines indented, so a note's bullet stands out.
    static func hanging(_ text: String, width: Int, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var out: [String] = []
        for (number, paragraph) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // Only the first paragraph's first line has the bullet's room; the others are indented.
            let first = TextWidth.wrap(String(paragraph), width: number == 0 ? width : width - indent)
            guard let head = first.first else { continue }
            // The rest is the paragraph after the first line, as written: rejoining wrapped
            // lines would add spaces inside Chinese, inside a long word cut at the edge (an
            // address in a command), or lose those beside a Latin word.
            let rest = remainder(of: paragraph, after: head) ?? first.dropFirst().joined(separator: " ")
            out.append(number == 0 ? head : pad + head)
            if !rest.isEmpty { out += TextWidth.wrap(rest, width: width - indent).map { pad + $0 } }
        }
        return out
    }

    /// What follows `head` in `text`, when `head` is its beginning with runs of spaces made
    /// one (as wrapping makes them); nil if it is not.
    static func remainder(of text: Substring, after head: String) -> String? {
        var i = text.startIndex
        for c in head where c != " " {
            while i < text.endIndex, text[i] == " " { i = text.index(after: i) }
            guard i < text.endIndex, text[i] == c else { return nil }
            i = text.index(after: i)
        }
        return String(text[i...].drop { $0 == " " })
    }

    /// An actor's calls: the C call with its result, the Python line beneath, and for a
    /// step Python would end with an exception (or b''), what Python makes of it.
    static func traceLines(_ entries: ChunkedList<SessionState.TraceEntry>, state: SessionState, width: Int, now: Double,
                           cache: LineCache = LineCache(), _ w: Words = Words(.en)) -> [StyledLine] {
        traceTail(entries, state: state, width: width, now: now, cache: cache, keep: Int.max, w).tail
    }

    /// An actor's pane when only its end is drawn: the lines of the newest calls, at least
    /// `keep` of them, and the count of all. Calls that returned never change, so their
    /// lines (and counts) are cached; only the tail is ever laid out in full.
    static func traceTail(_ entries: ChunkedList<SessionState.TraceEntry>, state: SessionState, width: Int, now: Double,
                          cache: LineCache = LineCache(), keep: Int, _ w: Words) -> PaneLines {
        var tail: [[StyledLine]] = []
        var kept = 0, total = 0
        for index in entries.indices.reversed() {
            let entry = entries[index]
            let lastOfStep = index == entries.count - 1 || entries[index + 1].stepID != entry.stepID
            let result = lastOfStep ? state.stepResults[entry.stepID] : nil
            guard entry.outcome != nil else {
                // Still in the kernel: its clock changes every frame.
                let lines = entryLines(entry, result: result, width: width, now: now, w)
                if kept < keep { tail.append(lines); kept += lines.count }
                total += lines.count
                continue
            }
            // A call that returned never changes again (nor does its step's result, once known).
            let key = LineCache.Key(pane: "call", index: entry.callID, width: width, variant: result == nil ? 0 : 1)
            if kept < keep {
                let lines = cache.lines(key) { entryLines(entry, result: result, width: width, now: now, w) }
                tail.append(lines)
                kept += lines.count
                total += lines.count
            } else {
                total += cache.count(key) { entryLines(entry, result: result, width: width, now: now, w) }
            }
        }
        return PaneLines(total: total, tail: Array(tail.reversed().joined()))
    }

    static func entryLines(_ entry: SessionState.TraceEntry, result: StepOutcome?, width: Int, now: Double, _ w: Words) -> [StyledLine] {
        var lines: [StyledLine] = []
        var call: [(String, Style)] = [(ResultWords.call(entry.call, entry.outcome, w), .plain)]
        if let outcome = entry.outcome {
            let failed = outcome.error != nil || outcome.lookupError != nil
            call.append((" " + ResultWords.result(entry.call, outcome, w), failed ? .failure : .success))
        } else {
            let elapsed = w(.seconds, ["n": String(format: "%.1f", max(0, now - entry.startedAt))])
            call.append((" " + w(entry.blocked ? .blocked : .running, ["time": elapsed]), .pending))
        }
        lines += StyledLine(call).wrapped(width: width, indent: 2)
        if let python = entry.python {
            for part in python.split(separator: "\n", omittingEmptySubsequences: false) {
                lines += StyledLine("  " + part, .python).wrapped(width: width, indent: 4)
            }
        }
        if let result, let text = pythonView(result, w) {
            lines += StyledLine("  " + text.0, text.1).wrapped(width: width, indent: 4)
        }
        return lines
    }

    /// Python's words stay as Python prints them; only "raises" is the interface's.
    static func pythonView(_ result: StepOutcome, _ w: Words) -> (String, Style)? {
        switch result {
        case .returned: return nil
        case .endOfStream: return (w(.pythonEndOfStream), .dim)
        case .timedOut: return (w(.pythonRaises, ["exception": "TimeoutError: timed out"]), .failure)
        case .raised(let exception, let errno):
            return (w(.pythonRaises, ["exception": "\(exception)" + (errno.map { ": [Errno \($0.code)] \($0.message)" } ?? "")]), .failure)
        }
    }
}
