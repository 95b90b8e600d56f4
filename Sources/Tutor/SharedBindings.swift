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

    func pythonName(of fd: Int32) -> String? {
        state.withLock { $0.pythonName(of: fd) }
    }
}
