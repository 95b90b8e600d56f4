import Foundation
import LessonKit
import SocketTrace
import Synchronization

/// Set once when the session is leaving; actors check it before every call.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}

/// One actor of a lesson (the server, a client) on a thread of its own, so that a call
/// which blocks really blocks — only that actor, never the session or the screen.
final class ActorThread: Sendable {
    enum Order: Sendable {
        case run(LessonStep, index: Int)
        case stop
    }

    let name: String
    private let orders = BlockingQueue<Order>()
    private let thread: JoinableThread
    let stopFlag: StopFlag
    /// This thread's /proc files, for the blocked-call probe.
    let probe: BlockedCallProbe.Handle

    /// `makeExecutor` runs on the new thread: the executor lives and dies there, and
    /// publishes through the probe handle which call it is in.
    init(name: String, stopFlag: StopFlag, makeExecutor: @escaping @Sendable (BlockedCallProbe.Handle) -> StepExecutor) {
        self.name = name
        self.stopFlag = stopFlag
        let orders = self.orders
        let ready = BlockingQueue<BlockedCallProbe.Handle>()
        thread = JoinableThread(name: "actor-\(name)") {
            let probe = BlockedCallProbe.Handle()
            ready.push(probe)
            let executor = makeExecutor(probe)
            while case .run(let step, let index)? = orders.pop(timeout: nil) {
                if stopFlag.isSet { break }
                executor.run(step, index: index)
            }
        }
        probe = ready.pop(timeout: nil)!
    }

    func send(_ order: Order) { orders.push(order) }

    func spinBeforeSleeping(_ on: Bool) { orders.spinBeforeSleeping(on) }

    /// Asks the thread to stop after its current call; no new call will start.
    func stop() {
        stopFlag.set()
        orders.push(.stop)
    }

    func join(timeout: Double) -> Bool {
        guard thread.join(timeout: timeout) else { return false }
        probe.close()
        return true
    }
}
