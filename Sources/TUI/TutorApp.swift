import Catalogue
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
        /// Play this recording; q then quits.
        case replay(Recording)
        /// Take this lesson's quiz (index in `lessons`); q then quits. For `sockettutor quiz`.
        case quiz(Int)
        /// Take these questions (the final quiz, the review) under this title; q then quits.
        case questions(QuizRun, title: String)
    }

    /// How the program ended: 0, or 128 + the signal that ended it.
    public struct Exit: Sendable { public var status: Int32 }

    let lessons: [LessonHeader]
    /// Lessons parsed so far, by index: each file is parsed when first opened.
    private var loaded: [Int: Lesson] = [:]
    /// The language of the interface and the lessons; the menu's L switches it (read by the
    /// command that shows a broken lesson's errors once the screen is gone).
    public internal(set) var language: String
    /// Capture and pcap settings every lesson opened here gets.
    private let sessionOptions: SessionOptions
    private let start: Start
    var menu: MenuView
    var run: LessonRun?
    /// The replay player on screen, if any (over the recent sessions when opened from there).
    var player: ReplayPlayer?
    /// The list of recent sessions, when opened from the menu.
    var recent: RecentView?
    /// Where the recent sessions are kept, and how long a wait may play in a replay.
    let store: RecordingStore
    let idleLimit: Double?
    /// The quiz on screen, if any: over the menu or over a finished lesson.
    var quiz: QuizSession?
    /// Called after every quiz answer with its feedback, the milliseconds it took and the
    /// quiz's id (a lesson, `final`, `review`), for the progress store (nil records nothing).
    public var onAnswer: ((QuizRun.Feedback, Int, String) -> Void)?
    /// Called once when a quiz's last question is answered (its score is final).
    public var onQuizFinished: ((QuizRun) -> Void)?
    /// The progress store's side of the menu and the lessons (TutorApp+Resume.swift).
    public var progress = ProgressHooks()
    /// The menu's marks and due count are read again before it is next drawn.
    var menuStale = true
    /// The step counts of the lessons started are still to be read, after the frame is up.
    var menuCountsPending = false
    private var terminal: TerminalScreen?
    private var wake: Int32 = -1
    /// Predict questions answered or skipped so far (`lesson/question`): each once while the
    /// program runs, so that restarting or reopening a lesson does not ask it again. (One
    /// left with q unanswered is asked again.)
    var askedPredictions: Set<String> = []
    /// A resume reached its step during the events just gathered: keys typed meanwhile and
    /// still unread are discarded, as those read during it were.
    var resumeEnded = false

    /// `opened`: the lesson `start` opens, when the caller has parsed it already.
    public init(lessons: [LessonHeader], language: String, start: Start, sessionOptions: SessionOptions = SessionOptions(),
                opened: Lesson? = nil, store: RecordingStore = .standard(), idleLimit: Double? = 2) {
        self.lessons = lessons
        self.store = store
        self.idleLimit = idleLimit
        if case .lesson(let index) = start, let opened { loaded[index] = opened }
        if case .quiz(let index) = start, let opened { loaded[index] = opened }
        self.language = language
        self.sessionOptions = sessionOptions
        self.start = start
        menu = MenuView(entries: Self.menuEntries(lessons, language: language))
        menu.language = language
    }

    /// Runs until q or a signal. The terminal is restored before this returns or throws
    /// (`LessonErrors` when the file of a lesson chosen in the menu is broken).
    public func run(colors: Bool) throws -> Exit {
        wake = cnc_eventfd()
        guard wake >= 0 else { throw MessageFailure(.cannotMakeEventfd, ["reason": .errno(errno)]) }
        defer { close(wake) }
        let terminal = try TerminalScreen(colors: colors)
        self.terminal = terminal
        defer {
            run?.leave()
            run = nil
            terminal.stop()
        }
        switch start {
        case .lesson(let index): try open(index, quitEndsProgram: true)
        case .replay(let recording):
            player = ReplayPlayer(ReplayView(recording: recording, idleLimit: idleLimit, quitEndsProgram: true))
        case .quiz(let index): try openQuiz(index, quitEndsProgram: true)
        case .questions(let questions, let title): openQuestions(questions, title: title, quitEndsProgram: true)
        case .menu: break
        }
        // Draw only when something on screen may have changed: a key that changed the view,
        // events, a resize, or the clock of a pending call.
        var dirty = true
        // Wake-ups in a row where stdin was readable yet gave no key (see below).
        var emptyReads = 0
        while true {
            if dirty {
                terminal.draw(frame(terminal.size))
                // For the crash test only (TerminalTests): trap once the screen is up, as a
                // runtime failure would, to show the terminal is restored on a crash.
                if Self.crashForTests { cnc_test_trap() }
            }
            dirty = false
            // Parsing a started lesson for its step count waits until the menu is on screen.
            if countMenuSteps() { dirty = true; continue }
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: terminal.signalDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
            ]
            let ticking = run?.needsClock == true
            // A replay that plays wakes when its next event is due (see ReplayPlayer).
            let timeout = player?.pollTimeout ?? (ticking ? 100 : -1)
            if poll(&fds, 3, timeout) == 0 { dirty = ticking }
            if player?.tick() == true { dirty = true }
            if fds[1].revents != 0 {
                var signal: UInt8 = 0
                while read(terminal.signalDescriptor, &signal, 1) == 1 {
                    // A resize only wakes us; get_wch reports it as KEY_RESIZE below.
                    if Int32(signal) != SIGWINCH {
                        run?.session.recordEnding(.signal(Int32(signal)))
                        return Exit(status: 128 + Int32(signal))
                    }
                }
            }
            if fds[2].revents != 0 && gatherEvents() { dirty = true }
            if resumeEnded {
                resumeEnded = false
                terminal.discardTypeahead()
            }
            // The terminal hung up or stdin is unusable: no key can come, and poll would
            // return at once forever. Also if stdin keeps being readable but yields nothing.
            let keys = terminal.readKeys()
            emptyReads = fds[0].revents != 0 && keys.isEmpty ? emptyReads + 1 : 0
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 || emptyReads >= 100 {
                throw MessageFailure(.stdinEnded)
            }
            for key in keys {
                if key == .resize { terminal.invalidate() }
                switch try handle(key, size: terminal.size) {
                case .quit: return Exit(status: 0)
                case .changed: dirty = true
                case .unchanged: break
                }
            }
        }
    }

    /// A step's events come in a burst (started, call, finished, settled …) within a
    /// fraction of a millisecond: take the whole burst, so the screen is drawn once per step.
    private func gatherEvents() -> Bool {
        var count: UInt64 = 0
        var any = false
        for _ in 0..<20 {
            _ = read(wake, &count, 8)
            if run?.drainEvents() == true { any = true }
            var fd = pollfd(fd: wake, events: Int16(POLLIN), revents: 0)
            if poll(&fd, 1, 2) <= 0 { break }
        }
        return any
    }

    enum Outcome { case changed, unchanged, quit }

    private static let crashForTests = ProcessInfo.processInfo.environment["SOCKETTUTOR_TEST_CRASH"] == "1"

    private func frame(_ size: ScreenSize) -> Grid {
        if let quiz { return QuizScreen.render(quiz.view, size: size) }
        if let player { return ReplayScreen.render(player.view, size: size) }
        if let run { return LessonScreen.render(run.view, size: size, now: run.now) }
        if let recent { return RecentScreen.render(recent, size: size) }
        if menuStale { refreshMenuProgress() }
        return MenuScreen.render(menu, size: size)
    }

    /// A lesson's file, parsed when first needed.
    func loadedLesson(_ index: Int) throws -> Lesson {
        let lesson = try loaded[index] ?? lessons[index].load()
        loaded[index] = lesson
        return lesson
    }

    func open(_ index: Int, quitEndsProgram: Bool, resumeTo: Int? = nil) throws {
        let lesson = try loadedLesson(index)
        var options = sessionOptions
        if let size = terminal?.size { options.recording.terminal = TerminalSize(columns: size.columns, rows: size.rows) }
        let lessonRun = try LessonRun(lesson: lesson, index: index, count: lessons.count, language: language,
                                      options: options, wakeDescriptor: wake, quitEndsProgram: quitEndsProgram)
        lessonRun.view.quizOffered = lesson.quiz.contains { $0.predictedStep == nil }
        // A prediction is kept as an answer, through the quiz's hook.
        lessonRun.onPrediction = { [weak self] result in self?.onAnswer?(result.feedback, result.milliseconds, lesson.id) }
        followProgress(lessonRun, resumeTo: resumeTo)
        run = lessonRun
        // The first advance shows the opening narrative and runs the first step (asking its
        // predict question first, if it has one).
        advance(lessonRun)
    }

    private func handle(_ key: Key, size: ScreenSize) throws -> Outcome {
        if let quiz { return handleQuiz(key, session: quiz, size: size) }
        if let player { return handleReplay(key, player: player, size: size) }
        if let run { return try handleLesson(key, run: run, size: size) }
        if recent != nil { return handleRecent(key, size: size) }
        if menu.showingHelp { menu.showingHelp = false; return .changed }
        if size.isTooSmall { return KeyMap.menu(key) == .quit ? .quit : .changed }
        menu.notice = nil
        switch KeyMap.menu(key) {
        case .choose(let delta): menu.move(by: delta)
        case .select(let number): if number <= menu.entries.count { menu.selected = number - 1 }
        case .open: if !menu.entries.isEmpty { try open(menu.selected, quitEndsProgram: false) }
        case .toggleHelp: menu.showingHelp = true
        case .showRecent: openRecent()
        case .openQuiz: if !menu.entries.isEmpty { try openQuiz(menu.selected, quitEndsProgram: false) }
        case .resume: try resumeSelected()
        case .finalQuiz: try openFinalQuiz()
        case .review: try openReview()
        case .switchLanguage: switchLanguage()
        case .quit: return .quit
        case .none: return .unchanged
        default: break
        }
        return .changed
    }

    private func handleLesson(_ key: Key, run: LessonRun, size: ScreenSize) throws -> Outcome {
        if run.view.resumingTo != nil { return handleResuming(key, run: run) }
        if run.view.showingHelp { run.view.showingHelp = false; return .changed }
        if run.view.prompt != nil && KeyMap.prediction(key) != .quit { return handlePrompt(key, run: run, size: size) }
        let request = KeyMap.lesson(key, page: max(1, size.rows / 2))
        if size.isTooSmall && request != .quit { return .changed }
        switch request {
        case .next:
            if !run.view.stepForward() {
                // The present: the step's events will change the screen when they come (a
                // predict question or a result put away changes it now).
                guard !run.view.live.finished else { return .unchanged }
                return advance(run) ? .changed : .unchanged
            }
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
        case .openQuiz:
            // Offered at the lesson's end only: mid-lesson z does nothing.
            guard run.view.live.finished, run.view.quizOffered else { return .unchanged }
            try openQuiz(run.index, quitEndsProgram: false)
        case .quit: return leave(run)
        case .none: return .unchanged
        default: break
        }
        return .changed
    }

    /// q: unblocks, joins and closes everything of the lesson, then the menu or the shell.
    func leave(_ run: LessonRun) -> Outcome {
        run.leave()
        self.run = nil
        if run.view.quitEndsProgram { return .quit }
        menu.selected = run.index
        return .changed
    }

    private func clampScroll(_ run: LessonRun, size: ScreenSize) {
        let limit = LessonScreen.maxScroll(run.view, size: size, pane: run.view.focus)
        if (run.view.scroll[run.view.focus] ?? 0) > limit { run.view.scroll[run.view.focus] = limit }
    }
}
