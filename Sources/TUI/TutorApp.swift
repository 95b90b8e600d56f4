import CNCursesW
import Foundation
import Glibc
import LessonKit
import Tutor

/// The full-screen program: the menu and lessons, driven by keys, session events, a clock
/// for pending calls, and signals — all waited for in one poll() on the main thread.
public final class TutorApp {
    public enum Start: Sendable {
        case menu
        /// Open this lesson (index in `lessons`); q then quits instead of showing the menu.
        case lesson(Int)
    }

    /// How the program ended: 0, or 128 + the signal that ended it.
    public struct Exit: Sendable { public var status: Int32 }

    private let lessons: [Lesson]
    private let language: String
    private let start: Start
    private var menu: MenuView
    private var run: LessonRun?
    private var terminal: TerminalScreen?
    private var wake: Int32 = -1

    public init(lessons: [Lesson], language: String, start: Start) {
        self.lessons = lessons
        self.language = language
        self.start = start
        menu = MenuView(entries: lessons.map {
            MenuView.Entry(id: $0.id, title: $0.title.resolved(language), summary: $0.summary.resolved(language))
        })
    }

    /// Runs until q or a signal. The terminal is restored before this returns or throws.
    public func run(colors: Bool) throws -> Exit {
        wake = cnc_eventfd()
        guard wake >= 0 else { throw TerminalScreen.Failure(description: "cannot make an eventfd: \(String(cString: strerror(errno)))") }
        defer { close(wake) }
        let terminal = try TerminalScreen(colors: colors)
        self.terminal = terminal
        defer {
            run?.leave()
            run = nil
            terminal.stop()
        }
        if case .lesson(let index) = start { try open(index, quitEndsProgram: true) }
        while true {
            terminal.draw(frame(terminal.size))
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: terminal.signalDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
            ]
            _ = poll(&fds, 3, run?.needsClock == true ? 100 : -1)
            if fds[1].revents != 0 {
                var signal: UInt8 = 0
                while read(terminal.signalDescriptor, &signal, 1) == 1 {
                    // A resize only wakes us; get_wch reports it as KEY_RESIZE below.
                    if Int32(signal) != SIGWINCH { return Exit(status: 128 + Int32(signal)) }
                }
            }
            if fds[2].revents != 0 {
                var count: UInt64 = 0
                _ = read(wake, &count, 8)
            }
            run?.drainEvents()
            for key in terminal.readKeys() {
                if key == .resize { terminal.invalidate() }
                if try handle(key, size: terminal.size) == false { return Exit(status: 0) }
            }
        }
    }

    private func frame(_ size: ScreenSize) -> Grid {
        if let run { return LessonScreen.render(run.view, size: size, now: run.now) }
        return MenuScreen.render(menu, size: size)
    }

    private func open(_ index: Int, quitEndsProgram: Bool) throws {
        let lessonRun = try LessonRun(lesson: lessons[index], index: index, count: lessons.count, language: language,
                                      wakeDescriptor: wake, quitEndsProgram: quitEndsProgram)
        run = lessonRun
        // The first advance shows the opening narrative and runs the first step.
        lessonRun.session.send(.next)
    }

    /// Returns false when the program should end.
    private func handle(_ key: Key, size: ScreenSize) throws -> Bool {
        if let run { return try handleLesson(key, run: run, size: size) }
        if menu.showingHelp { menu.showingHelp = false; return true }
        if size.isTooSmall { return KeyMap.menu(key) != .quit }
        switch KeyMap.menu(key) {
        case .choose(let delta): menu.move(by: delta)
        case .select(let number): if number <= menu.entries.count { menu.selected = number - 1 }
        case .open: if !menu.entries.isEmpty { try open(menu.selected, quitEndsProgram: false) }
        case .toggleHelp: menu.showingHelp = true
        case .quit: return false
        default: break
        }
        return true
    }

    private func handleLesson(_ key: Key, run: LessonRun, size: ScreenSize) throws -> Bool {
        if run.view.showingHelp { run.view.showingHelp = false; return true }
        let request = KeyMap.lesson(key, page: max(1, size.rows / 2))
        if size.isTooSmall && request != .quit { return true }
        switch request {
        case .next:
            if !run.view.stepForward() && !run.view.live.finished { run.session.send(.next) }
        case .back: run.view.stepBack()
        case .restart:
            run.leave()
            self.run = nil
            try open(run.index, quitEndsProgram: run.view.quitEndsProgram)
        case .scrollUp(let lines):
            run.view.scroll(by: lines)
            clampScroll(run, size: size)
        case .scrollDown(let lines): run.view.scroll(by: -lines)
        case .focusNext: run.view.cycleFocus()
        case .toggleHelp: run.view.showingHelp = true
        case .quit:
            let ends = run.view.quitEndsProgram
            run.leave()
            self.run = nil
            if ends { return false }
            menu.selected = run.index
        default: break
        }
        return true
    }

    private func clampScroll(_ run: LessonRun, size: ScreenSize) {
        let limit = LessonScreen.maxScroll(run.view, size: size, pane: run.view.focus)
        if (run.view.scroll[run.view.focus] ?? 0) > limit { run.view.scroll[run.view.focus] = limit }
    }
}
