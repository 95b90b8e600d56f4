import Tutor

/// Everything the lesson screen shows, apart from the terminal size and the clock: the
/// events seen so far, which point in time is on screen, focus, scrolling, the overlay.
/// Changed only by `apply(_:)` and by key requests; read only by `LessonScreen.render`.
public struct LessonView: Sendable {
    public enum Pane: Hashable, Sendable {
        case narrative
        case actor(String)
        case kernel
        case packets
    }

    public var lessonNumber: Int
    public var lessonCount: Int
    public var lessonTitle: String
    /// Quitting from this lesson ends the program (opened with `learn ID`), or returns to the menu.
    public var quitEndsProgram: Bool
    public private(set) var events: [StampedEvent] = []
    /// The state of the present: every event folded.
    public private(set) var live = SessionState()
    /// `events.count` right after each step settled: the points `b` can go back to.
    public private(set) var settledMarks: [Int] = []
    private var extendingMark = false
    /// nil: the present. k: the state after the k-th step (0: before the first step).
    public private(set) var historyMark: Int?
    /// The state folded up to the history mark, when one is set.
    private var past: SessionState?
    /// What is on screen: `live`, or the state folded up to the history mark. (Computed, so
    /// that each event does not copy the whole state.)
    public var shown: SessionState { past ?? live }
    public var focus: Pane = .narrative
    /// Lines scrolled up from the newest, per pane; 0 keeps the newest in view.
    public var scroll: [Pane: Int] = [:]
    public var showingHelp = false
    /// The menu's r is re-running the lesson live to this step (1-based): keys other than q
    /// wait until it is there (TutorApp+Resume.swift).
    public var resumingTo: Int?
    /// The lesson has questions to ask after it: its end says "press z for the quiz".
    /// Off in a replay, which has no quiz to open.
    public var quizOffered = false
    /// Wrapped lines kept between frames (see LineCache).
    let lineCache = LineCache()
    public var leaving = false
    /// The language question texts are shown in.
    public var language = "en"
    /// A predict question asked before the step Space was about to run (nil in a replay:
    /// it runs no step).
    public internal(set) var prompt: PredictionPrompt?
    /// Answered predictions whose step has not yet been seen to settle.
    public internal(set) var pendingPredictions: [PendingPrediction] = []
    /// Each prediction beside what its step really did, by step id: shown under the step's
    /// note in the narrative, in history too.
    public internal(set) var predictionResults: [String: PredictionResult] = [:]

    public init(lessonNumber: Int, lessonCount: Int, lessonTitle: String, quitEndsProgram: Bool) {
        self.lessonNumber = lessonNumber
        self.lessonCount = lessonCount
        self.lessonTitle = lessonTitle
        self.quitEndsProgram = quitEndsProgram
    }

    public var isViewingHistory: Bool { historyMark != nil }

    public var panes: [Pane] {
        [.narrative] + (live.lesson?.actors ?? []).map { .actor($0) } + [.kernel, .packets]
    }

    /// Folds in one event; returns the predictions it settled (see `settlePredictions`).
    @discardableResult
    public mutating func apply(_ event: StampedEvent) -> [PredictionResult] {
        events.append(event)
        live.apply(event)
        let settled = settlePredictions(event)
        // A step's point in history runs until the next step (or narrative) begins, so that
        // what follows its settling (Python's exception, the kernel's view) belongs to it.
        switch event.event {
        case .stepSettled:
            settledMarks.append(events.count)
            extendingMark = true
        case .narration, .stepStarted:
            extendingMark = false
        default:
            if extendingMark { settledMarks[settledMarks.count - 1] = events.count }
        }
        guard historyMark == nil else { return settled }
        // New content in a pane brings that pane back to its newest line.
        switch event.event {
        case .narration, .stepStarted, .notice: scroll[.narrative] = 0
        case .callStarted(let start): scroll[.actor(start.actor)] = 0
        default: break
        }
        return settled
    }

    /// Puts `state` on screen as the present, with no history of its own: how the replay
    /// player shows a position it folded (the screen cannot tell the two sources apart).
    public mutating func show(_ state: SessionState) {
        live = state
        events = []
        settledMarks = []
        extendingMark = false
        historyMark = nil
        past = nil
    }

    /// `b`: show the state after the step before the one on screen. Real calls are not undone.
    public mutating func stepBack() {
        let current = historyMark ?? settledMarks.count
        guard current > 0 else { return }
        moveHistory(to: current - 1)
    }

    /// Forward through history. Returns false when already at the present (run a new step).
    public mutating func stepForward() -> Bool {
        guard let mark = historyMark else { return false }
        // The state after the last settled step is (nearly) the present: go straight there.
        if mark + 1 >= settledMarks.count {
            historyMark = nil
            past = nil
        } else {
            moveHistory(to: mark + 1)
        }
        return true
    }

    private mutating func moveHistory(to mark: Int) {
        historyMark = mark
        let end: Int
        if mark == 0 {
            end = events.firstIndex { if case .stepStarted = $0.event { return true } else { return false } } ?? events.count
        } else {
            end = settledMarks[mark - 1]
        }
        past = SessionState(folding: events[..<end])
        scroll = [:]
    }

    public mutating func cycleFocus() {
        let all = panes
        let index = all.firstIndex(of: focus) ?? 0
        focus = all[(index + 1) % all.count]
    }

    public mutating func scroll(by lines: Int) {
        scroll[focus] = max(0, (scroll[focus] ?? 0) + lines)
    }
}
