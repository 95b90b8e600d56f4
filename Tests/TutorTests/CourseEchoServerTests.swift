import Foundation
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// The echo-server lesson, run for real: each client is greeted and gets its own line back
/// on its own accepted socket, the server's close ends each client's read loop with an
/// empty read, and one listening socket serves both clients in turn.
@Suite(.serialized) struct CourseEchoServerTests {
    func outcome(_ h: SessionHarness, _ actor: String, _ step: String) -> CallOutcome? {
        h.state.traces[actor]?.last { $0.stepID == step }?.outcome
    }

    func text(_ h: SessionHarness, _ actor: String, _ step: String) -> String? {
        outcome(h, actor, step)?.bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func twoClientsInTurnAreGreetedEchoedAndEndWithAnEmptyRead() throws {
        let (_, h) = try CourseRun.run("echo-server")
        let listener = try #require(outcome(h, "server", "server-socket")?.returnValue)
        let serverPort = try #require(outcome(h, "server", "server-name")?.address?.port)

        for (client, prefix, line) in [("alice", "alice", "ping from Alice\n"), ("bob", "bob", "ping from Bob\n")] {
            #expect(text(h, client, "\(prefix)-greeting") == "hello from the echo server\n", "\(client) is greeted first")
            #expect(text(h, client, "\(prefix)-reads-echo") == line, "\(client) gets its own line back")
            // The empty read: recv() returned 0 at once, after the server's close.
            let end = try #require(outcome(h, client, "\(prefix)-reads-end"))
            #expect(end.error == nil && end.returnValue == 0 && (end.bytes ?? Data()).isEmpty)
            #expect(h.state.stepResults["\(prefix)-reads-end"] == .endOfStream)
            #expect(h.state.traces[client]?.last { $0.stepID == "\(prefix)-reads-end" }?.blocked == false)
        }

        // Each client came through accept() on the one listening socket, and got a socket of
        // its own; the peer each accept() reported is that client's own address.
        let accepts = (h.state.traces["server"] ?? []).filter { if case .accept(let fd) = $0.call { fd == Int32(listener) } else { false } }
        #expect(accepts.map(\.stepID) == ["accept-alice", "accept-bob"])
        #expect(accepts.filter(\.blocked).count == 2, "the server waited for each client")
        let ownSockets = accepts.allSatisfy { entry in
            guard let o = entry.outcome else { return false }
            return o.error == nil && o.returnValue != Int(listener)
        }
        #expect(ownSockets, "each accept() returned a new socket")
        let connects = ["alice", "bob"].compactMap { c in h.state.traces[c]?.first { if case .connect = $0.call { true } else { false } } }
        #expect(connects.count == 2)
        for case .connect(_, let address) in connects.map(\.call) { #expect(address.port == serverPort) }
        #expect(Set(accepts.compactMap { $0.outcome?.address?.port }).count == 2, "two different clients")

        // The server's sends are the same bytes it read.
        #expect(text(h, "server", "server-recv-alice") == "ping from Alice\n")
        #expect(outcome(h, "server", "echo-alice")?.returnValue == 16)
    }
}
