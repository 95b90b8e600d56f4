import Catalogue
import Foundation
import SocketTrace
import Tutor

/// The lesson screen as a pure function: view + size + clock → grid. No terminal here.
public enum LessonScreen {
    /// `now`: seconds since the session started, for the elapsed time of pending calls.
    /// (When history is on screen, the clock stops at that point.)
    public static func render(_ view: LessonView, size: ScreenSize, now: Double) -> Grid {
        let w = Words(view.language)
        if size.isTooSmall { return Chrome.tooSmall(size, w) }
        var grid = Grid(width: size.columns, height: size.rows)
        let state = view.shown
        let clock = view.isViewingHistory ? state.lastEventAt : now
        let layout = layout(state, size: size)

        Chrome.header(&grid, left: w(.lessonHeader, ["n": view.lessonNumber, "count": view.lessonCount, "title": view.lessonTitle]), right: headerRight(view, w))

        let narrative = layout.narrative
        drawPane(&grid, rect: narrative, title: sectionTitle(state, w), focused: view.focus == .narrative,
                 lines: narrativeLines(state, width: narrative.width - 2, cache: view.lineCache, quizOffered: view.quizOffered,
                                      predictions: view.predictionResults, language: view.language), scroll: view.scroll[.narrative] ?? 0, w)
        for (name, rect) in layout.actors {
            let entries = state.traces[name] ?? []
            let scroll = view.scroll[.actor(name)] ?? 0
            // Enough of the end to fill the pane wherever autoTop and the scroll put it.
            let pane = entries.isEmpty
                ? PaneLines(total: 1, tail: [StyledLine(w(.noCallsYet), .dim)])
                : traceTail(entries, state: state, width: rect.width - 1, now: clock, cache: view.lineCache,
                            keep: rect.bodyRows * 2 + scroll + 1, w)
            drawPane(&grid, rect: rect, title: name, focused: view.focus == .actor(name), pane: pane, scroll: scroll, w)
        }
        drawKernelPane(&grid, rect: layout.kernel, state: state, focused: view.focus == .kernel, scroll: view.scroll[.kernel] ?? 0, w)
        drawPane(&grid, rect: layout.packets, title: packetsTitle(state, w), focused: view.focus == .packets,
                 lines: packetLines(state, width: layout.packets.width - 2, w), scroll: view.scroll[.packets] ?? 0, w)
        let bottom = layout.kernel.row
        grid.put("┬", row: bottom, column: layout.bottomSeparatorColumn, style: .border)
        for row in (bottom + 1)..<(bottom + layout.kernel.height) {
            grid.put("│", row: row, column: layout.bottomSeparatorColumn, style: .border)
        }

        // The line between the narrative and the actors, joined to the title rules it meets.
        let titleRows = Set(layout.actors.map(\.rect.row))
        for row in narrative.row..<(narrative.row + narrative.height) {
            let joint = row == narrative.row ? "┬" : titleRows.contains(row) ? "├" : "│"
            grid.put(joint, row: row, column: layout.separatorColumn, style: .border)
        }
        if grid[layout.kernel.row, layout.separatorColumn].text == "─" {
            grid.put("┴", row: layout.kernel.row, column: layout.separatorColumn, style: .border)
        }

        let asking = view.isViewingHistory ? nil : view.prompt
        if let asking { PredictionPanel.drawQuestion(&grid, asking, language: view.language, over: layout.actorsArea) }
        // While resuming, the key bar says so beside the one key that works.
        let resuming = view.resumingTo.map { w(.resumingTo, ["target": $0, "n": state.stepsSettled]) }
        Chrome.keyBar(&grid, keys: asking.map { keys(asking: $0, view) } ?? keys(view), notice: resuming)
        if view.showingHelp { HelpOverlay.draw(&grid, w) }
        return grid
    }

    /// Listeners first: a listener's accept queue is what most steps about a server are
    /// about, and there are few of them. When the rows overflow and the learner has not
    /// scrolled, listeners stay in sight and the rest follow the newest.
    static func drawKernelPane(_ grid: inout Grid, rect: LessonLayout.Rect, state: SessionState, focused: Bool, scroll: Int, _ w: Words) {
        let title = w(.kernelTitle)
        let lines = kernelLines(state, width: rect.width - 2, w)
        let listeners = state.kernel.filter(\.isListener).count
        let rows = rect.bodyRows
        guard scroll == 0, lines.count > rows, listeners > 0, listeners < rows else {
            drawPane(&grid, rect: rect, title: title, focused: focused, lines: lines, scroll: scroll, w)
            return
        }
        let shown = Array(lines.prefix(listeners)) + lines.suffix(rows - listeners)
        Chrome.titleRule(&grid, row: rect.row, column: rect.column, width: rect.width, title: title, focused: focused,
                         trailer: w(.moreAbove, ["n": lines.count - rows]))
        for (offset, line) in shown.enumerated() {
            line.draw(into: &grid, row: rect.row + 1 + offset, column: rect.column + 1, width: rect.width - 1)
        }
    }

