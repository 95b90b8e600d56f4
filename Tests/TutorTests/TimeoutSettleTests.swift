import Foundation
import Testing
@testable import Tutor

/// A step with `expect: timeout` settles when its wait runs out, not when it falls asleep:
/// otherwise the next step (here, the peer's send) would run during the wait and end it.
@Suite(.serialized) struct TimeoutSettleTests {
    @Test func aStepExpectedToTimeOutRunsOutBeforeTheNextStepSends() throws {
        let lesson = try Fixtures.lesson(title: "Timeout, then data", steps: Fixtures.listeningServer() + [
            "{id: c, actor: client, call: socket, as: c}",
            "{id: k, actor: client, call: connect, fd: $c, address: $addr}",
            "{id: a, actor: server, call: accept, fd: $s, as: conn}",
            "{id: t, actor: client, call: settimeout, fd: $c, seconds: 0.3}",
            "{id: r, actor: client, call: recv, fd: $c, as: early, expect: timeout}",
            "{id: w, actor: server, call: send, fd: $conn, data: \"late\"}",
            "{id: r2, actor: client, call: recv, fd: $c, as: late}",
            "{id: x, actor: client, call: close, fd: $c}",
            "{id: y, actor: server, call: close, fd: $conn}",
            "{id: z, actor: server, call: close, fd: $s}",
        ])
        let h = try SessionHarness(lesson)
        #expect(h.runToEnd())
        #expect(h.leave())
        #expect(h.state.stepResults["r"] == .timedOut, "the send came only after the wait ran out")
        let poll = try #require(h.state.traces["client"]?.first { $0.stepID == "r" })
        #expect(poll.blocked && poll.outcome?.returnValue == 0)
        #expect((poll.outcome?.durationNanoseconds ?? 0) >= 250_000_000)
        let late = h.state.traces["client"]?.last { $0.stepID == "r2" }
        #expect(late?.outcome?.bytes == Data("late".utf8))
    }
}
