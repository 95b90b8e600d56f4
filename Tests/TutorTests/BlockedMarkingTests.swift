import Foundation
import Glibc
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// A call is marked blocked only when the kernel shows its actor asleep in that very call:
/// your-client's serve step, run in-process many times with a real client from this test.
@Suite(.serialized) struct BlockedMarkingTests {
    /// A TCP client of the lesson's server: connects, reads the greeting, sends a line,
    /// reads the echo, closes. Returns what it read.
    static func client(port: UInt16) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(rc == 0, "connect: errno \(errno)")
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received = ""
        func read(until marker: String) {
            var buffer = [UInt8](repeating: 0, count: 1024)
            while !received.contains(marker) {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 { return }
                received += String(decoding: buffer.prefix(n), as: UTF8.self)
            }
        }
        read(until: "\n")
        _ = "hi\n".withCString { send(fd, $0, 3, 0) }
        read(until: "echo: hi\n")
        return received
    }

    static func port(_ events: [StampedEvent]) -> UInt16? {
        for e in events {
            if case .instructions(let text) = e.event, let m = text.firstMatch(of: /nc 127\.0\.0\.1 (\d+)/) { return UInt16(m.1) }
        }
        return nil
    }

    /// The calls of the events so far, by id, and the ids announced blocked, in order.
    static func calls(_ events: [StampedEvent]) -> (calls: [Int: SocketCall], blocked: [Int]) {
        var calls: [Int: SocketCall] = [:], blocked: [Int] = []
        for e in events {
            switch e.event {
            case .callStarted(let start): calls[start.callID] = start.call
            case .callBlocked(let id, _): blocked.append(id)
            default: break
            }
        }
        return (calls, blocked)
    }

    @Test func overManyRunsOnlyTheCallsThatSleepAreMarkedBlockedAndEveryPollOfTheServeStepIs() throws {
        let lesson = try #require(try Fixtures.builtIn().lesson(id: "your-client"))
        for run in 1...30 {
            let h = try SessionHarness(lesson)
            defer { #expect(h.leave()) }
            h.session.send(.runToEnd)
            func blockedPolls() -> Int {
                let (calls, blocked) = Self.calls(h.events)
                return blocked.filter { if case .poll? = calls[$0] { true } else { false } }.count
            }
            #expect(h.collect(timeout: 10) { _ in blockedPolls() >= 1 }, "run \(run): the first poll is shown blocked")
            let port = try #require(Self.port(h.events), "run \(run): the instructions name the port")
            #expect(try Self.client(port: port).contains("echo: hi\n"))
            // After the client leaves, the serve step's second poll sleeps: it gets its event too.
            #expect(h.collect(timeout: 10) { _ in blockedPolls() >= 2 }, "run \(run): the second poll is shown blocked")

            let (calls, blocked) = Self.calls(h.events)
            let names = blocked.compactMap { calls[$0]?.name }
            #expect(!names.contains("getsockname"), "run \(run): getsockname never sleeps, yet was shown blocked")
            #expect(Set(names).isSubset(of: ["poll", "accept", "recv"]), "run \(run): blocked \(names)")
            #expect(Set(blocked).count == blocked.count, "run \(run): one blocked event per call")
            // What the TUI draws ("⏳ blocked" rather than "… running"): the fold's pending call.
            let pending = h.state.pendingCalls
            #expect(pending.count == 1 && pending.first?.call.name == "poll" && pending.first?.blocked == true,
                    "run \(run): the waiting poll is folded as blocked: \(pending.map { ($0.call.name, $0.blocked) })")
        }
    }

    @Test func theProbeReportsBlockedOnlyForTheCallIDAndDescriptorTheThreadSleepsIn() throws {
        // The probe is told which call to look for: a thread asleep in accept is blocked
        // for accept's id, and not for any other id or for a call that never sleeps.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        listen(listener, 1)
        let handle = BlockingQueue<BlockedCallProbe.Handle>()
        let thread = JoinableThread(name: "probe-test") {
            let probe = BlockedCallProbe.Handle()
            handle.push(probe)
            probe.enter(7)
            _ = accept(listener, nil, nil)
            probe.leave()
        }
        let probe = try #require(handle.pop(timeout: 5))
        var seen = BlockedCallProbe.Observation.unknown
        for _ in 0..<500 {
            seen = probe.observe(callID: 7, call: .accept(fd: listener))
            if case .blocked = seen { break }
            usleep(2000)
        }
        #expect(seen != .notBlocked && seen != .unknown, "asleep in accept, for accept's own id")
        #expect(probe.observe(callID: 6, call: .accept(fd: listener)) == .notBlocked, "another call id")
        #expect(probe.observe(callID: 7, call: .getsockname(fd: listener)) == .notBlocked, "getsockname never sleeps")
        #expect(probe.observe(callID: 7, call: .accept(fd: listener + 1)) == .notBlocked, "asleep on another descriptor")
        shutdown(listener, Int32(SHUT_RDWR))
        #expect(thread.join(timeout: 2))
        probe.close()
    }
}
