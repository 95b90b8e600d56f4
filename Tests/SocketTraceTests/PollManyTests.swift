import Foundation
import Glibc
import Testing
@testable import SocketTrace

/// poll(2) over several descriptors, for real, and the lines the trace makes of it and of
/// the thread calls.
@Suite struct PollManyTests {
    /// Three connected unix socket pairs; closed at the end.
    final class Pairs {
        var pairs: [[Int32]] = []
        init(_ count: Int) {
            for _ in 0..<count {
                let o = Kernel.perform(.socketpair(family: .unix, type: .stream))
                pairs.append(o.descriptors ?? [])
            }
        }
        deinit { for fd in pairs.flatMap({ $0 }) { Glibc.close(fd) } }
    }

    @Test func pollNamesExactlyTheSocketsWithSomethingToRead() throws {
        let p = Pairs(3)
        try #require(p.pairs.allSatisfy { $0.count == 2 })
        let watched = p.pairs.map { $0[0] }
        let idle = Kernel.perform(.pollMany(fds: watched, events: .input, timeoutMilliseconds: 0))
        #expect(idle.error == nil && idle.returnValue == 0 && idle.value == "[]", "\(idle)")
        #expect(TraceLine.result(.pollMany(fds: watched, events: .input, timeoutMilliseconds: 0), idle) == "= 0 (Timeout)")

        // Data on the second and third; the first stays idle.
        for pair in p.pairs.dropFirst() { _ = Kernel.perform(.write(fd: pair[1], data: Data("x".utf8))) }
        let call = SocketCall.pollMany(fds: watched, events: .input, timeoutMilliseconds: -1)
        let ready = Kernel.perform(call)
        #expect(ready.returnValue == 2)
        #expect(Kernel.readyDescriptors(ready.value) == [watched[1], watched[2]])
        #expect(TraceLine.complete(call, ready) == "poll([{fd=\(watched[0]), events=POLLIN}, {fd=\(watched[1]), events=POLLIN}, "
            + "{fd=\(watched[2]), events=POLLIN}], 3, -1) = 2 ([{fd=\(watched[1]), revents=POLLIN}, {fd=\(watched[2]), revents=POLLIN}])")

        // A peer that closed is readable too (recv would return 0 bytes), and says so.
        Glibc.close(p.pairs[0][1]); p.pairs[0].removeLast()
        let hungUp = Kernel.perform(.pollMany(fds: watched, events: .input, timeoutMilliseconds: -1))
        #expect(hungUp.returnValue == 3)
        #expect(hungUp.value?.hasPrefix("[{fd=\(watched[0]), revents=POLLIN|POLLHUP}") == true, "\(hungUp)")
    }

    @Test func aClosedDescriptorInTheListIsPOLLNVALNotAnError() {
        let p = Pairs(1)
        let gone = p.pairs[0][1]
        Glibc.close(gone); p.pairs[0].removeLast()
        let o = Kernel.perform(.pollMany(fds: [p.pairs[0][0], gone], events: .input, timeoutMilliseconds: 0))
        #expect(o.error == nil)
        #expect(o.value?.contains("{fd=\(gone), revents=POLLNVAL}") == true, "\(o)")
    }

    @Test func threadCallsAreShownAsThePthreadFunctionsReturnThem() {
        var made = CallOutcome(returnValue: 0)
        made.value = "4242"
        #expect(TraceLine.complete(.threadCreate(thread: "thread-1", fd: 7), made)
                == "pthread_create([thread-1], NULL, handle, (void *) 7) = 0 {tid 4242}")
        #expect(TraceLine.complete(.threadJoin(thread: "thread-1"), CallOutcome(returnValue: 0)) == "pthread_join(thread-1, NULL) = 0")
        // They return the error number itself, not -1 with errno.
        let failed = CallOutcome(returnValue: Int(EAGAIN), error: ErrnoValue(EAGAIN))
        #expect(TraceLine.result(.threadCreate(thread: "thread-1", fd: 7), failed) == "= EAGAIN (Resource temporarily unavailable)")
        // Kernel.perform does not make threads: the engine does.
        #expect(Kernel.perform(.threadJoin(thread: "thread-1")).error?.code == ENOSYS)
        #expect(BlockedCallProbe.syscalls(for: .threadJoin(thread: "x")).count == 1)
    }
}
