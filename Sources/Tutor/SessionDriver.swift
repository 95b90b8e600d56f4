import Catalogue
import Foundation
import CSocketShims
import Glibc
import LessonKit
import SocketTrace

/// Runs on the session's own thread: turns requests into steps for the actors, turns the
/// actors' reports into stamped events, and decides when a step has settled — its calls
/// returned, or the kernel reports its actor asleep in one of them.
final class SessionDriver {
    private enum Item {
        case narration(LessonSection)
        case step(LessonStep, index: Int)
    }

    private let lesson: Lesson
    private let options: SessionOptions
    private let privateDirectory: String
    private let inbox: BlockingQueue<DriverInput>
    private let outbox: BlockingQueue<StampedEvent>
    private let registry = DescriptorRegistry()
    private let bindings = SharedBindings()
    private let callIDs = CallCounter()
    private var actors: [String: ActorThread] = [:]

    private var items: [Item] = []
    private var position = 0
    private var sequence = 0
    private let startTime = Kernel.monotonicNanoseconds()

    /// Steps sent to each actor and not yet finished.
    private var outstanding: [String: Int] = [:]
    /// The call each actor is in right now.
    private var inCall: [String: CallStarted] = [:]
    private var announcedBlocked: Set<Int> = []
    /// Blocked calls that steps queued behind were already given stuckAfterSeconds to return.
    private var waitedBehind: Set<Int> = []
    /// Serve steps sent and not yet finished, by step id, with their actor. A serve step
    /// ends on its own (its --wait passes with no client) or at leaving, never by a timer.
    private var serving: [String: String] = [:]
    private var awaiting: (step: LessonStep, index: Int, since: UInt64, started: Bool)?
    private var advancesWanted = 0
    private var runToEnd = false
    private var finishedSent = false
    private var pcapFailureTold = false
    private var endReachedAt: UInt64?
    private var readySent = false
    /// Teardown has begun: a thread started from now on is stopped at once.
    private var leaving = false
    // Made on the driver thread, after it may have moved to a private network namespace:
    // its netlink socket answers for the namespace it was made in.
    private lazy var kernelView = KernelView()
    private var lastKernel: [KernelSocket]?
    private var lastKernelLook: UInt64 = 0
    private var capture: PacketCapture?
    private var decoder = PacketDecoder()
    /// The wall-clock time of the session's start, to place packet timestamps.
    private var captureEpoch: Int64 = 0
    /// The lesson runs in a network namespace of its own (its lo, its net.* settings).
    private var privateNetwork = false
    /// Requests that arrived while reports were drained for a kernel look.
    private var deferred: [SessionRequest] = []
    /// A step finished or settled since the kernel was last read.
    private var kernelChanged = false
    /// When the next section's narration began to wait for a value (holdNarration).
    private var narrationHeldSince: UInt64?

    init(lesson: Lesson, options: SessionOptions, privateDirectory: String,
         inbox: BlockingQueue<DriverInput>, outbox: BlockingQueue<StampedEvent>) {
        self.lesson = lesson
        self.options = options
        self.privateDirectory = privateDirectory
        self.inbox = inbox
        self.outbox = outbox
        var index = 0
        for section in lesson.sections {
            items.append(.narration(section))
            for step in section.steps {
                items.append(.step(step, index: index))
                index += 1
            }
        }
    }

    private func emit(_ event: SessionEvent) {
        sequence += 1
        outbox.push(StampedEvent(sequence: sequence, offsetNanoseconds: Kernel.monotonicNanoseconds() &- startTime, event: event))
        if let fd = options.wakeDescriptor {
            var one: UInt64 = 1
            _ = write(fd, &one, 8)
        }
    }

