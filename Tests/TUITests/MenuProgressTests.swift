import Foundation
import LessonKit
import SocketTrace
import Testing
import Tutor
@testable import TUI

/// The menu with the learner's progress (marks, the step reached, the due count), the final
/// quiz's first screen, and resuming: a lesson re-run live up to the step reached.
@Suite struct MenuProgressTests {
    static let sizes = [ScreenSnapshotTests.small, ScreenSnapshotTests.large]

    static func catalog() throws -> LessonCatalog { try LessonCatalog.load(directory: Fixtures.lessons) }

    static func menu(_ catalog: LessonCatalog) -> MenuView {
        MenuView(entries: catalog.headers.map {
            MenuView.Entry(id: $0.id, title: $0.title.resolved("en"), summary: $0.summary.resolved("en"))
        })
    }

    @Test func theMenuMarksLessonsDoneAndStartedAndCountsTheQuestionsDue() throws {
        var menu = Self.menu(try Self.catalog())
        menu.marks = ["client-server": .done, "layers": .done, "tcp-workflow": .reached(step: 5, of: 17)]
        menu.dueCount = 3
        let ids = menu.entries.map(\.id)
        let workflow = try #require(ids.firstIndex(of: "tcp-workflow"))
        let backlog = try #require(ids.firstIndex(of: "backlog"))
        menu.selected = workflow
        for size in Self.sizes {
            let grid = MenuScreen.render(menu, size: size)
            Snapshot.check(grid, "menu-progress-\(size.columns)x\(size.rows)")
            let rows = grid.text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(rows.count == size.rows)
            #expect(rows.contains { $0.contains("1  client-server") && $0.hasSuffix("✓ done") })
            #expect(rows.contains { $0.contains("▸  \(workflow + 1)  tcp-workflow") && $0.hasSuffix("step 5/17") })
            #expect(rows.contains { $0.contains("\(backlog + 1)  backlog") && !$0.contains("step") && !$0.contains("done") })
            #expect(rows[2].hasSuffix("Review: 3 due — press v"))
            #expect(grid.text.contains("You got to step 5 of 17. r resumes there"))
            #expect(rows[size.rows - 1].contains("r resume") && rows[size.rows - 1].contains("v review")
                    && rows[size.rows - 1].contains("f final quiz"))
        }
    }

    @Test func resumeIsOfferedOnlyForALessonStartedAndNotFinished() throws {
        var menu = Self.menu(try Self.catalog())
        menu.marks = ["client-server": .done, "tcp-workflow": .reached(step: 2, of: nil)]
        #expect(!menu.canResume, "a done lesson starts over")
        menu.selected = 1
        #expect(!menu.canResume, "a lesson never started")
        menu.selected = try #require(menu.entries.map(\.id).firstIndex(of: "tcp-workflow"))
        #expect(menu.canResume)
        let grid = MenuScreen.render(menu, size: ScreenSnapshotTests.small)
        #expect(grid.text.split(separator: "\n").contains { $0.hasSuffix("step 2") }, "a lesson whose file cannot be read still shows the step")
        menu.selected = 0
        menu.dueCount = 0
        let none = MenuScreen.render(menu, size: ScreenSnapshotTests.small).text
        #expect(none.contains("Review: none due") && !none.contains("r resume"))
        menu.dueCount = nil
        #expect(!MenuScreen.render(menu, size: ScreenSnapshotTests.small).text.contains("Review"), "no store, no count")
    }

    @Test func theMenuKeysForResumeFinalQuizAndReviewClashWithNoOther() {
        #expect(KeyMap.menu(.character("r")) == .resume)
        #expect(KeyMap.menu(.character("f")) == .finalQuiz)
        #expect(KeyMap.menu(.character("v")) == .review)
        #expect(KeyMap.menu(.character("h")) == .showRecent && KeyMap.menu(.character("z")) == .openQuiz)
    }

    @Test func theFinalQuizOpensOnItsFirstQuestion() throws {
        let lessons = try LessonLibrary.load(directory: Fixtures.lessons).lessons
        var generator = SeededGenerator(seed: 7)
        let run = QuizRun.final(lessons, using: &generator)
        #expect(run.id == "final" && run.total == 2 * lessons.count)
        let view = QuizView(run: run, lessonTitle: "Final quiz", language: "en")
        for size in Self.sizes {
            let grid = QuizScreen.render(view, size: size)
            Snapshot.check(grid, "quiz-final-\(size.columns)x\(size.rows)")
            #expect(grid.text.contains("Quiz · Final quiz"))
            #expect(grid.text.contains("question 1/\(run.total)"))
            #expect(grid.text.contains(run.current?.question.question.resolved("en").split(separator: " ").prefix(3).joined(separator: " ") ?? "?"))
        }
    }

    // MARK: the tracker, over events as a session sends them

    static func lesson() throws -> Lesson {
        try Fixtures.lesson(Fixtures.lessons.appendingPathComponent("tcp-workflow.yaml"))
    }

    @Test func theStepReachedIsKeptAtEachWaitOnceAndTheEndMarksTheLessonCompleted() throws {
        let lesson = try Self.lesson()
        let tracker = LessonProgressTracker(lesson: lesson)
        let ids = lesson.steps.map(\.id)
        #expect(tracker.observe(.stepSettled(stepID: ids[0], blocked: false)).isEmpty, "nothing is written while a step runs")
        #expect(tracker.observe(.ready) == [.keepReached(index: 0, stepID: ids[0])])
        #expect(tracker.observe(.ready).isEmpty, "the same step is not written twice")
        _ = tracker.observe(.stepSettled(stepID: ids[1], blocked: true))
        #expect(tracker.observe(.ready) == [.keepReached(index: 1, stepID: ids[1])])
        _ = tracker.observe(.stepSettled(stepID: ids[ids.count - 1], blocked: false))
        #expect(tracker.observe(.finished) == [.keepReached(index: ids.count - 1, stepID: ids[ids.count - 1]), .completed])
    }

    @Test func aStepSettledJustBeforeLeavingIsKeptWhenTheLessonIsLeft() throws {
        let lesson = try Self.lesson()
        let ids = lesson.steps.map(\.id)
        let tracker = LessonProgressTracker(lesson: lesson)
        _ = tracker.observe(.stepSettled(stepID: ids[0], blocked: false))
        _ = tracker.observe(.ready)
        _ = tracker.observe(.stepSettled(stepID: ids[1], blocked: false))
        // q before the wait after step 2 was seen.
        #expect(tracker.observe(.left(joinedThreads: 2, closedDescriptors: 1)) == [.keepReached(index: 1, stepID: ids[1])])
        let resuming = LessonProgressTracker(lesson: lesson, resumeTo: 4)
        _ = resuming.observe(.stepSettled(stepID: ids[0], blocked: false))
        #expect(resuming.observe(.left(joinedThreads: 2, closedDescriptors: 1)).isEmpty, "left mid-resume: step 5 stays kept")
    }

    @Test func resumingAdvancesAtEachWaitAndKeepsNothingBeforeTheStepReached() throws {
        let lesson = try Self.lesson()
        let tracker = LessonProgressTracker(lesson: lesson, resumeTo: 2)
        let ids = lesson.steps.map(\.id)
        #expect(tracker.observe(.ready) == [.advance])
        for index in 0..<2 {
            _ = tracker.observe(.stepSettled(stepID: ids[index], blocked: false))
            #expect(tracker.observe(.ready) == [.advance], "step \(index + 1) of 3")
        }
        _ = tracker.observe(.stepSettled(stepID: ids[2], blocked: false))
        #expect(tracker.observe(.ready) == [.keepReached(index: 2, stepID: ids[2])])
        #expect(!tracker.resuming)
        #expect(tracker.observe(.ready).isEmpty, "the learner steps on from here")
        #expect(LessonProgressTracker(lesson: lesson, resumeTo: 999).resumeTo == lesson.steps.count - 1)
    }
}

