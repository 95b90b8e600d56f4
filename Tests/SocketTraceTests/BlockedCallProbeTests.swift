import Foundation
import Glibc
import Testing
@testable import SocketTrace

@Suite struct BlockedCallProbeTests {
    @Test func aThreadWaitingInAcceptIsSeenBlockedAndARunningOneIsNot() throws {
        let listener = Int32(Kernel.perform(.socket(family: .inet, type: .stream, protocol: 0)).returnValue)
        defer { close(listener) }
        _ = Kernel.perform(.bind(fd: listener, address: .inet(host: "127.0.0.1", port: 0)))
        _ = Kernel.perform(.listen(fd: listener, backlog: 1))

        let handles = LockedBox<BlockedCallProbe.Handle?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            handles.value = BlockedCallProbe.Handle()
            _ = Kernel.perform(.accept(fd: listener))  // returns when shutdown wakes it
            done.signal()
        }
        var observed = BlockedCallProbe.Observation.unknown
        for _ in 0..<500 {
            if let h = handles.value, case .blocked = h.observe() { observed = h.observe(); break }
            usleep(2000)
        }
        #expect(observed != .notBlocked && observed != .unknown)
        let ownProbe = BlockedCallProbe.Handle()
        #expect(ownProbe.observe() == .notBlocked, "the thread reading /proc is running, not blocked")
        ownProbe.close()
        shutdown(listener, Int32(SHUT_RDWR))
        #expect(done.wait(timeout: .now() + 2) == .success, "shutdown wakes a blocked accept")
        handles.value?.close()
    }
}

final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
