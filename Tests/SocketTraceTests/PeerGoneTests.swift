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

/// The closing lesson says TIME_WAIT lasts a fixed 60 s on Linux (TCP_TIMEWAIT_LEN): the
/// kernel's own timer for a fresh TIME_WAIT socket, read from /proc/net/tcp, says so too.
@Suite struct TimeWaitTests {
    @Test func aFreshTimeWaitSocketsTimerRunsForSixtySeconds() throws {
        let pair = PeerGoneTests()
        var fds: [Int32] = []
        defer { fds.forEach { _ = Glibc.close($0) } }
        let (client, server) = try pair.connectedPair(&fds)
        let serverPort = try #require(Kernel.perform(.getsockname(fd: server)).address?.port)
        _ = Kernel.perform(.close(fd: server))  // the server closes first: its side ends in TIME_WAIT
        fds.removeAll { $0 == server }
        usleep(20_000)
        _ = Kernel.perform(.close(fd: client))
        fds.removeAll { $0 == client }
        usleep(20_000)

        // Columns: sl local rem st tx:rx tr:tm->when …; `when` counts USER_HZ (100) ticks.
        // A read() loop: String(contentsOfFile:) returns only the first page of a /proc file.
        let table = try #require(KernelSocketTable.readWhole("/proc/net/tcp"))
        let local = String(format: "0100007F:%04X", serverPort)
        let rows: [[Substring]] = table.split(separator: "\n").map { $0.split(separator: " ") }
        let found = rows.first { (r: [Substring]) -> Bool in r.count > 5 && r[1] == local && r[3] == "06" }
        let row = try #require(found, "a TIME_WAIT row on \(local)")
        let timer = row[5].split(separator: ":")
        #expect(timer.first == "03", "timer 3: the TIME_WAIT timer")
        let seconds = Double(Int(timer.last ?? "", radix: 16) ?? 0) / 100
        #expect(seconds > 55 && seconds <= 60, "\(seconds) s left of TIME_WAIT")
    }
}

/// tcp-workflow says: EPIPE comes with SIGPIPE, which kills a program that keeps the
/// signal's default action (as a C program starts) unless it passes MSG_NOSIGNAL; Python
/// ignores SIGPIPE at start-up. Checked with python3 as the program, the send on a
/// listening socket as the lesson makes it.
@Suite struct SigpipeTests {
    /// `reset`: give SIGPIPE its default action first, as a C program has it.
    func python(flags: String, reset: Bool = true) throws -> (Process.TerminationReason, Int32, String) {
        let code = Self.sendOnListener.replacingOccurrences(of: "FLAGS", with: flags)
            .replacingOccurrences(of: "RESET", with: reset ? "signal.signal(signal.SIGPIPE, signal.SIG_DFL)" : "pass")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", code]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationReason, p.terminationStatus, text)
    }

    static let sendOnListener = """
    import socket, signal
    RESET
    s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(5)
    try: s.send(b'hello?', FLAGS)
    except BrokenPipeError: print('BrokenPipeError')
    s.close()
    """

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func aSendThatFailsWithEPIPEKillsAProgramWithSIGPIPEsDefaultActionUnlessMSGNOSIGNAL() throws {
        let killed = try python(flags: "0")
        #expect(killed.0 == .uncaughtSignal && killed.1 == SIGPIPE, "killed by SIGPIPE: \(killed)")
        let flagged = try python(flags: "socket.MSG_NOSIGNAL")
        #expect(flagged.0 == .exit && flagged.1 == 0 && flagged.2 == "BrokenPipeError\n", "\(flagged)")
        // Python as it starts: SIGPIPE ignored, the EPIPE is an exception.
        let plain = try python(flags: "0", reset: false)
        #expect(plain.0 == .exit && plain.2 == "BrokenPipeError\n", "\(plain)")
    }
}
