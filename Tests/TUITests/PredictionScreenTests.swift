import Foundation
import LessonKit
import Testing
import Tutor
@testable import TUI

/// A predict question on the lesson screen, asked before its step, and the prediction shown
/// beside what the step really did: rendered from the recorded tcp-workflow session.
@Suite struct PredictionScreenTests {
    static let sizes = [ScreenSize(columns: 80, rows: 24), ScreenSize(columns: 120, rows: 40)]

    static func lesson() throws -> Lesson { try Fixtures.lesson(Fixtures.lessons.appendingPathComponent("tcp-workflow.yaml")) }

    /// The recorded session up to the moment Space would run `stepID` (the step before it
    /// settled, and what followed), then the rest of its events.
    static func split(before stepID: String) throws -> (before: [StampedEvent], after: [StampedEvent]) {
        let events = try Fixtures.events("tcp-workflow")
        let start = try #require(events.firstIndex {
            if case .stepStarted(let id, _, _, _, _) = $0.event { id == stepID } else { false }
        })
        // Back over the section's narration, if the step opens one.
        let cut = start > 0 && { if case .narration = events[start - 1].event { true } else { false } }() ? start - 1 : start
        return (Array(events[..<cut]), Array(events[cut...]))
    }

    static func asking(_ stepID: String) throws -> (view: LessonView, rest: [StampedEvent], question: QuizQuestion) {
        let lesson = try lesson()
        let question = try #require(lesson.predictQuestion(beforeStep: stepID))
        let (before, after) = try split(before: stepID)
        var view = LessonView(lessonNumber: 3, lessonCount: 6, lessonTitle: "The TCP workflow, call by call", quitEndsProgram: true)
        for event in before { view.apply(event) }
        view.ask(question, lessonID: lesson.id)
        return (view, after, question)
    }

    /// Applies events until a prediction settles; returns it and the events it took.
    static func run(_ view: inout LessonView, _ events: [StampedEvent]) -> (PredictionResult?, Int) {
        for (index, event) in events.enumerated() {
            if let result = view.apply(event).first { return (result, index + 1) }
        }
        return (nil, events.count)
    }

    @Test func theQuestionIsAskedOverTheActorPanesWithItsFourChoicesReadable() throws {
        var (view, _, question) = try Self.asking("send-on-listener")
        view.movePrompt(by: 1)
        for size in Self.sizes {
            let grid = LessonScreen.render(view, size: size, now: view.shown.lastEventAt)
            Snapshot.check(grid, "lesson-predict-question-\(size.columns)x\(size.rows)")
            let text = grid.text
            #expect(text.contains("Predict before it runs"))
            #expect(text.contains("▸ 2. fails with EPIPE"), "the cursor is on choice 2")
            for number in 1...question.choices.count { #expect(text.contains(" \(number). "), "choice \(number) is on screen") }
            #expect(text.contains("Enter predict") && text.contains("s skip") && text.contains("h hint"))
            #expect(!text.contains("send(3"), "the step has not run")
            // The narrative pane, with the last step's note, stays in view beside the question.
            #expect(text.contains("▶ server: listen() turns the"))
        }
        view.togglePromptHint()
        let hinted = LessonScreen.render(view, size: Self.sizes[0], now: 0).text
        #expect(hinted.contains("Hint: Is there anyone on the other end"))
    }

    /// Every predict question of the course, its hint open, fits its box at 80×24 uncut.
    @Test func everyCoursePredictQuestionFitsAt80x24() throws {
        let library = try LessonLibrary.load(directory: Fixtures.lessons)
        var count = 0
        for lesson in library.lessons {
            for question in lesson.quiz where question.predictedStep != nil {
                for language in ["en", "zh"] {
                    var view = LessonView(lessonNumber: 1, lessonCount: 1, lessonTitle: lesson.id, quitEndsProgram: true)
                    view.language = language
                    view.ask(question, lessonID: lesson.id)
                    view.togglePromptHint()
                    let text = LessonScreen.render(view, size: Self.sizes[0], now: 0).text
                    #expect(!text.contains("│ …"), "\(lesson.id)/\(question.id) (\(language)) is cut:\n\(text)")
                    for number in 1...question.choices.count { #expect(text.contains("\(number). "), "\(lesson.id)/\(question.id): choice \(number)") }
                    count += 1
                }
            }
        }
        #expect(count >= 26, "13 predict questions in two languages: \(count)")
    }

    @Test func aRightPredictionIsShownBesideTheRealEPIPE() throws {
        var (view, rest, _) = try Self.asking("send-on-listener")
        view.selectPrompt(2)
        let answered = view.answerPrompt(milliseconds: 1500)
        #expect(answered)
        #expect(view.prompt == nil && view.pendingPredictions.count == 1)
        let (result, used) = Self.run(&view, rest)
        let settled = try #require(result)
        #expect(settled.correct && settled.choice == "b" && settled.milliseconds == 1500)
        #expect(settled.observed == ObservedOutcome(.failed(errno: "EPIPE")))
        #expect(settled.feedback.item.qualifiedID == "tcp-workflow/predict-send-on-listener")
        #expect(settled.feedback.answer == .choice("b"))
        #expect(view.pendingPredictions.isEmpty)
        // The step's last events (the kernel's view) come before Space is pressed again.
        for event in rest[used...].prefix(while: { if case .stepStarted = $0.event { false } else { true } }) { view.apply(event) }
        for size in Self.sizes {
            let grid = LessonScreen.render(view, size: size, now: view.shown.lastEventAt)
            Snapshot.check(grid, "lesson-predict-right-\(size.columns)x\(size.rows)")
            #expect(grid.text.contains("You predicted: fails with EPIPE"))
            #expect(grid.text.contains("✓ Right: it failed with EPIPE."))
            #expect(grid.text.contains("= -1 EPIPE"), "the real result, in the server's pane beside it")
        }
        // Back before the step the result is not there yet; forward again it is.
        view.stepBack()
        #expect(view.isViewingHistory)
        #expect(!LessonScreen.render(view, size: Self.sizes[0], now: 0).text.contains("You predicted"))
        _ = view.stepForward()
        #expect(LessonScreen.render(view, size: Self.sizes[0], now: 0).text.contains("You predicted"))
    }

    @Test func aWrongPredictionSaysWhatReallyHappened() throws {
        var (view, rest, _) = try Self.asking("send-on-listener")
        view.selectPrompt(1)  // "returns 6: the bytes were sent"
        let answered = view.answerPrompt(milliseconds: 900)
        #expect(answered)
        let (result, used) = Self.run(&view, rest)
        #expect(result?.correct == false)
        for event in rest[used...].prefix(while: { if case .stepStarted = $0.event { false } else { true } }) { view.apply(event) }
        for size in Self.sizes {
            let grid = LessonScreen.render(view, size: size, now: view.shown.lastEventAt)
            Snapshot.check(grid, "lesson-predict-wrong-\(size.columns)x\(size.rows)")
            #expect(grid.text.contains("You predicted: returns 6"))
            #expect(grid.text.contains("✗ Wrong: it failed with EPIPE."))
        }
    }

    /// accept() is known to block when the kernel shows it asleep, long before it returns.
    @Test func aBlockedCallSettlesItsPredictionWhenSeenAsleep() throws {
        var (view, rest, _) = try Self.asking("server-accept")
        view.selectPrompt(2)  // "waits until a client connects"
        let answered = view.answerPrompt(milliseconds: 10)
        #expect(answered)
        let (result, used) = Self.run(&view, rest)
        #expect(result?.correct == true && result?.observed == ObservedOutcome(.blocked))
        #expect(rest[used - 1].event == .stepSettled(stepID: "server-accept", blocked: true))
        #expect(view.shown.pendingCalls.first?.call.name == "accept", "settled while accept still waits")
    }

    @Test func skippingRunsTheStepWithNoPrediction() throws {
        var (view, rest, _) = try Self.asking("send-on-listener")
        view.skipPrompt()
        #expect(view.prompt == nil && view.pendingPredictions.isEmpty)
        #expect(Self.run(&view, rest).0 == nil)
        #expect(view.predictionResults.isEmpty)
    }

    @Test func theKeysOfAQuestion() {
        #expect(KeyMap.prediction(.down) == .choose(1))
        #expect(KeyMap.prediction(.character("k")) == .choose(-1))
        #expect(KeyMap.prediction(.character("3")) == .select(3))
        #expect(KeyMap.prediction(.enter) == .answer)
        #expect(KeyMap.prediction(.character("s")) == .skip && KeyMap.prediction(.escape) == .skip)
        #expect(KeyMap.prediction(.character(" ")) == .none, "Space does not run past a question")
        #expect(KeyMap.prediction(.character("q")) == .quit)
    }

    /// Which step each Space runs, as the session driver walks the sections.
    @Test func advancesNameTheStepEachNextRuns() throws {
        let lesson = try Self.lesson()
        #expect(lesson.advances.compactMap { $0 } == Array(lesson.steps.indices))
        let section = { (id: String, steps: [LessonStep]) in LessonSection(id: id, text: LocalizedText("t"), steps: steps) }
        let step = lesson.steps[0]
        var built = lesson
        built.sections = [section("a", [step, step]), section("empty", []), section("b", [step])]
        #expect(built.advances == [0, 1, nil, 2])
    }
}
