import Foundation

/// Wrapped lines of things that no longer change (a section's text, a call that returned),
/// kept between frames: wrapping is most of a frame's cost, and a step changes only a few
/// lines. Keys name the item and everything its lines depend on, so a hit is always right.
final class LineCache: @unchecked Sendable {
    struct Key: Hashable {
        var pane: String
        var index: Int
        var width: Int
        /// Anything else the lines depend on (newest or not, a result known or not).
        var variant: Int
    }

    private let lock = NSLock()
    private var store: [Key: [StyledLine]] = [:]

    func lines(_ key: Key, _ make: () -> [StyledLine]) -> [StyledLine] {
        lock.lock()
        if let hit = store[key] { lock.unlock(); return hit }
        lock.unlock()
        let made = make()
        lock.lock()
        if store.count > 20_000 { store.removeAll() }
        store[key] = made
        lock.unlock()
        return made
    }
}
