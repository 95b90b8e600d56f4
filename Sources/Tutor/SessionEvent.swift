import Foundation
import SocketTrace

/// Everything a session reports, in order. A live run and (later) a replay are two sources
/// of these same values; the state, the transcript and the screen are built from them alone.
public enum SessionEvent: Codable, Sendable, Hashable {
    case started(LessonInfo)
    /// A section of narrative was reached.
    case narration(sectionID: String, title: String?, text: String)
    /// The driver began a step; `note` is its learner-facing explanation.
    case stepStarted(stepID: String, index: Int, actor: String, note: String?, python: String)
    /// An actor is about to make a real call.
    case callStarted(CallStarted)
    /// The kernel reports the actor asleep inside that call.
    case callBlocked(callID: Int, actor: String)
    case callFinished(callID: Int, actor: String, call: TracedCall)
    /// The driver moves on: the step's calls all returned, or one of them is blocked.
    case stepSettled(stepID: String, blocked: Bool)
    /// Every call of the step has returned; `result` is what Python would make of it.
    case stepFinished(stepID: String, result: StepOutcome)
    /// The lesson's sockets as the kernel lists them (/proc/net), when they changed.
    case kernel([KernelSocket])
    /// Whether packets are captured for this lesson, and where or why not.
    case capture(CaptureStatus)
    /// One packet of the lesson's connections, in the order the kernel saw them.
    case packet(Packet)
    /// The kernel dropped this many captured packets (the capture buffer was full).
    case packetsDropped(Int)
    /// Words for the learner from a step that waits for them (what to run in another
    /// terminal, with the real port). Part of the lesson, not a problem.
    case instructions(String)
    /// Something the learner should know that is not a call (an actor still blocked …).
    case notice(String)
    /// Nothing is in flight and no step was asked for: the session waits for the learner.
    case ready
    case finished
    /// The learner left: every actor joined, every descriptor closed.
    case left(joinedThreads: Int, closedDescriptors: Int)
}

public struct LessonInfo: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var language: String
    public var actors: [String]
    public var stepCount: Int
}

public struct CallStarted: Codable, Sendable, Hashable {
    public var callID: Int
    public var actor: String
    public var stepID: String
    public var call: SocketCall
}

/// How a step ended, in Python's terms.
public enum StepOutcome: Codable, Sendable, Hashable {
    case returned
    /// Python would raise this exception (`ConnectionRefusedError: [Errno 111] …`).
    case raised(exception: String, errno: ErrnoValue?)
    /// A settimeout wait gave up: Python raises TimeoutError('timed out').
    case timedOut
    /// recv returned b'': the peer closed its side.
    case endOfStream
}

/// An event with its place in the session: a dense sequence number and the time since start.
public struct StampedEvent: Codable, Sendable, Hashable {
    public var sequence: Int
    public var offsetNanoseconds: UInt64
    public var event: SessionEvent

    public init(sequence: Int, offsetNanoseconds: UInt64, event: SessionEvent) {
        self.sequence = sequence; self.offsetNanoseconds = offsetNanoseconds; self.event = event
    }
}
