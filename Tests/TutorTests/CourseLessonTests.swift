import Foundation
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// The course's own lessons, run for real: what their notes promise must be what the
/// kernel shows (states, queues, errnos), beyond what lint checks (each step's expect).
/// Kernel rows are told apart by their ports, not by the step they followed: a blocked
/// call that returns late may bring a look at the kernel in the middle of a later step.
@Suite(.serialized) struct CourseLessonTests {
    /// Runs a built-in lesson to its end and leaves; the harness keeps every event.
    /// Every view of the kernel the session reported, in order.
    func snapshots(_ h: SessionHarness) -> [[KernelSocket]] {
        h.events.compactMap { if case .kernel(let rows) = $0.event { rows } else { nil } }
    }

    /// The address port a step's call returned (getsockname's own, accept's peer's).
    func port(_ h: SessionHarness, _ actor: String, step: String) -> UInt16? {
        h.state.traces[actor]?.first { $0.stepID == step && $0.outcome?.address != nil }?.outcome?.address?.port
    }

    func errno(_ h: SessionHarness, _ step: String) -> String? {
        if case .raised(_, let e?)? = h.state.stepResults[step] { return e.name }
        return nil
    }

    /// The event number at which `actor`'s call of `step` returned.
    func returned(_ h: SessionHarness, _ actor: String, step: String) -> Int? {
        var stepOfCall: [Int: String] = [:]
        for e in h.events {
            if case .callStarted(let c) = e.event { stepOfCall[c.callID] = c.stepID }
            if case .callFinished(let id, actor, _) = e.event, stepOfCall[id] == step { return e.sequence }
        }
        return nil
    }

    func isFinWait(_ row: KernelSocket) -> Bool { row.state == "FIN_WAIT1" || row.state == "FIN_WAIT2" }

    // MARK: backlog

    @Test func backlogQueueFillsPastTheLimitTheExtraClientWaitsAndAcceptDrainsIt() throws {
        let (_, h) = try CourseRun.run("backlog")
        let serverPort = try #require(port(h, "server", step: "server-name"))
        let snaps = snapshots(h)

        // The listener's accept queue, each change once.
        var queue: [Int] = []
        for rows in snaps {
            guard let listener = rows.first(where: { $0.isListener && $0.localPort == serverPort }) else { continue }
            #expect(listener.backlog == 2, "listen(s, 2): \(listener)")
            if queue.last != listener.receiveQueue { queue.append(listener.receiveQueue) }
        }
        #expect(Array(queue.prefix(4)) == [0, 1, 2, 3], "grows with each connect, one past the backlog: \(queue)")
        #expect(queue.max() == 3, "Linux lets backlog + 1 connections wait: \(queue)")
        #expect(Array(queue.suffix(4)) == [3, 2, 1, 0], "accept drains it one by one: \(queue)")

        // While Dave's socket is in SYN_SENT the queue is over its limit, and the three
        // finished connections on the server's side belong to no descriptor yet.
        let waiting = try #require(snaps.first { $0.contains { $0.state == "SYN_SENT" } }, "Dave's socket waits in SYN_SENT")
        #expect(waiting.contains { $0.isListener && $0.localPort == serverPort && $0.receiveQueue == 3 }, "\(waiting)")
        let queued = waiting.filter { $0.inode == 0 && $0.localPort == serverPort && $0.state == "ESTABLISHED" }
        #expect(Set(queued.compactMap(\.remotePort)).count == 3, "\(waiting)")
        let daveRow = try #require(waiting.first { $0.state == "SYN_SENT" })

        // Dave's connect blocked, and returned 0 only after the server's first accept.
        let connect = try #require(h.state.traces["dave"]?.first { $0.stepID == "dave-connect" })
        #expect(connect.blocked)
        #expect(connect.outcome?.error == nil && connect.outcome?.returnValue == 0)
        let firstAccept = try #require(returned(h, "server", step: "accept-alice"))
        let daveConnected = try #require(returned(h, "dave", step: "dave-connect"))
        #expect(daveConnected > firstAccept, "Dave got in only once accept() had made room")

        // accept takes the connections in the order their handshakes finished: Dave last.
        let peers = ["accept-alice", "accept-bob", "accept-carol", "accept-dave"].compactMap { port(h, "server", step: $0) }
        #expect(peers.count == 4 && Set(peers).count == 4)
        #expect(peers.last == daveRow.localPort, "Dave's connection was accepted last")
        #expect(!queued.contains { $0.remotePort == daveRow.localPort }, "Dave was not in the queue while he waited")

        // Dave's bytes, sent before he was accepted, were waiting in the kernel.
        let data = h.state.traces["server"]?.first { $0.stepID == "server-recv-dave" }?.outcome?.bytes
        #expect(data.map { String(decoding: $0, as: UTF8.self) } == "hello from dave\n")
    }

