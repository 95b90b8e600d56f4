import Catalogue
import Foundation
import Glibc
import LessonKit
import SocketTrace

/// A thread per connection: start_thread makes a real thread (pthread_create) that is the
/// lesson's actor `worker`, and hands it the connection; join_thread waits for it to end.
/// The new thread's calls are traced under its own actor, like every other actor's.
extension StepExecutor {
    func startThread(_ step: LessonStep, _ a: ResolvedArguments) throws -> StepOutcome {
        let fd = try a.descriptor()
        let worker = try a.text("worker") ?? ""
        let key = a.referenceKey()
        var made: ActorThread?
        let o = try call(.threadCreate(thread: worker, fd: fd), stepID: step.id) {
            let start = Kernel.monotonicNanoseconds()
            var failure: Int32 = 0
            made = self.makeThread(worker, failure: &failure)
            // pthread_create returns the error number itself (it does not set errno).
            var outcome = CallOutcome(returnValue: Int(failure), error: failure == 0 ? nil : ErrnoValue(failure),
                                      durationNanoseconds: Kernel.monotonicNanoseconds() &- start)
            if let made {
                outcome.value = String(made.threadID)
                // Told before the thread's first call, so the driver knows the new actor.
                self.report(.threadStarted(actor: worker, thread: made))
            }
            return outcome
        }
        guard let made else { return raised(o) }
        threads[worker] = made
        name(step, .text(worker))
        made.send(.handle(fd: fd, key: key, stepID: step.id))
        return .returned
    }

    func joinThread(_ step: LessonStep, _ a: ResolvedArguments) throws -> StepOutcome {
        let worker = try a.text("thread") ?? ""
        guard let thread = threads[worker] else {
            throw ResolvedArguments.Unresolved(Message(.runThreadNotStarted, ["worker": .text("\(worker)")]))
        }
        let o = try call(.threadJoin(thread: worker), stepID: step.id) {
            let start = Kernel.monotonicNanoseconds()
            let rc = thread.joinUntilEnd()
            return CallOutcome(returnValue: Int(rc), error: rc == 0 ? nil : ErrnoValue(rc),
                               durationNanoseconds: Kernel.monotonicNanoseconds() &- start)
        }
        return raised(o)
    }

    /// A new thread whose executor shares this one's session: the descriptor registry,
    /// the names, the call numbers, the reports.
    private func makeThread(_ worker: String, failure: inout Int32) -> ActorThread? {
        let (language, registry, bindings, directory, callIDs, serveWait, imports, privateNetwork) =
            (language, registry, bindings, privateDirectory, callIDs, serveWait, imports, privateNetwork)
        // The session's report pushes to the driver's queue, which is safe from any thread.
        nonisolated(unsafe) let report = report
        let stop = StopFlag()
        return ActorThread(name: worker, stopFlag: stop, failure: &failure) { probe in
            let executor = StepExecutor(actor: worker, language: language, registry: registry, bindings: bindings,
                                        privateDirectory: directory, callIDs: callIDs, stopping: stop, report: report)
            executor.serveWait = serveWait
            executor.probe = probe
            executor.imports = imports
            executor.privateNetwork = privateNetwork
            return executor
        }
    }

    /// The handler, call for call what the Python line's `handle` does:
    ///     while data := conn.recv(1024): conn.sendall(data)
    ///     conn.close()
    /// An error ends it where Python's exception would end the thread (the socket open).
    func handleConnection(_ fd: Int32, key: String?, stepID: String) {
        defer { report(.handlerFinished(actor: actor)) }
        do {
            while true {
                let got = try call(.recv(fd: fd, size: 1024, flags: []), stepID: stepID)
                guard got.error == nil else { return }
                guard var rest = got.bytes, !rest.isEmpty else { break }
                while !rest.isEmpty {
                    let sent = try call(.send(fd: fd, data: rest, flags: []), stepID: stepID)
                    guard sent.error == nil else { return }
                    rest = rest.dropFirst(sent.returnValue)
                }
            }
            if let key { bindings.markClosed(key) }
            try call(.close(fd: fd), stepID: stepID)
        } catch {
            // Stopped: the session is leaving; teardown closes what is left.
        }
    }
}
