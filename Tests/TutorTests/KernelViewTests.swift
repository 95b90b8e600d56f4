import Foundation
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// The kernel's view of a lesson's own sockets, reported by the session after each step.
@Suite(.serialized) struct KernelViewTests {
    /// The listener's row after each step, as the session reported it.
    func listenerRows(_ h: SessionHarness) -> [String] {
        var rows: [String] = []
        for case .kernel(let kernel) in h.events.map(\.event) {
            // Other rows change too (a client's new socket): keep the listener's changes only.
            if let listener = kernel.first(where: \.isListener), rows.last != listener.description {
                rows.append(listener.description)
            }
        }
        return rows
    }

    @Test func acceptQueueGrowsOneTwoThreeAndDrains() throws {
        var steps = Fixtures.listeningServer(backlog: 5)
        for i in 1...3 {
            steps.append("{id: c\(i), actor: client, call: socket, as: c\(i)}")
            steps.append("{id: k\(i), actor: client, call: connect, fd: $c\(i), address: $addr}")
        }
        for i in 1...3 { steps.append("{id: a\(i), actor: server, call: accept, fd: $s, as: conn\(i)}") }
        let h = try SessionHarness(Fixtures.lesson(title: "Backlog", steps: steps))
        #expect(h.runToEnd())
        let port = try #require(h.state.traces["server"]?.compactMap { $0.outcome?.address?.port }.first)
        let queue = listenerRows(h).map { $0.replacingOccurrences(of: "tcp LISTEN 127.0.0.1:\(port) accept-queue ", with: "") }
        #expect(queue == ["0/5", "1/5", "2/5", "3/5", "2/5", "1/5", "0/5"])
        // Connections waiting to be accepted belong to no descriptor yet, but are the lesson's.
        let afterConnects = try #require(h.events.compactMap { if case .kernel(let k) = $0.event { k } else { nil } }
            .first { $0.contains { $0.description.hasSuffix("accept-queue 3/5") } })
        #expect(afterConnects.filter { $0.inode == 0 && $0.localPort == port }.count == 3)
        #expect(h.leave())
    }

    @Test func closingShowsCloseWaitThenTimeWaitOnTheSideThatClosedFirst() throws {
        let h = try SessionHarness(Fixtures.lesson(title: "Closing", steps: Fixtures.listeningServer(backlog: 1) + [
            "{id: c, actor: client, call: socket, as: c}",
            "{id: k, actor: client, call: connect, fd: $c, address: $addr}",
            "{id: a, actor: server, call: accept, fd: $s, as: conn}",
            "{id: x, actor: client, call: close, fd: $c}",
            "{id: r, actor: server, call: recv, fd: $conn, size: 10, expect: eof}",
            "{id: y, actor: server, call: close, fd: $conn}",
        ]))
        #expect(h.runToEnd())
        let states = h.events.compactMap { if case .kernel(let k) = $0.event { k.map(\.state) } else { nil } }
        #expect(states.contains { $0.contains("CLOSE_WAIT") }, "the server's side after the client's FIN: \(states)")
        let last = try #require(h.events.compactMap { if case .kernel(let k) = $0.event { k } else { nil } }.last)
        let waiting = last.filter { $0.state == "TIME_WAIT" }
        #expect(waiting.count == 1 && waiting[0].inode == 0, "the client closed first, so its side waits: \(last)")
        #expect(h.leave())
    }

    @Test func anotherProgramsSocketsAreNeverShown() throws {
        // A listener this test makes outside the lesson, on loopback too.
        let outsider = Kernel.perform(.socket(family: .inet, type: .stream, protocol: 0)).returnValue
        defer { close(Int32(outsider)) }
        _ = Kernel.perform(.bind(fd: Int32(outsider), address: .inet(host: "127.0.0.1", port: 0)))
        _ = Kernel.perform(.listen(fd: Int32(outsider), backlog: 1))
        let outsiderPort = try #require(Kernel.perform(.getsockname(fd: Int32(outsider))).address?.port)
        let h = try SessionHarness(Fixtures.lesson(title: "Alone", steps: Fixtures.listeningServer(backlog: 1)))
        #expect(h.runToEnd())
        let shown: [KernelSocket] = h.events.flatMap { (e: StampedEvent) -> [KernelSocket] in
            if case .kernel(let k) = e.event { return k } else { return [] }
        }
        #expect(!shown.isEmpty)
        #expect(!shown.contains { $0.localPort == outsiderPort || $0.remotePort == outsiderPort })
        #expect(h.leave())
    }

    /// A client from outside the lesson (a learner's nc) waits in the lesson's accept queue:
    /// the waiting connection is the lesson's and shown; the client's own socket is not.
    @Test func aClientFromOutsideIsShownWaitingButItsSocketIsNot() throws {
        let h = try SessionHarness(Fixtures.lesson(title: "Outside", steps: Fixtures.listeningServer(backlog: 5) + [
            "{id: c, actor: client, call: socket, as: c}",
        ]))
        defer { _ = h.leave() }
        for _ in 0..<5 where h.state.traces["server"]?.contains(where: { $0.call.name == "listen" }) != true { h.step() }
        let port = try #require(h.state.traces["server"]?.compactMap { $0.outcome?.address?.port }.first)
        let outsider = Kernel.perform(.socket(family: .inet, type: .stream, protocol: 0)).returnValue
        defer { close(Int32(outsider)) }
        #expect(Kernel.perform(.connect(fd: Int32(outsider), address: .inet(host: "127.0.0.1", port: port))).error == nil)
        let outsiderPort = try #require(Kernel.perform(.getsockname(fd: Int32(outsider))).address?.port)
        #expect(h.runToEnd())
        let last = try #require(h.events.compactMap { if case .kernel(let k) = $0.event { k } else { nil } }.last)
        #expect(last.contains { $0.description == "tcp LISTEN 127.0.0.1:\(port) accept-queue 1/5" }, "\(last)")
        #expect(last.contains { $0.inode == 0 && $0.localPort == port && $0.remotePort == outsiderPort }, "\(last)")
        #expect(!last.contains { $0.localPort == outsiderPort }, "the outside client's own socket: \(last)")
    }
}