    func run() {
        // Before the actors start: they inherit this thread's network namespace.
        let captureStatus = startCapture()
        startActors()
        emit(.started(LessonInfo(id: lesson.id, title: lesson.title.resolved(options.language), language: options.language,
                                 actors: lesson.actors, stepCount: lesson.steps.count)))
        emit(.capture(captureStatus))
        while true {
            // While a step is settling, look at the kernel often; otherwise sleep until asked.
            let busy = awaiting != nil || (position == items.count && !finishedSent && !onlyServing)
            // A call still waiting (accept, recv) can change the kernel's view at any time.
            let waiting = outstanding.values.contains { $0 > 0 }
            // A call not yet seen asleep is probed every 10 ms until it sleeps or returns.
            let unprobed = inCall.values.contains { !announcedBlocked.contains($0.callID) }
            let input = deferred.isEmpty ? inbox.pop(timeout: busy ? 0.001 : unprobed ? 0.01 : waiting ? 0.25 : nil)
                                         : .request(deferred.removeFirst())
            switch input {
            case .request(.leave)?:
                teardown()
                return
            case .request(.next)?: advancesWanted += 1
            case .request(.runToEnd)?:
                runToEnd = true
                // No one waits between steps now: hand-offs are worth a short spin.
                for queue in [inbox.spinBeforeSleeping, outbox.spinBeforeSleeping] { queue(true) }
                for actor in actors.values { actor.spinBeforeSleeping(true) }
            case .report(let report)?: handle(report)
            case nil: break
            }
            probeCalls()
            if awaiting == nil && waiting && Kernel.monotonicNanoseconds() &- lastKernelLook > 250_000_000 { kernelChanged = true }
            // Look only between steps, before the next one starts: a view read while a step
            // runs could show its effects before the lines of its calls.
            if awaiting == nil && kernelChanged { lookAtKernel() }
            while awaiting == nil && position < items.count && (advancesWanted > 0 || runToEnd) {
                if !advance() { break }
            }
            if awaiting == nil && position == items.count { checkEnd() }
            if awaiting == nil && position < items.count && advancesWanted == 0 && !runToEnd && !readySent {
                readySent = true
                emit(.ready)
            }
        }
    }

    private func startActors() {
        let imports = PythonImports.plan(lesson.steps)
        // A thread start_thread makes is started by that step, not here.
        for name in lesson.actors where !lesson.threadActors.contains(name) {
            let stop = StopFlag()
            let (language, registry, bindings, directory, callIDs, inbox, serveWait, privateNetwork) =
                (options.language, registry, bindings, privateDirectory, callIDs, inbox, options.serveWaitSeconds, privateNetwork)
            actors[name] = ActorThread(name: name, stopFlag: stop) { probe in
                let executor = StepExecutor(actor: name, language: language, registry: registry, bindings: bindings,
                                            privateDirectory: directory, callIDs: callIDs, stopping: stop,
                                            report: { inbox.push(.report($0)) })
                executor.serveWait = serveWait
                executor.probe = probe
                executor.imports = imports
                executor.privateNetwork = privateNetwork
                return executor
            }
        }
    }

    /// Emits narrative up to the next step and sends that step to its actor. False when the
    /// narration waits for a value a step still in its call will bind.
    private func advance() -> Bool {
        readySent = false
        switch items[position] {
        case .narration(let section):
            if holdNarration(section, before: position) { return false }
            position += 1
            let texts = TextValues(bindings: bindings, privateNetwork: privateNetwork, language: options.language)
            emit(.narration(sectionID: section.id, title: section.title?.resolved(options.language),
                            text: texts.fill(section.text.resolved(options.language))))
            // A section with no steps is one advance of its own.
            if section.steps.isEmpty { advancesWanted = max(0, advancesWanted - 1) }
        case .step(let step, let index):
            position += 1
            advancesWanted = max(0, advancesWanted - 1)
            outstanding[step.actor, default: 0] += 1
            if step.call == .serve { serving[step.id] = step.actor }
            awaiting = (step, index, Kernel.monotonicNanoseconds(), false)
            actors[step.actor]?.send(.run(step, index: index))
        }
        return true
    }

    /// A section's text shows a value that a step already sent, still in its call, will bind
    /// (a recv that returns once the send just before arrives): the narration waits for it,
    /// at most 2 s, instead of showing "not known yet". Under load the race was seen.
    private func holdNarration(_ section: LessonSection, before position: Int) -> Bool {
        var names: Set<String> = []
        _ = TextTemplate.render(section.text.resolved(options.language)) { piece in
            if case .value(let name, _) = piece { names.insert(name) }
            return ""
        }
        let sent = Set(items[..<position].compactMap { if case .step(let step, _) = $0 { step.name } else { nil } })
        let pending = names.filter { sent.contains($0) && bindings.get($0, field: nil) == nil }
        guard !pending.isEmpty, outstanding.values.contains(where: { $0 > 0 }) else { narrationHeldSince = nil; return false }
        let now = Kernel.monotonicNanoseconds()
        let since = narrationHeldSince ?? now
        narrationHeldSince = since
        if now &- since > 2_000_000_000 { narrationHeldSince = nil; return false }
        return true
    }