    // MARK: closing

    @Test func closingShowsHalfCloseTheStatesOfEachSideAndTheRealErrors() throws {
        let (_, h) = try CourseRun.run("closing")
        let serverPort = try #require(port(h, "server", step: "server-name"))
        let snaps = snapshots(h)
        let all = snaps.flatMap { $0 }
        let final = try #require(snaps.last)
        /// The row of one side of a connection: `from` is that side's own port.
        func side(_ rows: [KernelSocket], from: UInt16, to: UInt16) -> [KernelSocket] {
            rows.filter { $0.localPort == from && $0.remotePort == to }
        }

        // 1. Half close: the client shut down its sending side first.
        let first = try #require(port(h, "server", step: "accept-1"))
        #expect(side(all, from: serverPort, to: first).contains { $0.state == "CLOSE_WAIT" },
                "the server's side, which did not close first, waits in CLOSE_WAIT")
        #expect(side(all, from: first, to: serverPort).contains(where: isFinWait))
        #expect(h.state.stepResults["server-recv-end"] == .endOfStream, "recv returns 0 bytes after the FIN")
        let answer = h.state.traces["client"]?.first { $0.stepID == "client-recv" }?.outcome?.bytes
        #expect(answer.map { String(decoding: $0, as: UTF8.self) } == "answer\n", "the other direction still works")
        #expect(errno(h, "client-send-after-shutdown") == "EPIPE")
        #expect(side(final, from: first, to: serverPort).contains { $0.state == "TIME_WAIT" && $0.inode == 0 },
                "TIME_WAIT, owned by no descriptor, on the client's side, which closed first: \(final)")
        #expect(side(all, from: serverPort, to: first).allSatisfy { $0.state != "TIME_WAIT" })

        // 2. The server closes first; the client writes on: one send gets through, the next fails.
        let second = try #require(port(h, "server", step: "accept-2"))
        #expect(side(all, from: second, to: serverPort).contains { $0.state == "CLOSE_WAIT" })
        #expect(side(all, from: serverPort, to: second).contains { isFinWait($0) && $0.inode == 0 })
        let firstSend = h.state.traces["client"]?.first { $0.stepID == "client-send-2" }?.outcome
        #expect(firstSend?.error == nil && firstSend?.returnValue == 13, "the first send to a closed peer succeeds")
        #expect(errno(h, "client-send-again") == "EPIPE")
        #expect(side(final, from: serverPort, to: second).isEmpty,
                "the RST ended the server's side at once, no FIN_WAIT2 nor TIME_WAIT left: \(final)")

        // 3. Unread data: the close becomes a reset.
        #expect(errno(h, "client-recv-3") == "ECONNRESET")
        let third = try #require(port(h, "server", step: "accept-3"))
        #expect(side(all, from: serverPort, to: third).allSatisfy { !isFinWait($0) && $0.state != "TIME_WAIT" })
        #expect(side(all, from: third, to: serverPort).allSatisfy { $0.state != "CLOSE_WAIT" })

        // 4. The server closes first again: TIME_WAIT on the server's port, then the restart.
        let fourth = try #require(port(h, "server", step: "accept-4"))
        #expect(side(all, from: fourth, to: serverPort).contains { $0.state == "CLOSE_WAIT" })
        #expect(side(final, from: serverPort, to: fourth).contains { $0.state == "TIME_WAIT" && $0.inode == 0 },
                "TIME_WAIT on the server's side, which closed first: \(final); ports: server \(serverPort), clients \(first), \(second), \(third), \(fourth)")
        #expect(errno(h, "restart-bind") == "EADDRINUSE")
        #expect(h.state.traces["server"]?.first { $0.stepID == "restart-bind" }?.outcome?.error?.code == 98)
        #expect(h.state.stepResults["restart-bind-again"] == .returned, "bind succeeds after SO_REUSEADDR")
        let rebound = h.state.traces["server"]?.first { $0.stepID == "restart-bind-again" }
        if case .bind(_, let address)? = rebound?.call { #expect(address.port == serverPort, "the very same port") }
        #expect(snaps.contains { rows in
            rows.contains { $0.isListener && $0.localPort == serverPort }
                && rows.contains { $0.state == "TIME_WAIT" && $0.localPort == serverPort && $0.remotePort == fourth }
        }, "the new listener and the old connection's TIME_WAIT on one port")
    }
}
