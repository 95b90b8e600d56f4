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
        /// Serve one connection with the handler (a thread start_thread made); `key` is
        /// the name the lesson gave the socket, marked closed when the handler closes it.
        case handle(fd: Int32, key: String?, stepID: String)
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
        thread = JoinableThread(name: "actor-\(name)", Self.body(orders, ready, stopFlag, makeExecutor))
        probe = ready.pop(timeout: nil)!
    }

    /// The same, for a thread a lesson starts (start_thread): nil, with pthread_create's
    /// errno value in `failure`, when the thread cannot be made.
    init?(name: String, stopFlag: StopFlag, failure: inout Int32,
          makeExecutor: @escaping @Sendable (BlockedCallProbe.Handle) -> StepExecutor) {
        self.name = name
        self.stopFlag = stopFlag
        let orders = self.orders
        let ready = BlockingQueue<BlockedCallProbe.Handle>()
        guard let made = JoinableThread(name: "actor-\(name)", failure: &failure, Self.body(orders, ready, stopFlag, makeExecutor)) else {
            return nil
        }
        thread = made
        probe = ready.pop(timeout: nil)!
    }

    private static func body(_ orders: BlockingQueue<Order>, _ ready: BlockingQueue<BlockedCallProbe.Handle>, _ stopFlag: StopFlag,
                             _ makeExecutor: @escaping @Sendable (BlockedCallProbe.Handle) -> StepExecutor) -> @Sendable () -> Void {
        {
            let probe = BlockedCallProbe.Handle()
            ready.push(probe)
            let executor = makeExecutor(probe)
            loop: while let order = orders.pop(timeout: nil) {
                if stopFlag.isSet { break }
                switch order {
                case .run(let step, let index): executor.run(step, index: index)
                case .handle(let fd, let key, let stepID):
                    // A connection's thread ends when its handler returns, as in Python.
                    executor.handleConnection(fd, key: key, stepID: stepID)
                    break loop
                case .stop: break loop
                }
            }
        }
    }

    /// The kernel's id of the thread (what gettid returns on it).
    var threadID: Int32 { probe.threadID }

    /// pthread_join until the thread ends: a lesson's join_thread.
    func joinUntilEnd() -> Int32 { thread.joinUntilEnd() }

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