extension MenuProgressTests {
    @Test func theHelpOverlayNamesTheNewKeysAndFitsTheSmallestScreen() throws {
        var menu = Self.menu(try Self.catalog())
        menu.showingHelp = true
        let grid = MenuScreen.render(menu, size: ScreenSnapshotTests.small)
        Snapshot.check(grid, "menu-help-80x24")
        for line in ["resume where you got to", "the final quiz", "review the questions due", "Any key closes"] {
            #expect(grid.text.contains(line), "\(line)")
        }
    }
}

extension MenuProgressTests {
    /// The whole course does not fit 80×24: the list follows the selection to the last lesson.
    @Test func theMenuScrollsToTheLastLessonAt80x24() throws {
        var menu = Self.menu(try Self.catalog())
        let last = try #require(menu.entries.last)
        #expect(!MenuScreen.render(menu, size: ScreenSnapshotTests.small).text.contains(last.id) || menu.entries.count <= 12)
        menu.move(by: menu.entries.count)
        let text = MenuScreen.render(menu, size: ScreenSnapshotTests.small).text
        #expect(text.contains("▸ \(menu.entries.count)  \(last.id)"), "\(text)")
        #expect(text.contains("of \(menu.entries.count)") || menu.entries.count <= 12)
        #expect(MenuScreen.render(menu, size: ScreenSnapshotTests.large).text.contains("  1  client-server"), "120×40 shows them all")
    }
}
