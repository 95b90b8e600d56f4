import Foundation
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// The udp lesson, run for real: no listen on a datagram socket, recvfrom's real sender
/// address, one datagram per recvfrom, a datagram cut to the buffer with its rest gone,
/// and ECONNREFUSED only on the connected socket, reported once.
@Suite(.serialized) struct CourseUdpTests {
    func outcome(_ h: SessionHarness, _ actor: String, _ step: String) -> CallOutcome? {
        h.state.traces[actor]?.last { $0.stepID == step }?.outcome
    }

    func errno(_ h: SessionHarness, _ step: String) -> String? {
        if case .raised(_, let e?)? = h.state.stepResults[step] { return e.name }
        return nil
    }

    func bytes(_ h: SessionHarness, _ actor: String, _ step: String) -> String? {
        outcome(h, actor, step)?.bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func datagramsKeepTheirEdgesAreCutToTheBufferAndOnlyAConnectedSocketHearsECONNREFUSED() throws {
        let (_, h) = try CourseRun.run("udp")
        #expect(errno(h, "server-listen") == "EOPNOTSUPP", "no listen on UDP")

        // recvfrom gives the real sender: the client's own bound address; the reply goes there.
        let client = try #require(outcome(h, "client", "client-name")?.address)
        let server = try #require(outcome(h, "server", "server-name")?.address)
        #expect(outcome(h, "server", "server-recvfrom")?.address == client)
        #expect(bytes(h, "server", "server-recvfrom") == "hello, server")
        if case .sendto(_, _, let to)? = h.state.traces["server"]?.last(where: { $0.stepID == "server-reply" })?.call {
            #expect(to == client)
        } else { Issue.record("server-reply is a sendto") }
        #expect(outcome(h, "client", "client-recvfrom")?.address == server)

        // Two sendto, two recvfrom: each returns one datagram, though 1024 bytes had room for both.
        #expect(bytes(h, "server", "server-recv-one") == "one")
        #expect(bytes(h, "server", "server-recv-two") == "two")

        // 30 bytes sent, recvfrom(8) returns 8, and the other 22 are gone (EAGAIN, not data).
        #expect(outcome(h, "client", "client-sendto-long")?.returnValue == 30)
        let cut = try #require(outcome(h, "server", "server-recv-short"))
        #expect(cut.returnValue == 8 && bytes(h, "server", "server-recv-short") == "a datagr")
        #expect(errno(h, "server-recv-rest") == "EAGAIN")

        // The borrowed port is free; the unconnected socket hears nothing, the connected one
        // ECONNREFUSED (111) once, then nothing again.
        let dead = try #require(outcome(h, "client", "probe-name")?.address)
        #expect(dead.port != 0 && dead.port != server.port && dead.port != client.port)
        #expect(outcome(h, "client", "client-sendto-dead")?.returnValue == 7)
        #expect(errno(h, "client-check-unconnected") == "EAGAIN")
        #expect(outcome(h, "client", "udp-connect")?.error == nil)
        #expect(outcome(h, "client", "udp-send")?.returnValue == 7)
        #expect(outcome(h, "client", "udp-recv")?.error?.code == ECONNREFUSED)
        #expect(errno(h, "udp-recv") == "ECONNREFUSED")
        #expect(errno(h, "udp-recv-again") == "EAGAIN")
    }
}