    static func keys(_ view: LessonView) -> [(key: String, action: String)] {
        // At the end Space has nothing left to run: its place goes to the quiz.
        let quizNext = view.quizOffered && view.live.finished && !view.isViewingHistory
        let w = Words(view.language)
        // While resuming every other key is dropped (TutorApp.handleResuming).
        if view.resumingTo != nil { return [("q", w(view.quitEndsProgram ? .keyQuit : .keyMenu))] }
        return [
            quizNext ? ("z", w(.keyQuiz)) : ("Space", w(view.isViewingHistory ? .keyForward : .keyNext)), ("b", w(.keyBack)), ("r", w(.keyRestart)),
            ("Tab", w(.keyFocus)), ("PgUp/PgDn", w(.keyScroll)), ("?", w(.keyHelp)), ("q", w(view.quitEndsProgram ? .keyQuit : .keyMenu)),
        ]
    }

    /// While a predict question waits for its answer (see KeyMap.prediction).
    static func keys(asking prompt: PredictionPrompt, _ view: LessonView) -> [(key: String, action: String)] {
        let w = Words(view.language)
        return [("↑↓", w(.keyChoose)), ("1–\(prompt.choices.count)", w(.keyPick)), ("Enter", w(.keyPredict))]
            + (prompt.item.question.hint != nil ? [("h", w(.keyHint))] : [])
            + [("s", w(.keySkip)), ("?", w(.keyHelp)), ("q", w(view.quitEndsProgram ? .keyQuit : .keyMenu))]
    }

    /// The lesson's sockets as /proc/net lists them, one a line, listeners first. Sockets no descriptor owns
    /// (TIME_WAIT, waiting to be accepted) say so in words, not only in a dimmer colour.
    static func kernelLines(_ state: SessionState, width: Int, _ w: Words) -> [StyledLine] {
        let ordered = state.kernel.filter(\.isListener) + state.kernel.filter { !$0.isListener }
        let lines = ordered.map { row -> StyledLine in
            let full = KernelWords.line(row, w) + (row.inode == 0 ? " · " + w(.noDescriptor) : "")
            let text = TextWidth.columns(full) <= width ? full : compact(row, w)
            return StyledLine(text, row.inode == 0 ? .dim : .plain)
        }
        return lines.isEmpty ? [StyledLine(w(.noSocketsYet), .dim)] : lines
    }

    /// A socket row for a narrow pane: no protocol word, the peer's host only when it differs.
    /// `TIME_WAIT 127.0.0.1:45670 → :37171 · no fd`.
    static func compact(_ row: KernelSocket, _ w: Words) -> String {
        if row.isListener { return "LISTEN \(row.local) \(w(.queueWord)) \(row.receiveQueue)" + (row.backlog.map { "/\($0)" } ?? "") }
        var text = "\(row.state) \(row.local)"
        if row.remote != "*" && !row.remote.isEmpty {
            let sameHost = row.remote.split(separator: ":").dropLast() == row.local.split(separator: ":").dropLast()
            text += " → " + (sameHost ? ":" + (row.remote.split(separator: ":").last.map(String.init) ?? "") : row.remote)
        }
        if row.receiveQueue > 0 { text += " \(w(.recvQueue)) \(row.receiveQueue)" }
        if row.sendQueue > 0 { text += " \(w(.sendQueue)) \(row.sendQueue)" }
        return text + (row.inode == 0 ? " · " + w(.noFd) : "")
    }

    static func packetsTitle(_ state: SessionState, _ w: Words) -> String {
        switch state.capture {
        case .capturing(let place)?: return w(place.hasPrefix("lo,") ? .packetsOnLoOwn : .packetsOnLo)
        case .unavailable?: return w(.packetsNotCaptured)
        case nil: return w(.packets)
        }
    }

    /// One packet a line, ports only (both ends are this machine's loopback):
    /// `36666→37171 SYN-ACK seq 0 ack 1 · 41.2ms`. When there is no capture, why not.
    static func packetLines(_ state: SessionState, width: Int, _ w: Words) -> [StyledLine] {
        if case .unavailable(let reason)? = state.capture {
            // A recording keeps the reason as it was written (older ones, and the header, in
            // English): say it in the screen's language.
            return TextWidth.wrap(CaptureWords.reason(reason, w), width: max(10, width)).map { StyledLine($0, .dim) }
        }
        var lines = state.packets.map { p -> StyledLine in
            var text = "\(p.sourcePort)→\(p.destinationPort) \(p.flagText)"
            if p.transport == "tcp" { text += " seq \(p.sequence)" + (p.acknowledgement.map { " ack \($0)" } ?? "") }
            if !p.payload.isEmpty { text += " len \(p.payload.count) \"" + ByteEscaping.escape(p.payload, limit: 16) + "\"" }
            text += String(format: " · %.1fms", Double(p.offsetNanoseconds) / 1e6)
            return StyledLine(text, p.flags.contains("SYN") || p.flags.contains("FIN") || p.flags.contains("RST") ? .title : .plain)
        }
        if state.packetsDropped > 0 { lines.append(StyledLine(w(.packetsDropped, ["n": state.packetsDropped]), .failure)) }
        return lines.isEmpty ? [StyledLine(state.capture == nil ? "" : w(.noPacketsYet), .dim)] : lines
    }

