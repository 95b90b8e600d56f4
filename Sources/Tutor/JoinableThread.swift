import CSocketShims
import Foundation
import Glibc
import Synchronization

/// A POSIX thread that can be joined with a deadline, so leaving a lesson can prove every
/// actor thread is gone (Foundation's Thread cannot be joined). A thread a lesson joins
/// itself (join_thread) is joined once: whoever claims it first joins, the other waits.
final class JoinableThread: @unchecked Sendable {
    private var thread = pthread_t()
    private enum State { case running, joining, joined }
    private let state = Mutex<State>(.running)
    private final class Box { let body: () -> Void; init(_ body: @escaping () -> Void) { self.body = body } }

    init(name: String, _ body: @escaping @Sendable () -> Void) {
        let rc = start(name: name, body)
        precondition(rc == 0, "pthread_create failed: \(rc)")
    }

    /// For a thread a lesson asks for: pthread_create's error is a result to show
    /// (`failure`, an errno value), not a crash.
    init?(name: String, failure: inout Int32, _ body: @escaping @Sendable () -> Void) {
        failure = start(name: name, body)
        if failure != 0 { return nil }
    }

    private func start(name: String, _ body: @escaping @Sendable () -> Void) -> Int32 {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let rc = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        if rc != 0 {
            Unmanaged<Box>.fromOpaque(box).release()
            return rc
        }
        _ = String(name.prefix(15)).withCString { pthread_setname_np(thread, $0) }
        return 0
    }

    private func claim() -> Bool {
        state.withLock { s in
            guard s == .running else { return false }
            s = .joining
            return true
        }
    }

    private var isJoined: Bool { state.withLock { $0 == .joined } }

    /// Waits at most `seconds` for the thread to end. Returns false if it is still running.
    @discardableResult
    func join(timeout seconds: Double) -> Bool {
        guard claim() else {
            // Joined, or being joined by a lesson's join_thread: wait for that to finish.
            let deadline = Date(timeIntervalSinceNow: seconds)
            while !isJoined && Date() < deadline { usleep(1000) }
            return isJoined
        }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let total = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 + seconds
        var deadline = timespec(tv_sec: Int(total), tv_nsec: Int((total - total.rounded(.down)) * 1e9))
        let done = pthread_timedjoin_np(thread, nil, &deadline) == 0
        state.withLock { $0 = done ? .joined : .running }
        return done
    }

    /// pthread_join, waiting as long as it takes: a lesson's join_thread. Returns its
    /// result (0, or an errno value; EINVAL when the thread is already joined or being joined).
    func joinUntilEnd() -> Int32 {
        guard claim() else { return EINVAL }
        let rc = pthread_join(thread, nil)
        state.withLock { $0 = rc == 0 ? .joined : .running }
        return rc
    }
}
