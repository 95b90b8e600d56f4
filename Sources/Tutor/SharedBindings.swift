import Foundation
import Synchronization

/// Named results shared by a session's actors (a client connects to the address the
/// server's getsockname produced). Steps run in lesson order, so a value is written
/// before any later step reads it; the lock only keeps the threads honest.
final class SharedBindings: Sendable {
    private let state = Mutex(Bindings())

    func set(_ name: String, field: String? = nil, _ value: Bindings.Value) {
        state.withLock { $0.set(name, field: field, value) }
    }

    func get(_ name: String, field: String?) -> Bindings.Value? {
        state.withLock { $0.get(name, field: field) }
    }

    func markClosed(_ key: String) { state.withLock { _ = $0.closed.insert(key) } }
    func isClosed(_ key: String) -> Bool { state.withLock { $0.closed.contains(key) } }
    func markAttemptOnly(_ key: String) { state.withLock { _ = $0.attemptOnly.insert(key) } }
    func isAttemptOnly(_ key: String) -> Bool { state.withLock { $0.attemptOnly.contains(key) } }
    func addOwnPort(_ port: UInt16) { state.withLock { _ = $0.ownPorts.insert(port) } }
    func isOwnPort(_ port: UInt16) -> Bool { state.withLock { $0.ownPorts.contains(port) } }

    func pythonName(of fd: Int32) -> String? {
        state.withLock { $0.pythonName(of: fd) }
    }
}
