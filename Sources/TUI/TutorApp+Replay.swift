import Catalogue
import Foundation
import SocketTrace
import Tutor

/// A replay on screen and its wall clock. Playing needs no thread: the app's one poll()
/// waits until the next event is due (at most 100 ms, so the time and the bar move), and
/// `tick` moves the playhead by the wall time that passed.
final class ReplayPlayer {
    var view: ReplayView
    private var lastTick: UInt64

    init(_ view: ReplayView) {
        self.view = view
        lastTick = Kernel.monotonicNanoseconds()
    }

    /// Plays on by the time since the last tick. True when the screen may have changed.
    func tick() -> Bool {
        let now = Kernel.monotonicNanoseconds()
        defer { lastTick = now }
        guard view.playing else { return false }
        view.advance(by: Double(now &- lastTick) / 1e9)
        return true
    }

    /// poll()'s timeout in ms: -1 when paused (only a key can change the screen).
    var pollTimeout: Int32 {
        guard view.playing else { return -1 }
        let next = view.secondsToNextEvent ?? 0
        return Int32(min(100, max(1, (next * 1000).rounded(.up))))
    }
}

extension TutorApp {
    func handleReplay(_ key: Key, player: ReplayPlayer, size: ScreenSize) -> Outcome {
        if key == .resize { return .changed }
        // Any key closes an overlay, as in a lesson.
        if player.view.showingHelp { player.view.showingHelp = false; return .changed }
        // The end notice only informs: any key closes it and still does what it does (q quits).
        let closedNotice = player.view.showsEndNotice
        if closedNotice { player.view.endNoticeClosed = true }
        let request = KeyMap.replay(key, page: max(1, size.rows / 2))
        if size.isTooSmall && request != .quit { return .changed }
        switch request {
        case .playPause: player.view.playPause()
        case .moveEvents(let count): player.view.moveEvents(count)
        case .moveSteps(let count): player.view.moveSteps(count)
        case .changeSpeed(let notches): player.view.changeSpeed(by: notches)
        case .jumpToPercent(let percent): player.view.jump(toPercent: percent)
        case .jumpToStart: player.view.jumpToStart()
        case .jumpToEnd: player.view.jumpToEnd()
        case .scrollUp(let lines):
            player.view.scroll(by: lines)
            let pane = player.view.lesson.focus
            let limit = LessonScreen.maxScroll(player.view.lesson, size: size, pane: pane)
            if (player.view.lesson.scroll[pane] ?? 0) > limit { player.view.setScroll(limit, pane: pane) }
        case .scrollDown(let lines): player.view.scroll(by: -lines)
        case .focusNext: player.view.cycleFocus()
        case .toggleHelp: player.view.showingHelp = true
        case .quit:
            self.player = nil
            // Opened from the recent sessions: back to that list.
            if player.view.quitEndsProgram { return .quit }
        case .none: return closedNotice ? .changed : .unchanged
        default: break
        }
        return .changed
    }

    /// The menu's `h`: the store's recordings, newest first.
    func openRecent() {
        recent = RecentView(entries: store.entries(), directory: store.directory.path)
        recent?.language = language
    }

    func handleRecent(_ key: Key, size: ScreenSize) -> Outcome {
        guard var list = recent else { return .unchanged }
        let request = KeyMap.recent(key)
        if size.isTooSmall && request != .quit { return .changed }
        switch request {
        case .choose(let delta): list.move(by: delta)
        case .open:
            guard list.entries.indices.contains(list.selected) else { return .unchanged }
            do {
                let recording = try RecordingReader.read(path: list.entries[list.selected].path)
                player = ReplayPlayer(ReplayView(recording: recording, idleLimit: idleLimit, quitEndsProgram: false, language: language))
                list.problem = nil
            } catch {
                list.problem = Words(language)(.cannotReplay, ["error": error.text(Words(language).language)])
            }
        case .quit:
            recent = nil
            return .changed
        case .none: return .unchanged
        default: break
        }
        recent = list
        return .changed
    }
}
