import Catalogue
import Foundation
import Glibc
import LessonKit
import SocketTrace
import Synchronization

/// Where a live session is recorded: `--record FILE`, the automatic store, both or neither.
public struct RecordingPlan: Sendable {
    /// `--record FILE`. A lesson restarted (r) records its new session over the file; the
    /// store keeps each one.
    public var path: String?
    /// The automatic store (nil with `--no-record`).
    public var store: RecordingStore?
    public var program = "sockettutor \(RecordingPlan.programVersion)"
    /// The terminal the session is shown on; nil off a terminal.
    public var terminal: TerminalSize?
    /// Problems with the store, told after the program leaves the full screen.
    public var warnings = RecordingWarnings()

    public static let programVersion = "0.1.0"

    public init(path: String? = nil, store: RecordingStore? = nil) {
        self.path = path
        self.store = store
    }
}

/// Store problems gathered while the screen is full, printed on the way out.
public final class RecordingWarnings: Sendable {
    private let list = Mutex<[Message]>([])
    public init() {}
    public func add(_ message: Message) { list.withLock { if !$0.contains(message) { $0.append(message) } } }
    public var all: [Message] { list.withLock { $0 } }
}

/// The writers of one session, fed by LessonSession.nextEvent and ended by its leave().
final class SessionRecorders: Sendable {
    private let explicit: RecordingWriter?
    private let automatic: RecordingWriter?
    private struct State { var finishedSeen = false; var ending: RecordingEnd.Ending?; var done = false }
    private let state = Mutex(State())

    init(plan: RecordingPlan, lesson: Lesson, options: SessionOptions) throws {
        let header = RecordingHeader(program: plan.program, lessonID: lesson.id, lessonTitle: lesson.title.resolved(options.language),
                                     lessonHash: lesson.sourceHash, language: options.language, terminal: plan.terminal,
                                     startedAt: Date(), kernelRelease: Kernel.release(), capture: options.capture.planned(hostNetwork: lesson.hostNetwork))
        explicit = try plan.path.map { try RecordingWriter(path: $0, header: header) }
        var automatic: RecordingWriter?
        if let store = plan.store {
            do {
                automatic = try store.makeRecording(header: header)
            } catch {
                plan.warnings.add(Message(.notKept, ["directory": .text(store.directory.path), "error": RecordingWriter.explain(error)]))
            }
        }
        self.automatic = automatic
    }

    func record(_ event: StampedEvent) {
        if case .finished = event.event { state.withLock { $0.finishedSeen = true } }
        explicit?.record(event)
        automatic?.record(event)
    }

    func ending(_ ending: RecordingEnd.Ending) { state.withLock { $0.ending = ending } }

    func finish() {
        let ending: RecordingEnd.Ending? = state.withLock { s in
            guard !s.done else { return nil }
            s.done = true
            return s.ending ?? (s.finishedSeen ? .finished : .left)
        }
        guard let ending else { return }
        explicit?.finish(ending)
        automatic?.finish(ending)
    }

    var explicitFailure: (path: String, error: ErrnoValue)? {
        guard let explicit, let failure = explicit.failure else { return nil }
        return (explicit.path, failure)
    }
}

extension CapturePlan {
    /// What the header says of capture: the plan as the session starts. The `capture` event
    /// that follows says what really happened (the capture socket may still fail).
    func planned(hostNetwork: Bool) -> CaptureStatus {
        switch self {
        case .host: .capturing(place: "lo")
        case .privateNetwork where hostNetwork: .unavailable(reason: CaptureWords.hostLoopbackPlanned)
        case .privateNetwork: .capturing(place: "lo, in this lesson's own network namespace")
        case .unavailable(let reason): .unavailable(reason: reason)
        }
    }
}
