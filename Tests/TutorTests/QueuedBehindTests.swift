import Foundation
import LessonKit
import Testing
@testable import Tutor

/// Steps queued behind a call that never returns: the first waits stuckAfterSeconds for it,
/// the rest settle at once, so a long lesson stuck early still reaches its end promptly.
@Suite struct QueuedBehindTests {
    @Test func onlyTheFirstStepQueuedBehindABlockedCallWaitsForIt() throws {
        let lesson = try Fixtures.lesson(title: "Stuck", steps: Fixtures.listeningServer() + [
            "{id: a, actor: server, call: accept, fd: $s, as: conn, expect: blocks}",
            "{id: q1, actor: server, call: getsockname, fd: $s, as: n1}",
            "{id: q2, actor: server, call: getsockname, fd: $s, as: n2}",
            "{id: q3, actor: server, call: getsockname, fd: $s, as: n3}",
            "{id: q4, actor: server, call: getsockname, fd: $s, as: n4}",
        ])
        var options = SessionOptions()
        options.stuckAfterSeconds = 0.5
        let h = try SessionHarness(lesson, options: options)
        let start = Date()
        #expect(h.runToEnd())
        let took = Date().timeIntervalSince(start)
        #expect(h.leave())
        // One wait for q1 and one at the end of the steps; q2…q4 do not wait again.
        #expect(took >= 0.9 && took < 1.9, "took \(took) s")
        let queued = h.state.notices.filter { $0.hasPrefix("server is still waiting in accept()") }
        #expect(queued.count == 4, "\(h.state.notices)")
    }
}
