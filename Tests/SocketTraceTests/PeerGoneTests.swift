import Foundation
import Glibc
import Testing
@testable import SocketTrace

/// What a send reports after the peer has gone, the two ways the closing lesson's recap
/// tells apart. Real sockets on loopback; every descriptor is closed at the end.
@Suite struct PeerGoneTests {
    /// A connected pair: the client's descriptor and the server's accepted one.
    func connectedPair(_ fds: inout [Int32]) throws -> (client: Int32, server: Int32) {
        let l = Int32(Kernel.perform(.socket(family: .inet, type: .stream, protocol: 0)).returnValue)
        let c = Int32(Kernel.perform(.socket(family: .inet, type: .stream, protocol: 0)).returnValue)
        fds += [l, c]
        _ = Kernel.perform(.bind(fd: l, address: .inet(host: "127.0.0.1", port: 0)))
        _ = Kernel.perform(.listen(fd: l, backlog: 1))
        let address = try #require(Kernel.perform(.getsockname(fd: l)).address)
        #expect(Kernel.perform(.connect(fd: c, address: address)).error == nil)
        let a = Kernel.perform(.accept(fd: l))
        try #require(a.error == nil)
        fds.append(Int32(a.returnValue))
        return (c, Int32(a.returnValue))
    }

    func sendError(_ fd: Int32) -> String {
        let o = Kernel.perform(.send(fd: fd, data: Data("x".utf8), flags: []))
        usleep(20_000)  // the peer's answer (an RST) crosses loopback
        return o.error?.name ?? "ok"
    }

    @Test func anRSTOnAnEstablishedConnectionMakesTheNextSendECONNRESETAndOnlyLaterOnesEPIPE() throws {
        var fds: [Int32] = []
        defer { fds.forEach { _ = Glibc.close($0) } }
        let (client, server) = try connectedPair(&fds)
        _ = Kernel.perform(.send(fd: client, data: Data("unread".utf8), flags: []))
        usleep(20_000)
        _ = Kernel.perform(.close(fd: server))  // unread data: the close sends an RST, no FIN
        fds.removeAll { $0 == server }
        usleep(20_000)
        #expect([sendError(client), sendError(client), sendError(client)] == ["ECONNRESET", "EPIPE", "EPIPE"])
    }

    @Test func afterThePeersFINTheFirstSendSucceedsAndTheNextIsEPIPE() throws {
        var fds: [Int32] = []
        defer { fds.forEach { _ = Glibc.close($0) } }
        let (client, server) = try connectedPair(&fds)
        _ = Kernel.perform(.close(fd: server))  // nothing unread: a FIN
        fds.removeAll { $0 == server }
        usleep(20_000)
        #expect([sendError(client), sendError(client), sendError(client)] == ["ok", "EPIPE", "EPIPE"])
    }
}