    private func handle(_ report: ActorReport) {
        switch report {
        case .stepStarted(let id, let index, let actor, let note, let python):
            if awaiting?.step.id == id { awaiting?.started = true }
            emit(.stepStarted(stepID: id, index: index, actor: actor, note: note, python: python))
        case .callStarted(let start):
            inCall[start.actor] = start
            emit(.callStarted(start))
        case .callFinished(let id, let actor, let call):
            inCall[actor] = nil
            announcedBlocked.remove(id)
            if case .socket(let family, let type, _) = call.call { kernelView.noteSocket(family: family, type: type) }
            if case .socketpair(let family, let type) = call.call { kernelView.noteSocket(family: family, type: type) }
            emit(.callFinished(callID: id, actor: actor, call: call))
        case .stepFinished(let id, _, let actorName, let result):
            outstanding[actorName, default: 1] -= 1
            serving[id] = nil
            if awaiting?.step.id == id {
                awaiting = nil
                emit(.stepSettled(stepID: id, blocked: false))
            }
            emit(.stepFinished(stepID: id, result: result))
            kernelChanged = true
        case .notice(let text):
            emit(.notice(text))
        case .instructions(let text):
            emit(.instructions(text))
        case .threadStarted(let name, let thread):
            actors[name] = thread
            // Its handler is work in progress: the lesson's end waits for it, and leaving
            // wakes it (shutdown) if it still waits in a call.
            outstanding[name, default: 0] += 1
            if leaving { thread.stop() }
        case .handlerFinished(let name):
            outstanding[name, default: 1] -= 1
            kernelChanged = true
        }
    }

    /// Asks the kernel about every actor in a call not yet seen blocked — not only the
    /// awaited step's, so that each call that sleeps (every poll of a serve step) gets its
    /// event. A call is announced only when its actor is asleep in that very call (the
    /// probe checks the call id the actor published and the syscall number); then, if it
    /// is the awaited step's, that step has settled, blocked.
    private func probeCalls() {
        for (name, current) in inCall where !announcedBlocked.contains(current.callID) {
            guard let actor = actors[name], case .blocked = actor.probe.observe(callID: current.callID, call: current.call) else {
                continue
            }
            announcedBlocked.insert(current.callID)
            emit(.callBlocked(callID: current.callID, actor: current.actor))
        }
        guard let awaited = awaiting, let current = inCall[awaited.step.actor], announcedBlocked.contains(current.callID) else { return }
        if current.stepID == awaited.step.id {
            // A wait that is meant to run out (settimeout) is the step itself: it settles
            // when it returns, so the next step cannot cut it short.
            if awaited.step.expect == .timeout { return }
            awaiting = nil
            emit(.stepSettled(stepID: awaited.step.id, blocked: true))
            kernelChanged = true
        } else if waitedBehind.contains(current.callID)
                    || Double(Kernel.monotonicNanoseconds() &- awaited.since) / 1e9 > options.stuckAfterSeconds {
            // The step is queued behind an earlier call of the same actor that still waits.
            // Waited for once per call: the actor's later steps queue behind the same call,
            // so they settle at once (a long lesson stuck early must not take minutes).
            waitedBehind.insert(current.callID)
            awaiting = nil
            emit(.notice(Words(options.language)(.noticeStillWaiting, ["actor": awaited.step.actor, "call": current.call.name, "step": awaited.step.id])))
            emit(.stepSettled(stepID: awaited.step.id, blocked: true))
        }
    }

    /// Reads the lesson's sockets from /proc/net and reports them if anything changed.
    private func lookAtKernel() {
        guard options.observesKernel else { kernelChanged = false; emitPackets(); return }
        // Calls that returned before this look are reported first, so no kernel line runs
        // ahead of the call that caused it.
        while let input = inbox.pop(timeout: 0) {
            switch input {
            case .report(let report): handle(report)
            case .request(let request): deferred.append(request)
            }
        }
        kernelChanged = false
        lastKernelLook = Kernel.monotonicNanoseconds()
        let rows = kernelView.snapshot(descriptors: registry.withOpenDescriptors { $0 })
        emitPackets()
        guard rows != lastKernel else { return }
        lastKernel = rows
        emit(.kernel(rows))
    }

    /// Opens the packet capture this session may have: on the host's loopback, or in a
    /// private network namespace made for this thread (and the actors it starts).
    private func startCapture() -> CaptureStatus {
        let place: String
        switch options.capture {
        case .unavailable(let reason):
            return .unavailable(reason: CaptureWords.reason(reason, Words(options.language)))
        case .host:
            place = "lo"
        case .privateNetwork where lesson.hostNetwork:
            return .unavailable(reason: Words(options.language)(.captureHostLoopback))
        case .privateNetwork:
            var stage: UnsafePointer<CChar>?
            let rc = cst_private_network(&stage)
            guard rc == 0 else {
                let what = stage.map { String(cString: $0) } ?? "unshare"
                return .unavailable(reason: Words(options.language)(.captureNoNamespace, ["what": what, "error": ResultWords.errno(ErrnoValue(-rc), Words(options.language))]))
            }
            place = "lo, in this lesson's own network namespace"
            privateNetwork = true
        }
        let (capture, error) = PacketCapture.open()
        guard let capture else { return .unavailable(reason: Words(options.language)(.capturePacketSocket, ["error": error.map { ResultWords.errno($0, Words(options.language)) } ?? "?"])) }
        self.capture = capture
        captureEpoch = Kernel.realtimeNanoseconds() - Int64(Kernel.monotonicNanoseconds() &- startTime)
        return .capturing(place: place)
    }

