import Foundation
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// The concurrency lesson, run for real: the iterative server serves its three clients one
/// after another while the others wait; three threads serve three connections at once; one
/// poll() names exactly the sockets that have something to read.
@Suite(.serialized) struct CourseConcurrencyTests {
    func run() throws -> (lesson: Lesson, harness: SessionHarness) {
        let lesson = try #require(try Fixtures.builtIn().lesson(id: "concurrency"))
        let h = try SessionHarness(lesson)
        #expect(h.runToEnd(), "concurrency runs to its end")
        #expect(h.leave())
        #expect(h.state.notices.isEmpty, "\(h.state.notices)")
        #expect(h.state.stepResults.count == lesson.steps.count)
        return (lesson, h)
    }

    /// Event numbers at which each call started and returned, by call id.
    func times(_ h: SessionHarness) -> (started: [Int: Int], finished: [Int: Int]) {
        var started: [Int: Int] = [:], finished: [Int: Int] = [:]
        for e in h.events {
            if case .callStarted(let c) = e.event { started[c.callID] = e.sequence }
            if case .callFinished(let id, _, _) = e.event { finished[id] = e.sequence }
        }
        return (started, finished)
    }

    func entry(_ h: SessionHarness, _ actor: String, _ step: String) throws -> SessionState.TraceEntry {
        try #require(h.state.traces[actor]?.last { $0.stepID == step }, "\(actor) \(step)")
    }

    func fd(_ h: SessionHarness, _ step: String) throws -> Int32 {
        Int32(try #require(try entry(h, "server", step).outcome?.returnValue))
    }

    @Test func iterativeServerMakesTheOthersWaitThreadsServeAtOnceAndPollNamesTheReadySockets() throws {
        let (_, h) = try run()
        let (started, finished) = times(h)

        // ---- iterative: one client at a time, in the order they were accepted.
        let served = try ["recv-alice", "recv-bob", "recv-carol"].map { try entry(h, "server", $0).outcome?.bytes }
        #expect(served == ["alice\n", "bob\n", "carol\n"].map { Data($0.utf8) })
        #expect(try entry(h, "server", "recv-alice").blocked, "the server waited in recv for slow Alice")
        for (client, echo, close, accept) in [("bob", "echo-bob", "close-alice", "accept-bob"),
                                              ("carol", "echo-carol", "close-bob", "accept-carol")] {
            let wait = try entry(h, client, "\(client)-recv")
            #expect(wait.blocked, "\(client) waited while the server was busy")
            #expect(wait.outcome?.bytes == Data("\(client)\n".utf8))
            // Answered only after the server sent to them, and accepted only after the
            // previous client was closed.
            let answered = try #require(finished[wait.callID])
            let sent = try #require(started[entry(h, "server", echo).callID])
            let accepted = try #require(started[entry(h, "server", accept).callID])
            let closed = try #require(finished[entry(h, "server", close).callID])
            #expect(answered > sent && accepted > closed)
        }

        // ---- a thread per connection: three threads, three tids, in recv at the same time.
        let creates = try ["thread-alice", "thread-bob", "thread-carol"].map { try entry(h, "server", $0) }
        #expect(creates.allSatisfy { $0.outcome?.returnValue == 0 })
        let tids = Set(creates.compactMap { $0.outcome?.value })
        #expect(tids.count == 3, "three new threads: \(tids)")
        // Slow Alice's thread waited in recv from its start to her close; it read nothing.
        let alices = try #require(h.state.traces["thread-1"])
        #expect(alices.map(\.call.name) == ["recv", "close"], "\(alices.map(\.call.name))")
        #expect(alices[0].blocked && alices[0].outcome?.returnValue == 0)
        for (actor, name) in [("thread-2", "bob"), ("thread-3", "carol")] {
            let calls = try #require(h.state.traces[actor])
            #expect(calls.map(\.call.name) == ["recv", "send", "recv", "close"], "\(actor): \(calls.map(\.call.name))")
            #expect(calls[0].outcome?.bytes == Data("\(name)\n".utf8))
            #expect(calls[2].blocked && calls[2].outcome?.returnValue == 0, "\(actor) waited for more, then saw the end of the stream")
            // Served while Alice's thread was still waiting for her.
            let answered = try entry(h, name, "\(name)-recv-2")
            #expect(answered.blocked && answered.outcome?.bytes == Data("\(name)\n".utf8))
            let servedAt = try #require(finished[answered.callID])
            let aliceDone = try #require(finished[alices[0].callID])
            #expect(servedAt < aliceDone)
        }
        // At one moment all three threads were in recv: Alice's first, the others' second.
        let waits = [alices[0], try #require(h.state.traces["thread-2"]?[2]), try #require(h.state.traces["thread-3"]?[2])]
        let lastStart = try waits.map { try #require(started[$0.callID]) }.max()!
        let firstEnd = try waits.map { try #require(finished[$0.callID]) }.min()!
        #expect(lastStart < firstEnd, "all three threads were waiting in recv at once")
        for join in ["join-alice", "join-bob", "join-carol"] {
            let j = try entry(h, "server", join)
            #expect(j.blocked && j.outcome?.returnValue == 0, "\(join) waited for its thread to end")
        }

        // ---- a poll loop: one call, the ready descriptors named.
        let (alice, bob, carol) = (try fd(h, "accept-alice-3"), try fd(h, "accept-bob-3"), try fd(h, "accept-carol-3"))
        let listener = try fd(h, "server-socket")
        let poll1 = try entry(h, "server", "poll-1")
        #expect(poll1.call == .pollMany(fds: [listener, alice, bob, carol], events: .input, timeoutMilliseconds: -1))
        #expect(poll1.blocked && poll1.outcome?.returnValue == 1)
        #expect(Kernel.readyDescriptors(poll1.outcome?.value) == [bob])
        let poll2 = try entry(h, "server", "poll-2")
        #expect(!poll2.blocked && poll2.outcome?.returnValue == 2)
        #expect(Kernel.readyDescriptors(poll2.outcome?.value) == [alice, carol])
        let poll3 = try entry(h, "server", "poll-3")
        #expect(Kernel.readyDescriptors(poll3.outcome?.value) == [alice, bob, carol], "closed peers are readable")
        for recv in ["recv-bob-3", "recv-alice-3", "recv-carol-3"] {
            #expect(try !entry(h, "server", recv).blocked, "\(recv): poll said it was ready")
        }
        // The notes show the real counts.
        let lines = h.lines()
        #expect(lines.contains { $0.contains("1 socket was ready") })
        #expect(lines.contains { $0.contains("2 sockets were ready") })
    }
}
