import Foundation
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// The first lessons' key results, for real: the server that outlives its clients, and the
/// TCP workflow's blocked accept, its new socket and the listener that carries no data.
@Suite(.serialized) struct CourseClientServerAndWorkflowTests {
    func peer(_ h: SessionHarness, _ step: String) -> UInt16? {
        h.state.traces["server"]?.first { $0.stepID == step }?.outcome?.address?.port
    }

    @Test func clientServerServesThreeClientsInTurnAndTheListenerStaysUntilTheEnd() throws {
        let h = try CourseRun.run("client-server").harness
        // Three accepts, each a new connection from a port of its own; each served to b''.
        let peers = ["accept-1", "accept-2", "accept-3"].compactMap { peer(h, $0) }
        #expect(peers.count == 3 && Set(peers).count == 3, "\(peers)")
        for eof in ["server-eof-1", "server-eof-2", "server-eof-3"] { #expect(h.state.stepResults[eof] == .endOfStream, "\(eof)") }
        // The listening socket was in the kernel's table while every client came and went.
        let listening = h.events.filter { if case .kernel(let rows) = $0.event { rows.contains(where: \.isListener) } else { false } }
        #expect(listening.count >= 3)
        // Each guest got the greeting with its own number.
        for (guest, n) in [("alice", 1), ("bob", 2), ("carol", 3)] {
            let got = h.state.traces[guest]?.first { $0.call.name == "recv" }?.outcome?.bytes
            #expect(got.map { String(decoding: $0, as: UTF8.self) }?.contains("\(n)") == true, "\(guest): \(String(describing: got))")
        }
    }

    @Test func tcpWorkflowAcceptBlocksThenReturnsANewSocketAndTheListenerCarriesNoData() throws {
        let h = try CourseRun.run("tcp-workflow").harness
        #expect(h.state.traces["server"]?.first { $0.stepID == "send-on-listener" }?.outcome?.error?.name == "EPIPE")
        #expect(h.state.traces["server"]?.first { $0.stepID == "recv-on-listener" }?.outcome?.error?.name == "ENOTCONN")
        let accept = try #require(h.state.traces["server"]?.first { $0.stepID == "server-accept" })
        #expect(accept.blocked, "accept slept in the kernel until the client connected")
        let listener = try #require(h.state.traces["server"]?.first { $0.stepID == "server-socket" }?.outcome?.returnValue)
        let conn = try #require(accept.outcome?.returnValue)
        #expect(conn != listener, "accept returns a NEW descriptor")
        // The bytes went both ways, and the client's close reached the server as b''.
        let data = h.state.traces["server"]?.first { $0.stepID == "server-recv" }?.outcome?.bytes
        #expect(data.map { String(decoding: $0, as: UTF8.self) } == "hello\n")
        #expect(h.state.stepResults["server-eof"] == .endOfStream)
    }
}
