import Foundation
import Synchronization

/// A FIFO that one thread fills and another drains, waiting with an optional deadline.
/// Actor threads and the session driver talk only through these: values, not shared state.
final class BlockingQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private let eager = Atomic<Bool>(false)

    /// Spin briefly before sleeping in pop: worth it only when the other side answers at
    /// machine speed (a lesson running to its end); with a learner pressing keys, the
    /// spin would only burn CPU.
    func spinBeforeSleeping(_ on: Bool) { eager.store(on, ordering: .relaxed) }

    func push(_ item: Element) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    /// The next item, waiting at most `timeout` seconds (nil: forever; 0: do not wait).
    func pop(timeout: Double?) -> Element? {
        // A short spin first: a reply usually comes within microseconds, and a sleep on
        // the condition costs a futex round trip on each side.
        if timeout != 0 && eager.load(ordering: .relaxed) {
            for _ in 0..<200 {
                condition.lock()
                if head < items.count {
                    let item = items[head]
                    head += 1
                    condition.unlock()
                    return item
                }
                condition.unlock()
                sched_yield()
            }
        }
        condition.lock()
        defer { condition.unlock() }
        if head == items.count, let timeout {
            let deadline = Date(timeIntervalSinceNow: timeout)
            while head == items.count {
                if timeout <= 0 || !condition.wait(until: deadline) { break }
            }
        } else {
            while head == items.count { condition.wait() }
        }
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 64, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }
}