    /// Packets captured since the last look, the lesson's only: both ends on loopback and a
    /// port the lesson's sockets have had.
    private func emitPackets() {
        guard let capture else { return }
        let ports = kernelView.ports
        for frame in capture.drain() {
            let stamp = frame.seconds * 1_000_000_000 + Int64(frame.nanoseconds)
            guard let packet = decoder.decode(frame, offsetNanoseconds: UInt64(max(0, stamp - captureEpoch))) else { continue }
            guard ports.contains(packet.sourcePort) || ports.contains(packet.destinationPort),
                  KernelView.isLoopback(packet.source), KernelView.isLoopback(packet.destination) else { continue }
            emit(.packet(packet))
            // The first failed write is told once; the front end stops the run on it.
            if let pcap = options.pcap, !pcapFailureTold, !pcap.append(packet) {
                pcapFailureTold = true
                emit(.notice(pcap.failure.map(\.description) ?? "--pcap \(pcap.path): write failed"))
            }
        }
        let dropped = capture.drops()
        if dropped > 0 { emit(.packetsDropped(dropped)) }
    }

    /// Every actor still busy is in a serve step (and at least one is).
    private var onlyServing: Bool {
        let busy = outstanding.filter { $0.value > 0 }.map(\.key)
        let servingActors = Set(serving.values)
        return !busy.isEmpty && busy.allSatisfy { servingActors.contains($0) }
    }

    /// After the last step: wait for every actor's calls to return, then say so once.
    private func checkEnd() {
        guard !finishedSent else { return }
        let now = Kernel.monotonicNanoseconds()
        if endReachedAt == nil { endReachedAt = now }
        let busy = outstanding.filter { $0.value > 0 }.map(\.key).sorted()
        // A lesson still serving the learner's clients is not over: the serve step ends
        // itself after --wait seconds with no client, or the learner leaves.
        if onlyServing { return }
        if !busy.isEmpty {
            guard Double(now &- endReachedAt!) / 1e9 > options.stuckAfterSeconds else { return }
            let waiting = busy.map { name in inCall[name].map { "\(name) in \($0.call.name)()" } ?? name }
            emit(.notice(Words(options.language)(.noticeStepsDoneStillWaits, ["actors": waiting.joined(separator: ", ")])))
        }
        finishedSent = true
        emit(.finished)
    }

    /// Leaving: wake every blocked call, stop and join every actor, close what is left.
    private func teardown() {
        leaving = true
        for actor in actors.values { actor.stop() }
        drainReports()
        // An actor with a step not yet finished may be asleep in a call, or about to be.
        if outstanding.values.contains(where: { $0 > 0 }) {
            // shutdown wakes accept, recv, connect and poll at once; close alone would not.
            registry.withOpenDescriptors { fds in
                for fd in fds { traceTeardown(.shutdown(fd: fd, how: .both)) }
            }
        }
        var joined = 0
        // A thread start_thread never made has nothing to join.
        for name in lesson.actors where actors[name] != nil || !lesson.threadActors.contains(name) {
            if actors[name]?.join(timeout: 1) == true { joined += 1 } else {
                emit(.notice(Words(options.language)(.noticeActorDidNotStop, ["name": name])))
            }
        }
        drainReports()
        let fds = registry.withOpenDescriptors { $0 }
        for fd in fds { _ = traceTeardown(.close(fd: fd)) }
        for fd in fds { registry.forget(fd) }
        PrivateDirectory.remove(privateDirectory)
        if capture != nil { emitPackets() }
        capture = nil
        emit(.left(joinedThreads: joined, closedDescriptors: fds.count))
    }

    /// Teardown's own calls are real calls too, and shown as such.
    @discardableResult
    private func traceTeardown(_ call: SocketCall) -> CallOutcome {
        let id = callIDs.next()
        emit(.callStarted(CallStarted(callID: id, actor: "teardown", stepID: "", call: call)))
        let outcome = Kernel.perform(call)
        emit(.callFinished(callID: id, actor: "teardown", call: TracedCall(actor: "teardown", call: call, outcome: outcome)))
        return outcome
    }

    /// Reports the actors sent before they stopped, so no call goes unshown.
    private func drainReports() {
        while let input = inbox.pop(timeout: 0) {
            if case .report(let report) = input { handle(report) }
        }
    }
}
