import Foundation
import LessonKit
import SocketTrace
import Testing
import Tutor
@testable import TUI

/// Resume from the menu, through the app: the lesson runs again for real, step by step as
/// Enter would run it, up to the step reached, and stops there.
@Suite(.serialized) struct ResumeLiveTests {
    /// Drains the open lesson's events until `done`, or fails after `timeout` seconds.
    func drain(_ app: TutorApp, timeout: Double = 10, until done: () -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            app.run?.drainEvents()
            if done() { return true }
            usleep(5_000)
        }
        return false
    }

    @Test func resumeReRunsTheLessonLiveUpToTheStepReachedAndWaitsThere() throws {
        let catalog = try LessonCatalog.load(directory: Fixtures.lessons)
        let index = try #require(catalog.ids.firstIndex(of: "tcp-workflow"))
        let app = TutorApp(lessons: catalog.headers, language: "en", start: .menu)
        // Step 5 (index 4) was reached before; the store is the app's hooks.
        app.progress.menu = { MenuProgress(completed: [], reached: ["tcp-workflow": 4], due: 0) }
        var kept: [(String, Int, String)] = []
        app.progress.stepReached = { kept.append(($0, $1, $2)) }
        app.refreshMenuProgress()
        #expect(app.menu.marks["tcp-workflow"] == .reached(step: 5, of: nil), "the count waits for the first frame")
        #expect(app.countMenuSteps() && !app.countMenuSteps())
        app.menu.selected = index
        #expect(app.menu.marks["tcp-workflow"] == .reached(step: 5, of: 17))
        try app.resumeSelected()
        let run = try #require(app.run)
        defer { run.leave() }
        #expect(drain(app) { !kept.isEmpty }, "the step reached is kept again once the resume gets there")
        // Nothing more runs by itself: wait a little, then look.
        usleep(300_000)
        app.run?.drainEvents()
        let lesson = run.lesson
        #expect(kept.count == 1 && kept.first?.1 == 4 && kept.first?.2 == lesson.steps[4].id, "\(kept)")
        let state = run.view.live
        #expect(state.stepsStarted == 5 && state.stepsSettled == 5, "steps 1-5 ran, no more: \(state.stepsStarted)")
        // Real results: the listening socket's port as getsockname returned it is the one the kernel lists.
        let calls = state.traces.values.flatMap { Array($0) }
        let socketCall = try #require(calls.first { $0.call.name == "socket" })
        #expect(socketCall.outcome?.returnValue ?? -1 >= 3, "a real descriptor")
        let name = try #require(calls.first { $0.call.name == "getsockname" })
        let port = try #require(name.outcome?.address?.port)
        #expect(port > 0)
        #expect(state.kernel.contains { $0.isListener && $0.localPort == port }, "\(state.kernel)")
        #expect(!run.view.live.finished)
    }
}
