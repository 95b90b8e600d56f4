import Foundation
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// start_thread and join_thread in real sessions: the thread exists only once the step
/// made it, its calls are traced under its actor, and leaving ends it wherever it waits.
@Suite(.serialized) struct ThreadStepTests {
    static func lesson(_ steps: [String]) throws -> Lesson {
        let header = """
        format_version: 1
        id: fixture
        title: Threads
        summary: s
        actors: [server, worker, client]
        sections:
          - id: a
            text: t
            steps:

        """
        return try Fixtures.lesson(header + (Fixtures.listeningServer() + steps).map { "      - " + $0 }.joined(separator: "\n") + "\n")
    }

    static let served = [
        "{id: c, actor: client, call: socket, as: c}",
        "{id: k, actor: client, call: connect, fd: $c, address: $addr}",
        "{id: a, actor: server, call: accept, fd: $s, as: conn}",
        "{id: t, actor: server, call: start_thread, fd: $conn, worker: worker, as: t1}",
    ]

    func left(_ h: SessionHarness) -> (threads: Int, closed: Int)? {
        for e in h.events { if case .left(let threads, let closed) = e.event { return (threads, closed) } }
        return nil
    }

    @Test func theThreadEchoesUnderItsOwnActorAndJoinWaitsForItsEnd() throws {
        let lesson = try Self.lesson(Self.served + [
            "{id: sd, actor: client, call: send, fd: $c, data: \"hi\"}",
            "{id: rc, actor: client, call: recv, fd: $c, as: back}",
            "{id: j, actor: server, call: join_thread, thread: $t1, expect: blocks}",
            "{id: x, actor: client, call: close, fd: $c}",
            "{id: y, actor: server, call: close, fd: $s}",
        ])
        let h = try SessionHarness(lesson)
        #expect(h.runToEnd())
        #expect(h.leave())
        #expect(h.state.notices.isEmpty, "\(h.state.notices)")
        let create = try #require(h.state.traces["server"]?.first { $0.stepID == "t" })
        #expect(create.call == .threadCreate(thread: "worker", fd: create.call.threadFD ?? -1))
        #expect(create.outcome?.returnValue == 0)
        // The new thread's kernel id: a real task of this process, not the server's.
        let tid = try #require(create.outcome?.value.flatMap { Int32($0) })
        #expect(tid > 0 && tid != getpid(), "a thread's id, not the process's")

        // Its calls, under its own actor: recv the bytes, send them back, recv b'', close.
        let worker = try #require(h.state.traces["worker"])
        #expect(worker.map(\.call.name) == ["recv", "send", "recv", "close"], "\(worker.map(\.call.name))")
        #expect(worker.allSatisfy { $0.stepID == "t" })
        #expect(worker[0].outcome?.bytes == Data("hi".utf8) && worker[1].outcome?.returnValue == 2)
        #expect(worker[2].outcome?.returnValue == 0)
        #expect(h.state.stepResults["rc"] == .returned)

        // pthread_join slept (in futex) until the client's close ended the thread.
        let join = try #require(h.state.traces["server"]?.first { $0.stepID == "j" })
        #expect(join.blocked && join.outcome?.returnValue == 0)
        #expect(left(h)?.threads == 3, "server, client and the thread start_thread made")
    }

    @Test func leavingWhileTheServerJoinsAThreadThatWaitsInRecvEndsBothAtOnce() throws {
        let lesson = try Self.lesson(Self.served + ["{id: j, actor: server, call: join_thread, thread: $t1, expect: blocks}"])
        let fdsBefore = ProcessCensus.descriptors()
        let h = try SessionHarness(lesson)
        #expect(h.runToEnd())
        #expect(h.state.pendingCalls.count == 2, "the thread in recv, the server in pthread_join")
        let start = Date()
        #expect(h.leave())
        #expect(Date().timeIntervalSince(start) < 0.2)
        // The end of the steps says who still waits; leaving adds nothing ("did not stop").
        #expect(h.state.notices == ["the lesson's steps are done, but server in pthread_join(), worker in recv() still waits"])
        #expect(h.state.pendingCalls.isEmpty)
        #expect(left(h)?.threads == 3)
        #expect(ProcessCensus.settle(ProcessCensus.engineThreads, to: 0) == 0, "every thread has ended")
        #expect(ProcessCensus.settle(ProcessCensus.descriptors, to: fdsBefore) <= fdsBefore)
    }

    @Test func aThreadNotYetStartedDoesNotExistAndIsNotWaitedFor() throws {
        let lesson = try Self.lesson(Self.served)
        let h = try SessionHarness(lesson)
        for _ in 0..<7 { h.step() }   // up to the accept, before start_thread
        #expect(h.state.traces["worker"]?.isEmpty ?? true)
        #expect(h.leave())
        #expect(h.state.notices.isEmpty, "\(h.state.notices)")
        #expect(left(h)?.threads == 2, "server and client; the worker was never made")
    }
}

extension SocketCall {
    var threadFD: Int32? { if case .threadCreate(_, let fd) = self { fd } else { nil } }
}
