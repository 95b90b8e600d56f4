import Foundation
import Glibc
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

@Suite(.serialized) struct SessionTests {
    @Test func acceptIsPendingUntilTheClientConnects() throws {
        let lesson = try #require(try Fixtures.builtIn().lesson(id: "tcp-workflow"))
        let h = try SessionHarness(lesson)
        defer { _ = h.leave() }
        let acceptIndex = try #require(lesson.steps.firstIndex { $0.call == .accept })
        for _ in 0...acceptIndex { #expect(h.step()) }

        let pending = h.state.pendingCalls
        #expect(pending.count == 1)
        #expect(pending.first?.call.name == "accept")
        #expect(pending.first?.blocked == true, "the kernel reports the server asleep in accept")
        usleep(100_000)
        #expect(h.state.pendingCalls.count == 1, "nothing returns accept but a client")

        // The client's socket, then its connect: accept returns a new descriptor.
        let connectIndex = try #require(lesson.steps.firstIndex { $0.call == .connect })
        for _ in (acceptIndex + 1)...connectIndex { #expect(h.step()) }
        h.collect(timeout: 2) { _ in h.state.pendingCalls.isEmpty }
        let accept = try #require(h.state.traces["server"]?.last { $0.call.name == "accept" })
        let listener = try #require(accept.call.fd)
        #expect(accept.outcome?.returnValue ?? -1 > Int(listener))
        #expect(accept.outcome?.address?.hostAndPort.hasPrefix("127.0.0.1:") == true)
        let transcript = h.lines()
        #expect(transcript.contains { $0.hasPrefix("[server] accept(\(listener), …) <blocked>") })
        #expect(transcript.contains { $0.hasPrefix("[server] <… accept resumed> = ") })
    }

    @Test func aLessonRunsToTheEndWithRealResultsAndNoLeftovers() throws {
        let lesson = try #require(try Fixtures.builtIn().lesson(id: "tcp-workflow"))
        let h = try SessionHarness(lesson)
        #expect(h.runToEnd())
        #expect(h.leave())
        let state = h.state
        #expect(state.finished && state.left)
        #expect(state.stepResults.count == lesson.steps.count)
        #expect(state.notices.isEmpty)
        let port = try #require(state.traces["server"]?.first { $0.call.name == "getsockname" }?.outcome?.address?.port)
        #expect(port > 0)
        // The client connected to exactly the port the kernel gave the server.
        let connect = try #require(state.traces["client"]?.first { $0.call.name == "connect" })
        if case .connect(_, let address) = connect.call { #expect(address.port == port) }
        guard case .left(_, let closed) = h.events.last?.event else { Issue.record("no left event"); return }
        #expect(closed == 0, "the lesson closes its own sockets")
    }

    @Test func leavingFromEveryStepOfEveryLessonFreesEveryDescriptorAndThread() throws {
        let library = try Fixtures.builtIn()
        let fdsBefore = ProcessCensus.descriptors()
        #expect(ProcessCensus.engineThreads() == 0)
        var runs = 0
        var slowest = 0.0
        while runs < 50 {
            for lesson in library.lessons {
                for stop in 0...lesson.steps.count {
                    let h = try SessionHarness(lesson)
                    for _ in 0..<stop { h.step() }
                    let start = Date()
                    #expect(h.leave(), "\(lesson.id): leave after \(stop) steps")
                    slowest = max(slowest, Date().timeIntervalSince(start))
                    runs += 1
                }
            }
        }
        #expect(slowest < 0.2, "leaving took \(slowest) s at worst")
        // Other suites' descriptors may close meanwhile; a leak would leave more than before.
        #expect(ProcessCensus.settle(ProcessCensus.descriptors, to: fdsBefore) <= fdsBefore)
        #expect(ProcessCensus.settle(ProcessCensus.engineThreads, to: 0) == 0, "every actor and driver thread has ended")
    }

    @Test func leavingWhileAcceptAndRecvAreBlockedUnblocksThemAtOnce() throws {
        let lesson = try Fixtures.lesson(title: "Blocked twice", steps: Fixtures.listeningServer() + [
            "{id: c, actor: client, call: socket, as: c}",
            "{id: k, actor: client, call: connect, fd: $c, address: $addr}",
            "{id: r, actor: client, call: recv, fd: $c, expect: blocks}",
            "{id: a2, actor: server, call: accept, fd: $s, as: conn}",
            "{id: a3, actor: server, call: accept, fd: $s, as: conn2, expect: blocks}",
        ])
        let fdsBefore = ProcessCensus.descriptors()
        let h = try SessionHarness(lesson)
        #expect(h.runToEnd())
        #expect(h.state.pendingCalls.count == 2)
        let start = Date()
        #expect(h.leave())
        #expect(Date().timeIntervalSince(start) < 0.2)
        let teardown = h.lines().filter { $0.hasPrefix("[teardown]") }
        #expect(teardown.contains { $0.hasPrefix("[teardown] shutdown(") })
        #expect(teardown.contains { $0.hasPrefix("[teardown] close(") })
        #expect(h.state.pendingCalls.isEmpty, "every blocked call returned")
        // Other suites' descriptors may close meanwhile; a leak would leave more than before.
        #expect(ProcessCensus.settle(ProcessCensus.descriptors, to: fdsBefore) <= fdsBefore)
    }

    @Test func fourSessionsRunInParallelInOneProcess() throws {
        let lesson = try #require(try Fixtures.builtIn().lesson(id: "tcp-workflow"))
        let results = LockedResults()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            guard let h = try? SessionHarness(lesson) else { return }
            let finished = h.runToEnd()
            let left = h.leave()
            let port = h.state.traces["server"]?.first { $0.call.name == "getsockname" }?.outcome?.address?.port
            results.add(finished && left && h.state.notices.isEmpty, port)
        }
        #expect(results.oks == [true, true, true, true])
        // Each got a port from the kernel. (Not necessarily four different ones: a session
        // that has closed its listener frees the port for one that binds later, which under
        // load happened.)
        #expect(results.ports.compactMap { $0 }.count == 4, "each session got a port from the kernel")
    }

    @Test func settimeoutMakesRecvGiveUpAndConnectExReturnsTheError() throws {
        let lesson = try Fixtures.lesson(title: "Timeouts", steps: [
            "{id: gone, actor: client, call: socket, as: gone}",
            "{id: gb, actor: client, call: bind, fd: $gone, address: \"127.0.0.1:0\"}",
            "{id: gn, actor: client, call: getsockname, fd: $gone, as: nowhere}",
            "{id: gc, actor: client, call: close, fd: $gone}",
            "{id: c, actor: client, call: socket, as: c}",
            "{id: ce, actor: client, call: connect_ex, fd: $c, address: $nowhere, as: err}",
            "{id: u, actor: server, call: socketpair, as: pair}",
            "{id: t, actor: server, call: settimeout, fd: $pair.0, seconds: 0.2}",
            "{id: r, actor: server, call: recv, fd: $pair.0, expect: timeout}",
            "{id: x, actor: server, call: close, fd: $pair.0}",
            "{id: y, actor: server, call: close, fd: $pair.1}",
            "{id: z, actor: client, call: close, fd: $c}",
        ])
        let h = try SessionHarness(lesson)
        #expect(h.runToEnd())
        #expect(h.leave())
        #expect(h.state.stepResults["ce"] == .returned, "connect_ex returns its error instead of raising")
        let connect = try #require(h.state.traces["client"]?.first { $0.call.name == "connect" })
        #expect(connect.outcome?.error?.name == "ECONNREFUSED")
        #expect(h.state.stepResults["r"] == .timedOut)
        let poll = try #require(h.state.traces["server"]?.first { $0.call.name == "poll" })
        #expect(poll.outcome?.returnValue == 0)
        #expect((poll.outcome?.durationNanoseconds ?? 0) >= 150_000_000)
        #expect(h.lines().contains("    # raises TimeoutError: timed out"))
    }

    @Test func unixSocketsLiveInAPrivateDirectoryThatIsRemovedOnLeave() throws {
        let lesson = try Fixtures.lesson(title: "AF_UNIX", steps: [
            "{id: s, actor: server, call: socket, family: AF_UNIX, as: s}",
            "{id: b, actor: server, call: bind, fd: $s, address: \"unix:echo.sock\"}",
            "{id: l, actor: server, call: listen, fd: $s}",
            "{id: c, actor: client, call: socket, family: AF_UNIX, as: c}",
            "{id: k, actor: client, call: connect, fd: $c, address: \"unix:echo.sock\"}",
            "{id: a2, actor: server, call: accept, fd: $s, as: conn}",
        ])
        let h = try SessionHarness(lesson)
        #expect(h.runToEnd())
        let bind = try #require(h.state.traces["server"]?.first { $0.call.name == "bind" })
        guard case .bind(_, .unix(let path)) = bind.call else { Issue.record("not a unix bind"); return }
        #expect(path.hasSuffix("/echo.sock"))
        #expect(FileManager.default.fileExists(atPath: path), "the socket file appears in the filesystem")
        let directory = (path as NSString).deletingLastPathComponent
        var st = stat()
        stat(directory, &st)
        #expect(st.st_mode & 0o777 == 0o700, "only this user can enter it")
        #expect(h.leave())
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test func theStateIsAFoldOverEvents() throws {
        let lesson = try #require(try Fixtures.builtIn().lesson(id: "tcp-workflow"))
        let h = try SessionHarness(lesson)
        #expect(h.runToEnd())
        #expect(h.leave())
        var incremental = SessionState()
        for e in h.events { incremental.apply(e) }
        #expect(incremental == SessionState(folding: h.events))
        // Folding a prefix is the past: after the first events, no call had happened yet.
        let early = SessionState(folding: h.events.prefix(2))
        let anyCalls = early.traces.values.contains { !$0.isEmpty }
        #expect(!anyCalls)
        // Events survive a round trip through JSON (the recording format to come).
        let data = try JSONEncoder().encode(h.events)
        #expect(try JSONDecoder().decode([StampedEvent].self, from: data) == h.events)
        #expect(h.events.map(\.sequence) == Array(1...h.events.count), "sequence numbers are dense")
    }
}

final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var oks: [Bool] = []
    private(set) var ports: [UInt16?] = []
    func add(_ ok: Bool, _ port: UInt16?) {
        lock.lock(); oks.append(ok); ports.append(port); lock.unlock()
    }
}
