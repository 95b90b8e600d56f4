import Catalogue
import Foundation
import Glibc
import LessonKit
import SocketTrace

public struct SessionOptions: Sendable {
    public var language: String
    /// How long a step may wait behind an earlier call of its actor that is blocked,
    /// before the driver says so and moves on.
    public var stuckAfterSeconds: Double
    /// An eventfd the driver adds 1 to after each event, so that a front end can wait for
    /// events and keys in one poll(). The caller owns and closes it.
    public var wakeDescriptor: Int32?
    /// Read the lesson's sockets from /proc/net after each step (a few ms each: the kernel
    /// walks its connection table). Off only to measure the traced calls alone.
    public var observesKernel = true
    /// Where packets may be captured (CapturePlan.prepare decides, at start-up).
    public var capture: CapturePlan = .unavailable(Words(.en)(.captureNotAsked))
    /// How long a `serve` step waits for a client before it stops (nil: until leaving).
    public var serveWaitSeconds: Double?
    /// Every captured packet is also written here.
    public var pcap: PcapWriter?
    /// Where each session is recorded: `--record FILE` and the automatic store.
    public var recording = RecordingPlan()

    public init(language: String = "en", stuckAfterSeconds: Double = 2, wakeDescriptor: Int32? = nil) {
        self.language = language
        self.stuckAfterSeconds = stuckAfterSeconds
        self.wakeDescriptor = wakeDescriptor
    }
}

/// What the learner (or a test) asks of a running lesson.
public enum SessionRequest: Sendable {
    /// Run the next step (reaching its narrative first).
    case next
    /// Run every remaining step in order.
    case runToEnd
    /// Leave: unblock every actor, join every thread, close every descriptor.
    case leave
}

/// A live lesson: real actors on real threads making real calls, driven one step at a
/// time. Requests go in, stamped events come out; nothing else crosses.
public final class LessonSession: Sendable {
    private let inbox = BlockingQueue<DriverInput>()
    private let outbox = BlockingQueue<StampedEvent>()
    private let driverThread: JoinableThread
    private let left = BlockingQueue<Bool>()
    private let recorders: SessionRecorders

    public init(lesson: Lesson, options: SessionOptions = SessionOptions()) throws {
        Kernel.ignoreSIGPIPE()
        recorders = try SessionRecorders(plan: options.recording, lesson: lesson, options: options)
        let directory = try PrivateDirectory.make()
        let inbox = self.inbox, outbox = self.outbox, left = self.left
        driverThread = JoinableThread(name: "lesson-driver") {
            let driver = SessionDriver(lesson: lesson, options: options, privateDirectory: directory, inbox: inbox, outbox: outbox)
            driver.run()
            left.push(true)
        }
    }

    public func send(_ request: SessionRequest) { inbox.push(.request(request)) }

    /// The next event, waiting at most `timeout` seconds (nil: until one comes).
    public func nextEvent(timeout: Double?) -> StampedEvent? {
        let event = outbox.pop(timeout: timeout)
        if let event { recorders.record(event) }
        return event
    }

    /// Leaves the lesson and waits until every actor is joined and every descriptor closed.
    /// Safe to call more than once, and from any step. Returns false if a thread would not
    /// end within `timeout` seconds.
    @discardableResult
    public func leave(timeout: Double = 2) -> Bool {
        send(.leave)
        let joined = driverThread.join(timeout: timeout)
        recorders.finish()
        return joined
    }

    /// How the recording's end record says the session ended, when a signal ended it
    /// (otherwise: finished if every step ran, else left).
    public func recordEnding(_ ending: RecordingEnd.Ending) { recorders.ending(ending) }

    /// The first failed write to `--record FILE`, if any (the automatic copy fails quietly).
    public var recordingFailure: (path: String, error: ErrnoValue)? { recorders.explicitFailure }

    deinit { leave() }
}

enum DriverInput: Sendable {
    case request(SessionRequest)
    case report(ActorReport)
}
