import Foundation
import Testing
@testable import LessonKit

/// poll over several sockets, start_thread and join_thread: what the loader accepts and
/// the message, with file and position, for what it refuses.
@Suite struct ThreadAndPollLoaderTests {
    static func lesson(_ steps: String) -> String {
        """
        format_version: 1
        id: demo
        title: Demo
        summary: A demo.
        actors: [server, worker, client]
        sections:
          - id: one
            text: Hello.
            steps:
              - {id: s, actor: server, call: socket, as: s}
              - {id: a, actor: server, call: socket, as: a}
              - {id: c, actor: client, call: socket, as: c}

        """ + steps.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n") + "\n"
    }

    func load(_ steps: String) -> Result<Lesson, LessonErrors> {
        LessonLoader.parse(Self.lesson(steps), file: "Lessons/demo.yaml", expectedID: "demo")
    }

    func errors(_ steps: String) -> [String] {
        if case .failure(let e) = load(steps) { return e.errors.map(\.description) }
        return []
    }

    @Test func pollTakesAListOfTheActorsSockets() throws {
        let lesson = try load("- {id: p, actor: server, call: poll, fds: [$s, $a], as: ready}").get()
        let step = try #require(lesson.steps.last)
        #expect(step.arguments["fds"] == .list([.reference(name: "s", field: nil), .reference(name: "a", field: nil)]))
        #expect(step.arguments["fd"] == nil)
        #expect(step.arguments["events"] == .events(.input))
    }

    @Test(arguments: [
        ("- {id: p, actor: server, call: poll}", "step 'p': poll takes either 'fd' (one socket) or 'fds' (a list of sockets), not neither"),
        ("- {id: p, actor: server, call: poll, fd: $s, fds: [$a]}", "step 'p': poll takes either 'fd' (one socket) or 'fds' (a list of sockets), not both"),
        ("- {id: p, actor: server, call: poll, fds: $s}", "'fds' of poll must be a list of sockets made earlier, like [$a, $b]"),
        ("- {id: p, actor: server, call: poll, fds: []}", "'fds' of poll must be a list of sockets made earlier, like [$a, $b]"),
        ("- {id: p, actor: server, call: poll, fds: [$s, $s]}", "'fds' of poll lists $s twice"),
        ("- {id: p, actor: server, call: poll, fds: [$s, 3]}", "'fds' of poll must list sockets made earlier, like $s"),
        ("- {id: p, actor: server, call: poll, fds: [$s, $c]}", "'$c' is a socket of client; server cannot use it (each actor stands for a separate program)"),
        ("- {id: p, actor: server, call: poll, fds: [$nope]}", "'$nope' does not name an earlier result"),
    ])
    func badPollListsAreNamedWhereTheyAre(step: String, message: String) {
        let found = errors(step)
        #expect(found.count == 1 && found.contains { $0.hasSuffix(message) }, "\(found)")
        // Every message names the file and the step's line.
        #expect(found.allSatisfy { $0.hasPrefix("Lessons/demo.yaml:13:") }, "\(found)")
    }

    @Test func aThreadIsStartedForAnActorWithNoStepsAndJoinedOnce() throws {
        let lesson = try load("""
            - {id: t, actor: server, call: start_thread, fd: $a, worker: worker, as: t1}
            - {id: j, actor: server, call: join_thread, thread: $t1}
            """).get()
        #expect(lesson.threadActors == ["worker"])
        #expect(lesson.steps.first { $0.id == "j" }?.arguments["thread"] == .reference(name: "t1", field: nil))
    }

    @Test(arguments: [
        ("- {id: t, actor: server, call: start_thread, fd: $a, worker: server, as: t1}", "start_thread: 'server' cannot start itself; name an actor with no steps"),
        ("- {id: t, actor: server, call: start_thread, fd: $a, worker: client, as: t1}", "start_thread: 'client' has steps of its own; the new thread must be an actor with none (it runs the handler)"),
        ("- {id: t, actor: server, call: start_thread, fd: $a, worker: nobody, as: t1}", "'worker' of start_thread: 'nobody' is not an actor of this lesson (server, worker, client)"),
        ("- {id: t, actor: server, call: start_thread, fd: $a, worker: worker}", "step 't': give the result of 'start_thread' a name with 'as:' so later steps can use it"),
        ("- {id: t, actor: server, call: start_thread, fd: $c, worker: worker, as: t1}", "'$c' is a socket of client; server cannot use it (each actor stands for a separate program)"),
        ("""
         - {id: t, actor: server, call: start_thread, fd: $a, worker: worker, as: t1}
         - {id: u, actor: server, call: start_thread, fd: $s, worker: worker, as: t2}
         """, "start_thread: 'worker' was already started by step 't' (one thread per actor)"),
        ("""
         - {id: t, actor: server, call: start_thread, fd: $a, worker: worker, as: t1}
         - {id: w, actor: worker, call: recv, fd: $a}
         """, "'worker' is the thread that step 't' started: it runs the connection's handler and takes no steps of its own"),
        ("""
         - {id: t, actor: server, call: start_thread, fd: $a, worker: worker, as: t1}
         - {id: j, actor: server, call: join_thread, thread: $t1}
         - {id: k, actor: server, call: join_thread, thread: $t1}
         """, "join_thread: '$t1' is joined twice (a thread can be joined once)"),
        ("- {id: j, actor: server, call: join_thread, thread: $s}", "'$s' is a descriptor, but 'thread' needs a thread"),
        ("- {id: j, actor: server, call: join_thread, thread: t1}", "'thread' of join_thread must name a thread start_thread made earlier, like $t1 (got 't1')"),
    ])
    func badThreadStepsAreRefusedWithAReason(steps: String, message: String) {
        let found = errors(steps)
        #expect(found.contains { $0.contains(message) }, "\(found)")
    }
}
