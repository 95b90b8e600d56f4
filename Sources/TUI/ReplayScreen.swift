import Catalogue
import Foundation
import Tutor

/// The player as a pure function: the lesson screen exactly as live (same render, same
/// layout), its header saying REPLAY, and the key bar's row holding play state, speed, a
/// progress bar and the recorded time.
public enum ReplayScreen {
    public static func render(_ view: ReplayView, size: ScreenSize) -> Grid {
        var grid = LessonScreen.render(view.lesson, size: size, now: view.recordedTime)
        if size.isTooSmall { return grid }
        let w = Words(view.language)
        Chrome.header(&grid, left: w(.replayHeader, ["title": view.title]), right: headerRight(view, w))
        statusBar(&grid, view, w)
        if view.showingHelp {
            ReplayHelp.draw(&grid, view, w)
        } else if view.showsEndNotice {
            endNotice(&grid, view, w)
        }
        return grid
    }

    static func headerRight(_ view: ReplayView, _ w: Words) -> StyledLine {
        let state = view.lesson.shown
        let total = state.lesson?.stepCount ?? view.stepCount
        let steps = state.finished ? w(.allStepsDone, ["total": total]) : w(.stepProgress, ["n": state.stepsSettled, "total": total])
        guard view.atEnd else { return StyledLine(steps + " ", .title) }
        return StyledLine([(steps + " ", .title), (" " + w(view.cutShort ? .replayEndCutShort : .replayEnd) + " ", .banner), (" ", .title)])
    }

    /// `▶ playing 2× ███████░░░░░ 0:12.3 / 1:05.0 · Space pause · ? keys · q quit`: the bar's
    /// two glyphs tell played from unplayed without colour.
    static func statusBar(_ grid: inout Grid, _ view: ReplayView, _ w: Words) {
        let row = grid.height - 1
        grid.fill(row: row, column: 0, width: grid.width, height: 1)
        let state = w(view.atEnd ? .replayStateEnd : view.playing ? .replayPlaying : .replayPaused)
        let left = " \(state) \(speedText(view.speed)) "
        let time = " \(clock(view.recordedTime)) / \(clock(view.index.recordedDuration))"
        var keys: [(String, String)] = [("Space", w(view.playing ? .keyPause : .keyPlay)), ("?", w(.keyKeys)), ("q", w(view.quitEndsProgram ? .keyQuit : .keyReturn))]
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
    static func endNotice(_ grid: inout Grid, _ view: ReplayView, _ w: Words) {
        var lines: [StyledLine] = []
        if view.cutShort {
            lines.append(StyledLine(w(.replayCutShortNotice), .failure))
        }
        for warning in view.warnings { lines.append(StyledLine("! " + warning, .pending)) }
        lines.append(.empty)
        lines.append(StyledLine(w(.anyKeyCloses), .dim))
        Chrome.box(&grid, title: w(.replayEndTitle), lines: lines, width: 72)
    }
}

/// The player's `?` overlay: every key, and what the times on screen mean.
enum ReplayHelp {
    static let keys: [(String, Phrase)] = [
        ("Space", .replayHelpPlay),
        (". ,", .replayHelpEvent),
        ("] [ → ←", .replayHelpStep),
        ("+ -", .replayHelpSpeed),
        ("0 … 9", .replayHelpJump),
        ("g G", .replayHelpEnds),
        ("PgUp PgDn", .helpScroll),
        ("Tab", .helpFocus),
        ("?", .helpToggle),
        ("q", .replayHelpQuit),
    ]

    static func draw(_ grid: inout Grid, _ view: ReplayView, _ w: Words) {
        var lines = keys.map { key, text in StyledLine([(TextWidth.pad(key, to: 11), .key), (w(text), .plain)]) }
        lines.append(.empty)
        let limit = view.idleLimit.map { w(.replayIdleLimit, ["limit": ReplayScreen.clockWords($0, w)]) } ?? ""
        lines.append(StyledLine(limit + w(.replayTimes), .dim))
        if view.cutShort { lines.append(StyledLine(w(.replayCutShortHelp), .failure)) }
        for warning in view.warnings { lines.append(StyledLine("! " + warning, .pending)) }
        lines.append(StyledLine(w(.helpAnyKey), .dim))
        Chrome.box(&grid, title: w(.replayHelpTitle), lines: lines, width: 72)
    }
}

extension ReplayScreen {
    /// `2 s`, `0.5 s`: a limit as the learner typed it.
    static func clockWords(_ seconds: Double, _ w: Words) -> String {
        w(.seconds, ["n": seconds == seconds.rounded() ? "\(Int(seconds))" : "\(seconds)"])
    }
}
