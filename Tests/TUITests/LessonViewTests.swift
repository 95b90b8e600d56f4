import Testing
import Tutor
@testable import TUI

/// Going back in time shows an earlier fold of the same events; it never changes the present.
@Suite struct LessonViewTests {
    func liveView(_ fixture: String = "tcp-workflow") throws -> LessonView {
        var view = LessonView(lessonNumber: 3, lessonCount: 3, lessonTitle: "t", quitEndsProgram: false)
        for event in try Fixtures.events(fixture) { view.apply(event) }
        return view
    }

    @Test func backShowsTheStateAfterTheStepBeforeAndForwardReturnsToThePresent() throws {
        var view = try liveView()
        let total = view.live.stepsSettled
        #expect(total == 17)
        view.stepBack()
        #expect(view.historyMark == 16 && view.shown.stepsSettled == 16)
        view.stepBack()
        #expect(view.shown.stepsSettled == 15)
        #expect(view.live.stepsSettled == 17, "the present is untouched")
        let forward = view.stepForward()
        #expect(forward)
        #expect(view.shown.stepsSettled == 16)
        // From the last settled step, forward is the present itself: no key press that does nothing.
        let toPresent = view.stepForward()
        #expect(toPresent)
        #expect(!view.isViewingHistory)
        #expect(view.shown == view.live)
        let moved = view.stepForward()
        #expect(!moved, "at the present, forward means: run a new step")
    }

    @Test func backStopsBeforeTheFirstStepWithTheOpeningNarrativeShown() throws {
        var view = try liveView()
        for _ in 0..<40 { view.stepBack() }
        #expect(view.historyMark == 0)
        #expect(view.shown.stepsStarted == 0)
        #expect(view.shown.narrationItems.count == 1)
        #expect(view.shown.traces.values.allSatisfy { $0.isEmpty })
    }

    @Test func eventsArrivingWhileInHistoryChangeThePresentOnly() throws {
        let events = try Fixtures.events("tcp-workflow")
        var view = LessonView(lessonNumber: 1, lessonCount: 1, lessonTitle: "t", quitEndsProgram: true)
        let half = events.count / 2
        for event in events[..<half] { view.apply(event) }
        view.stepBack()
        let shown = view.shown
        for event in events[half...] { view.apply(event) }
        #expect(view.shown == shown)
        #expect(view.live.finished)
    }

    @Test func newCallsBringAScrolledPaneBackToTheNewest() throws {
        let events = try Fixtures.events("tcp-workflow")
        var view = LessonView(lessonNumber: 1, lessonCount: 1, lessonTitle: "t", quitEndsProgram: true)
        for event in events.prefix(20) { view.apply(event) }
        view.focus = .actor("server")
        view.scroll(by: 5)
        #expect(view.scroll[.actor("server")] == 5)
        for event in events.dropFirst(20) { view.apply(event) }
        #expect(view.scroll[.actor("server")] == 0)
    }

    @Test func tabVisitsEveryPaneInOrder() throws {
        var view = try liveView()
        var seen: [LessonView.Pane] = []
        for _ in 0..<5 { view.cycleFocus(); seen.append(view.focus) }
        #expect(seen == [.actor("server"), .actor("client"), .kernel, .packets, .narrative])
    }

    @Test(arguments: [
        (Key.character(" "), Request.next), (.character("n"), .next), (.right, .next),
        (.character("b"), .back), (.left, .back), (.character("r"), .restart),
        (.pageUp, .scrollUp(10)), (.pageDown, .scrollDown(10)), (.tab, .focusNext),
        (.character("?"), .toggleHelp), (.character("q"), .quit), (.resize, .relayout), (.character("x"), .none),
    ])
    func lessonKeys(_ key: Key, _ request: Request) {
        #expect(KeyMap.lesson(key, page: 10) == request)
    }

    @Test func menuKeys() {
        #expect(KeyMap.menu(.down) == .choose(1))
        #expect(KeyMap.menu(.character("k")) == .choose(-1))
        #expect(KeyMap.menu(.enter) == .open)
        #expect(KeyMap.menu(.character("3")) == .select(3))
        #expect(KeyMap.menu(.character("q")) == .quit)
    }

    @Test func followingTheNewestKeepsItInViewAndMovesInHalfPaneJumps() {
        var tops: [Int] = []
        for count in 1...40 {
            let top = LessonScreen.autoTop(lines: count, rows: 10)
            #expect(top <= count - 1 && count - 1 < top + 10, "the newest of \(count) lines is shown")
            tops.append(top)
        }
        #expect(Set(tops) == [0, 5, 10, 15, 20, 25, 30], "the top moves only by half a pane")
    }
}
