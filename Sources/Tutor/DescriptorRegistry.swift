import Foundation
import Glibc
import SocketTrace

/// The descriptors one session owns. Closing and teardown both go through its lock, so a
/// descriptor number is never shut down after another session has been given it again.
final class DescriptorRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var open: [Int32: String] = [:]  // fd → owning actor

    func add(_ fd: Int32, actor: String) {
        lock.lock(); defer { lock.unlock() }
        open[fd] = actor
    }

    /// Makes a close call with the lock held, so teardown cannot race it.
    func close(_ call: SocketCall) -> CallOutcome {
        lock.lock(); defer { lock.unlock() }
        let outcome = Kernel.perform(call)
        if let fd = call.fd { open[fd] = nil }
        return outcome
    }

    func owned(by actor: String, _ fd: Int32) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return open[fd] == actor
    }

    /// Runs `body` with the lock held over a snapshot of the open descriptors.
    func withOpenDescriptors<R>(_ body: ([Int32]) -> R) -> R {
        lock.lock(); defer { lock.unlock() }
        return body(open.keys.sorted())
    }

    func forget(_ fd: Int32) {
        lock.lock(); defer { lock.unlock() }
        open[fd] = nil
    }

    var count: Int {
        lock.lock(); defer { lock.unlock() }
        return open.count
    }
}