    static func layout(_ state: SessionState, size: ScreenSize) -> LessonLayout {
        var noteOnly = false
        if case .unavailable? = state.capture { noteOnly = true }
        return LessonLayout(size: size, actors: state.lesson?.actors ?? [], active: LessonLayout.activeActors(state), packetsNoteOnly: noteOnly)
    }

    /// How far the focused pane can scroll up, so that keys cannot scroll into nothing.
    public static func maxScroll(_ view: LessonView, size: ScreenSize, pane: LessonView.Pane) -> Int {
        guard !size.isTooSmall else { return 0 }
        let state = view.shown
        let layout = layout(state, size: size)
        guard let rect = layout.rect(for: pane) else { return 0 }
        let count: Int
        switch pane {
        case .narrative: count = narrativeLines(state, width: rect.width - 2, cache: view.lineCache, quizOffered: view.quizOffered,
                                                  predictions: view.predictionResults, language: view.language).count
        case .actor(let name): count = traceTail(state.traces[name] ?? [], state: state, width: rect.width - 1, now: 0, cache: view.lineCache, keep: 0, Words(view.language)).total
        case .kernel: count = kernelLines(state, width: rect.width - 2, Words(view.language)).count
        case .packets: count = packetLines(state, width: rect.width - 2, Words(view.language)).count
        }
        return autoTop(lines: count, rows: rect.bodyRows)
    }

    private static func headerRight(_ view: LessonView, _ w: Words) -> StyledLine {
        let state = view.shown
        let total = state.lesson?.stepCount ?? 0
        if view.isViewingHistory {
            return StyledLine(" " + w(.historyHeader, ["n": state.stepsSettled, "total": total]) + " ", .banner)
        }
        if state.finished { return StyledLine(w(.allStepsDone, ["total": total]) + " ", .title) }
        return StyledLine(w(.stepProgress, ["n": state.stepsSettled, "total": total]) + " ", .title)
    }

    private static func sectionTitle(_ state: SessionState, _ w: Words) -> String {
        state.narrationItems.last?.title ?? w(.lessonPane)
    }

    /// The first line shown when following the newest. It moves in jumps of half a pane, not
    /// line by line: then a step that adds a line writes only that line to the terminal,
    /// and the whole pane is redrawn once every few steps instead of at every one.
    static func autoTop(lines: Int, rows: Int) -> Int {
        guard lines > rows, rows > 0 else { return 0 }
        let jump = max(1, rows / 2)
        return min(lines - 1, (lines - rows + jump - 1) / jump * jump)
    }

    /// Title rule, then the lines that fit; `scroll` lines up from following the newest.
    static func drawPane(_ grid: inout Grid, rect: LessonLayout.Rect, title: String, focused: Bool, lines: [StyledLine], scroll: Int, _ w: Words) {
        drawPane(&grid, rect: rect, title: title, focused: focused, pane: PaneLines(total: lines.count, tail: lines), scroll: scroll, w)
    }

    static func drawPane(_ grid: inout Grid, rect: LessonLayout.Rect, title: String, focused: Bool, pane: PaneLines, scroll: Int, _ w: Words) {
        guard rect.height > 0 else { return }
        let rows = rect.bodyRows
        // What was not laid out lies before the tail: the view cannot scroll past it.
        let first = pane.total - pane.tail.count
        let start = max(first, autoTop(lines: pane.total, rows: rows) - scroll)
        let end = min(pane.total, start + rows)
        let hiddenBelow = pane.total - end
        var trailer: String?
        if hiddenBelow > 0 { trailer = w(.newerBelow, ["n": hiddenBelow]) } else if start > 0 { trailer = w(.moreAbove, ["n": start]) }
        Chrome.titleRule(&grid, row: rect.row, column: rect.column, width: rect.width, title: title, focused: focused, trailer: trailer)
        for (offset, line) in pane.tail[(start - first)..<(end - first)].enumerated() {
            line.draw(into: &grid, row: rect.row + 1 + offset, column: rect.column + 1, width: rect.width - 1)
        }
    }
}

/// A pane's lines when only its end was laid out: `tail` is the last `tail.count` of `total`.
struct PaneLines {
    var total: Int
    var tail: [StyledLine]
}
