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
    /// How many lines each item has, kept far longer than the lines themselves: a pane
    /// draws only its end, but needs its whole count to place it (a replay of a long
    /// session holds tens of thousands of calls).
    private var counts: [Key: Int] = [:]

    /// The number of lines `make` gives for `key`, remembered.
    func count(_ key: Key, _ make: () -> [StyledLine]) -> Int {
        lock.lock()
        if let hit = counts[key] { lock.unlock(); return hit }
        lock.unlock()
        let made = lines(key, make).count
        lock.lock()
        if counts.count > 1_000_000 { counts.removeAll() }
        counts[key] = made
        lock.unlock()
        return made
    }

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
