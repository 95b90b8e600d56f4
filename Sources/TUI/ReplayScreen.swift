import Foundation
import Tutor

/// The player as a pure function: the lesson screen exactly as live (same render, same
/// layout), its header saying REPLAY, and the key bar's row holding play state, speed, a
/// progress bar and the recorded time.
public enum ReplayScreen {
    public static func render(_ view: ReplayView, size: ScreenSize) -> Grid {
        var grid = LessonScreen.render(view.lesson, size: size, now: view.recordedTime)
        if size.isTooSmall { return grid }
        Chrome.header(&grid, left: "REPLAY · \(view.title)", right: headerRight(view))
        statusBar(&grid, view)
        if view.showingHelp {
            ReplayHelp.draw(&grid, view)
        } else if view.showsEndNotice {
            endNotice(&grid, view)
        }
        return grid
    }

    static func headerRight(_ view: ReplayView) -> StyledLine {
        let state = view.lesson.shown
        let total = state.lesson?.stepCount ?? view.stepCount
        let steps = state.finished ? "all \(total) steps done" : "step \(state.stepsSettled)/\(total)"
        guard view.atEnd else { return StyledLine(steps + " ", .title) }
        return StyledLine([(steps + " ", .title), (view.cutShort ? " end: cut short " : " end ", .banner), (" ", .title)])
    }

    /// `▶ playing 2× ███████░░░░░ 0:12.3 / 1:05.0 · Space pause · ? keys · q quit`: the bar's
    /// two glyphs tell played from unplayed without colour.
    static func statusBar(_ grid: inout Grid, _ view: ReplayView) {
        let row = grid.height - 1
        grid.fill(row: row, column: 0, width: grid.width, height: 1)
        let state = view.atEnd ? "■ end" : view.playing ? "▶ playing" : "‖ paused"
        let left = " \(state) \(speedText(view.speed)) "
        let time = " \(clock(view.recordedTime)) / \(clock(view.index.recordedDuration))"
        var keys: [(String, String)] = [("Space", view.playing ? "pause" : "play"), ("?", "keys"), ("q", view.quitEndsProgram ? "quit" : "back")]
        func keysWidth() -> Int { keys.reduce(0) { $0 + 3 + TextWidth.columns($1.0) + 1 + TextWidth.columns($1.1) } }
        while !keys.isEmpty && grid.width - TextWidth.columns(left) - TextWidth.columns(time) - keysWidth() < 10 { keys.removeFirst() }
        let barWidth = max(1, grid.width - TextWidth.columns(left) - TextWidth.columns(time) - keysWidth())
        let played = min(barWidth, Int((view.progress * Double(barWidth)).rounded()))
        var line: [(String, Style)] = [(left, .title),
                                       (String(repeating: "█", count: played), .heading),
                                       (String(repeating: "░", count: barWidth - played), .dim),
                                       (time, .plain)]
        for (key, action) in keys {
            line.append((" · ", .dim))
            line.append((key, .key))
            line.append((" " + action, .plain))
        }
        StyledLine(line).draw(into: &grid, row: row, column: 0, width: grid.width)
    }

    static func speedText(_ speed: Double) -> String {
        speed == speed.rounded() ? "\(Int(speed))×" : "\(speed)×"
    }

    /// `1:05.3`, or `1:02:05.3` past an hour: minutes and seconds to a tenth.
    static func clock(_ seconds: Double) -> String {
        let tenths = Int((max(0, seconds) * 10).rounded(.down))
        let hours = tenths / 36_000, minutes = tenths / 600 % 60, secs = tenths / 10 % 60
        let tail = String(format: "%02d.%d", secs, tenths % 10)
        return hours > 0 ? String(format: "%d:%02d:", hours, minutes) + tail : "\(minutes):" + tail
    }

    /// Shown once on reaching the end of a recording cut short or read with warnings.
    static func endNotice(_ grid: inout Grid, _ view: ReplayView) {
        var lines: [StyledLine] = []
        if view.cutShort {
            lines.append(StyledLine("This recording has no end record: the session was cut short (the program was killed or crashed, or the disk was full). What was written is all shown.", .failure))
        }
        for warning in view.warnings { lines.append(StyledLine("! " + warning, .pending)) }
        lines.append(.empty)
        lines.append(StyledLine("Any key closes this.", .dim))
        Chrome.box(&grid, title: "End of the recording", lines: lines, width: 72)
    }
}

/// The player's `?` overlay: every key, and what the times on screen mean.
enum ReplayHelp {
    static let keys: [(String, String)] = [
        ("Space", "play or pause; at the end, play again from the start"),
        (". ,", "one event forward, back"),
        ("] [ → ←", "next, previous step"),
        ("+ -", "faster, slower: 0.25× 0.5× 1× 2× 4× 8× 16×"),
        ("0 … 9", "jump to 0 %, 10 % … 90 % of the playback"),
        ("g G", "the start, the end"),
        ("PgUp PgDn", "scroll the pane with focus (↑ ↓: one line)"),
        ("Tab", "move focus to the next pane (marked ▸)"),
        ("?", "show or hide this help"),
        ("q", "back to the recent sessions, or quit"),
    ]

    static func draw(_ grid: inout Grid, _ view: ReplayView) {
        var lines = keys.map { key, text in StyledLine([(TextWidth.pad(key, to: 11), .key), (text, .plain)]) }
        lines.append(.empty)
        let limit = view.idleLimit.map { "Waits longer than \(ReplayScreen.clockWords($0)) play as \(ReplayScreen.clockWords($0)) (--idle-limit); " } ?? ""
        lines.append(StyledLine(limit + "the times on screen are the recorded ones. A replay makes no calls: it shows what the recorded session did.", .dim))
        if view.cutShort { lines.append(StyledLine("This recording was cut short: it has no end record.", .failure)) }
        for warning in view.warnings { lines.append(StyledLine("! " + warning, .pending)) }
        lines.append(StyledLine("Any key closes this help.", .dim))
        Chrome.box(&grid, title: "Replay keys", lines: lines, width: 72)
    }
}

extension ReplayScreen {
    /// `2 s`, `0.5 s`: a limit as the learner typed it.
    static func clockWords(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
