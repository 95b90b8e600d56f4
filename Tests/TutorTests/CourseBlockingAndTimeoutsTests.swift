import Foundation
import Glibc
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// The blocking-and-timeouts lesson, run for real: EAGAIN instead of a sleep, a one-second
/// timeout that really waits one second, and ECONNREFUSED returned by connect_ex.
@Suite(.serialized) struct CourseBlockingAndTimeoutsTests {
    func errno(_ h: SessionHarness, _ step: String) -> String? {
        if case .raised(_, let e?)? = h.state.stepResults[step] { return e.name }
        return nil
    }

    func calls(_ h: SessionHarness, _ actor: String, step: String) -> [SessionState.TraceEntry] {
        h.state.traces[actor]?.filter { $0.stepID == step } ?? []
    }

    @Test func nonBlockingCallsFailWithEAGAINATimeoutWaitsOneSecondAndConnectExReturnsECONNREFUSED() throws {
        let (_, h) = try CourseRun.run("blocking-and-timeouts")

        // accept with nobody there: EAGAIN at once (BlockingIOError), never asleep.
        #expect(errno(h, "accept-nobody") == "EAGAIN")
        if case .raised(let exception, let e?)? = h.state.stepResults["accept-nobody"] {
            #expect(exception == "BlockingIOError")
            #expect(e.code == EAGAIN && EAGAIN == EWOULDBLOCK)
        }
        #expect(calls(h, "server", step: "accept-nobody").allSatisfy { !$0.blocked })

        // The accepted socket does not inherit O_NONBLOCK: the flags read before setting it.
        #expect(h.state.stepResults["accept-client"] == .returned)
        let flags = try #require(calls(h, "server", step: "conn-nonblocking").first?.outcome)
        #expect(flags.error == nil && flags.returnValue & Int(O_NONBLOCK) == 0, "accept's socket blocks: \(flags)")
        #expect(errno(h, "recv-nothing") == "EAGAIN")
        #expect(calls(h, "server", step: "recv-ping").last?.outcome?.bytes == Data("ping\n".utf8))

        // settimeout(1.0): poll waits 1000 ms, asleep, returns 0, and no recv is made.
        #expect(h.state.stepResults["client-recv-timeout"] == .timedOut)
        let waited = calls(h, "client", step: "client-recv-timeout")
        #expect(waited.count == 1, "only the poll: \(waited.map(\.call.name))")
        let poll = try #require(waited.first)
        #expect(poll.call.name == "poll" && poll.blocked && poll.outcome?.returnValue == 0)
        let seconds = Double(poll.outcome?.durationNanoseconds ?? 0) / 1e9
        #expect(seconds >= 0.95 && seconds < 2.5, "the timeout waited \(seconds) s")
        // The socket still works: the late answer arrives on the next call, at once.
        let reply = calls(h, "client", step: "client-recv-reply")
        #expect(reply.last?.outcome?.bytes == Data("pong\n".utf8))
        #expect(reply.allSatisfy { !$0.blocked })

        // connect_ex to the spare socket's port (closed, nobody listens): returns 111.
        let spare = try #require(calls(h, "client", step: "spare-name").first?.outcome?.address?.port)
        let probe = try #require(calls(h, "client", step: "probe-connect-ex").first)
        #expect(probe.call.name == "connect")
        if case .connect(_, .inet(_, let port)) = probe.call { #expect(port == spare) } else { Issue.record("connect_ex made \(probe.call)") }
        #expect(probe.outcome?.error?.code == ECONNREFUSED && ECONNREFUSED == 111)
        #expect(h.state.stepResults["probe-connect-ex"] == .returned, "connect_ex returns the number, it does not raise")
        if case .raised(let exception, let e?)? = h.state.stepResults["refused-connect"] {
            #expect(exception == "ConnectionRefusedError" && e.code == ECONNREFUSED)
        } else {
            Issue.record("plain connect should raise: \(String(describing: h.state.stepResults["refused-connect"]))")
        }
        // The recap shows the real number connect_ex returned.
        let recap = try #require(h.state.narration.first { $0.sectionID == "recap" }?.text)
        #expect(recap.contains("ECONNREFUSED (\(ECONNREFUSED) here)"), "\(recap)")
    }
}
