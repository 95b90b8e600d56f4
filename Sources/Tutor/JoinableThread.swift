import CSocketShims
import Foundation
import Glibc

/// A POSIX thread that can be joined with a deadline, so leaving a lesson can prove every
/// actor thread is gone (Foundation's Thread cannot be joined).
final class JoinableThread: @unchecked Sendable {
    private var thread = pthread_t()
    private var joined = false
    private final class Box { let body: () -> Void; init(_ body: @escaping () -> Void) { self.body = body } }

    init(name: String, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let rc = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        _ = String(name.prefix(15)).withCString { pthread_setname_np(thread, $0) }
    }

    /// Waits at most `seconds` for the thread to end. Returns false if it is still running.
    @discardableResult
    func join(timeout seconds: Double) -> Bool {
        if joined { return true }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let total = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 + seconds
        var deadline = timespec(tv_sec: Int(total), tv_nsec: Int((total - total.rounded(.down)) * 1e9))
        joined = pthread_timedjoin_np(thread, nil, &deadline) == 0
        return joined
    }
}
