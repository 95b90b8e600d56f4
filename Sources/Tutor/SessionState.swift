import Foundation
import SocketTrace

/// What the learner has seen so far: a pure fold over events. The screen and the tests
/// read this; seeking in time is folding fewer events.
public struct SessionState: Sendable, Hashable {
    public struct TraceEntry: Sendable, Hashable {
        public var callID: Int
        public var stepID: String
        public var call: SocketCall
        public var python: String?
        public var outcome: CallOutcome?
        public var blocked: Bool
        /// Seconds since the session started, when the call began.
        public var startedAt: Double
        public var pending: Bool { outcome == nil }
    }

    public var lesson: LessonInfo?
    public var narration: [(sectionID: String, title: String?, text: String)] { narrationItems.map { ($0.id, $0.title, $0.text) } }
    public var narrationItems: ChunkedList<Narration> = []
    public var notes: [String: String] = [:]
    public var traces: [String: ChunkedList<TraceEntry>] = [:]
    public var stepsStarted = 0
    public var stepResults: [String: StepOutcome] = [:]
    public var notices: [String] = []
    /// Narrative, step notes, Python's view of results and notices, in the order reached.
    public var log: ChunkedList<LogItem> = []
    /// Steps the driver has moved past (returned, or settled blocked).
    public var stepsSettled = 0
    /// The kernel's latest view of the lesson's sockets.
    public var kernel: [KernelSocket] = []
    /// Whether packets are captured, and the lesson's packets so far.
    public var capture: CaptureStatus?
    public var packets: ChunkedList<Packet> = []
    public var packetsDropped = 0
    public var finished = false
    public var left = false
    public var eventCount = 0
    /// Seconds from the session's start to the last event folded in.
    public var lastEventAt: Double = 0
    /// The Python line waiting for its step's first call.
    private var pythonForStep: [String: String] = [:]
    private var stepActors: [String: String] = [:]

    public struct Narration: Sendable, Hashable {
        public var id: String
        public var title: String?
        public var text: String
    }

    public enum LogItem: Sendable, Hashable {
        case section(Narration)
        case step(id: String, index: Int, actor: String, note: String?)
        case outcome(stepID: String, actor: String, StepOutcome)
        case notice(String)
    }

    public init() {}

    public init(folding events: some Sequence<StampedEvent>) {
        self.init()
        for e in events { apply(e) }
    }

    public mutating func apply(_ stamped: StampedEvent) {
        eventCount += 1
        lastEventAt = Double(stamped.offsetNanoseconds) / 1e9
        switch stamped.event {
        case .started(let info):
            lesson = info
            for actor in info.actors { traces[actor] = [] }
        case .narration(let id, let title, let text):
            narrationItems.append(Narration(id: id, title: title, text: text))
            log.append(.section(Narration(id: id, title: title, text: text)))
        case .stepStarted(let id, let index, let actor, let note, let python):
            stepsStarted += 1
            log.append(.step(id: id, index: index, actor: actor, note: note))
            stepActors[id] = actor
            notes[id] = note
            pythonForStep[id] = python
        case .callStarted(let start):
            let python = pythonForStep.removeValue(forKey: start.stepID)
            traces[start.actor, default: []].append(TraceEntry(
                callID: start.callID, stepID: start.stepID, call: start.call, python: python, outcome: nil,
                blocked: false, startedAt: Double(stamped.offsetNanoseconds) / 1e9))
        case .callBlocked(let id, let actor):
            update(actor, id) { $0.blocked = true }
        case .callFinished(let id, let actor, let call):
            update(actor, id) { $0.outcome = call.outcome }
        case .stepSettled:
            stepsSettled += 1
        case .stepFinished(let id, let result):
            stepResults[id] = result
            if result != .returned { log.append(.outcome(stepID: id, actor: stepActors[id] ?? "", result)) }
        case .notice(let text):
            notices.append(text)
            log.append(.notice(text))
        case .instructions(let text):
            log.append(.notice(text))
        case .kernel(let rows):
            kernel = rows
        case .capture(let status):
            capture = status
        case .packet(let packet):
            packets.append(packet)
        case .packetsDropped(let count):
            packetsDropped += count
        case .ready: break
        case .finished:
            finished = true
        case .left:
            left = true
        }
    }

    private mutating func update(_ actor: String, _ id: Int, _ change: (inout TraceEntry) -> Void) {
        guard let index = traces[actor]?.lastIndex(where: { $0.callID == id }) else { return }
        change(&traces[actor]![index])
    }

    /// Calls still waiting for the kernel.
    public var pendingCalls: [TraceEntry] { traces.values.flatMap { $0.filter(\.pending) } }
}
