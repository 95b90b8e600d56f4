import Catalogue
import Foundation
import LessonKit
import SocketTrace

/// The checks beyond loading: files the course forgets, and running each lesson for real
/// to see that every step does what its `expect` says. Each problem is a `LessonError` at
/// the step (or question) it concerns, shown in the run's language.
public enum LessonLint {
    /// Lesson files in the directory that course.yaml does not list.
    public static func unlisted(in directory: URL, library: LessonLibrary, shownAs: String?) -> [LessonError] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && $0 != "course.yaml" }
            .map { String($0.dropLast(5)) }
            .filter { !library.ids.contains($0) }
            .sorted()
            .map { LessonError(file: (shownAs ?? directory.path) + "/\($0).yaml", line: 1, column: 1, .lessonNotListed, ["id": .text($0)]) }
    }

    public struct RunReport {
        public var steps = 0
        public var errors: [LessonError] = []
        /// The problems in English, one line each.
        public var problems: [String] { errors.map(\.description) }
    }

    /// Runs the lesson to the end and compares every step with its expectation. A step that
    /// fails without saying so is a problem too: a lesson's errors must be on purpose.
    /// `language` is the session's: its notices are said in it, as on screen.
    public static func run(_ lesson: Lesson, timeout: Double = 30, language: String = "en") -> RunReport {
        var report = RunReport()
        let atStart = { (problem: LessonProblem, values: [String: Message.Value]) in
            LessonError(file: lesson.file, line: 1, column: 1, problem, values)
        }
        let session: LessonSession
        // A lesson that serves the learner's own clients gets none here: it stops at once.
        var options = SessionOptions()
        options.serveWaitSeconds = 0.2
        options.language = language
        do { session = try LessonSession(lesson: lesson, options: options) } catch {
            report.errors.append(atStart(.cannotStart, ["error": .text("\(error)")]))
            return report
        }
        session.send(.runToEnd)
        var settledBlocked: Set<String> = []
        var results: [String: StepOutcome] = [:]
        let deadline = Date(timeIntervalSinceNow: timeout)
        var finished = false
        var events: [StampedEvent] = []
        while !finished, let stamped = session.nextEvent(timeout: max(0, deadline.timeIntervalSinceNow)) {
            events.append(stamped)
            switch stamped.event {
            case .stepSettled(let id, let blocked): if blocked { settledBlocked.insert(id) }
            case .stepFinished(let id, let result): results[id] = result
            case .notice(let text):
                // The session's notices are its own words, in its language; lint places them.
                let (line, column) = position(of: text, in: lesson)
                report.errors.append(LessonError(file: lesson.file, line: line, column: column, .runNotice, ["notice": .text(text)]))
            case .finished: finished = true
            default: break
            }
        }
        if !finished { report.errors.append(atStart(.didNotFinish, ["seconds": .of(Int(timeout))])) }
        session.leave()
        for step in lesson.steps {
            let at = { (problem: Message.Value) in
                LessonError(file: lesson.file, line: step.line, column: step.column, .stepProblem, ["id": .text(step.id), "problem": problem])
            }
            guard let result = results[step.id] else {
                report.errors.append(LessonError(file: lesson.file, line: step.line, column: step.column, .stepNeverFinished, ["id": .text(step.id)]))
                continue
            }
            report.steps += 1
            let blocked = settledBlocked.contains(step.id)
            if let problem = problemMessage(step.expect, result, blocked: blocked) { report.errors.append(at(.message(problem))) }
        }
        report.errors += predictProblems(lesson, events: events)
        return report
    }

    /// What is wrong when a step with this expectation gave this result (nil: nothing), in English.
    static func problem(_ expect: StepExpectation?, _ result: StepOutcome, blocked: Bool) -> String? {
        problemMessage(expect, result, blocked: blocked)?.description
    }

    static func problemMessage(_ expect: StepExpectation?, _ result: StepOutcome, blocked: Bool) -> Message? {
        let did: Message.Value = .message(describe(result))
        switch expect {
        case .blocks?:
            return blocked ? nil : Message(.expectedToBlock)
        case .success?, nil:
            if case .returned = result { return nil }
            if expect == nil, isQuietOutcome(result) { return nil }
            return expect.map { Message(.resultButDeclares, ["result": did, "expect": .of($0)]) } ?? Message(.resultButNoExpect, ["result": did])
        case .endOfStream?:
            return result == .endOfStream ? nil : Message(.expectedEndOfStream, ["result": did])
        case .timeout?:
            return result == .timedOut ? nil : Message(.expectedTimeout, ["result": did])
        case .error(let name)?:
            if case .raised(_, let errno?) = result, errno.name == name { return nil }
            return Message(.expectedErrno, ["errno": .text(name), "result": did])
        case .anyOf(let choices)?:
            if choices.contains(where: { problemMessage($0, result, blocked: blocked) == nil }) { return nil }
            return Message(.expectedAnyOf, ["expect": .of(expect!), "result": did])
        }
    }

    /// Every predict question needs a choice that matches what its step did in this run:
    /// a question whose every choice is a distractor would mark every learner wrong.
    public static func predictProblems(_ lesson: Lesson, events: [StampedEvent]) -> [LessonError] {
        lesson.quiz.compactMap { question in
            guard let stepID = question.predictedStep else { return nil }
            let at = { (problem: LessonProblem, values: [String: Message.Value]) in
                LessonError(file: lesson.file, line: question.line, column: question.column, problem,
                            values.merging(["id": .text(question.id), "step": .text(stepID)]) { a, _ in a })
            }
            guard let observed = StepObservation.outcome(of: stepID, in: events) else { return at(.predictNotSeen, [:]) }
            guard QuizScoring.matchingChoices(question, observed: observed).isEmpty else { return nil }
            let offered = question.choices.compactMap { $0.outcome?.description }.joined(separator: ", ")
            return at(.predictNoMatch, ["observed": .of(observed), "offered": .text(offered)])
        }
    }

    /// Where a run-time notice belongs: the step it names ("step ID …", "步骤 ID …"), else
    /// the file's start.
    static func position(of notice: String, in lesson: Lesson) -> (line: Int, column: Int) {
        let words = notice.split(separator: " ")
        let named = zip(words, words.dropFirst()).compactMap { $0.0 == "step" || $0.0.hasSuffix("步骤") ? String($0.1) : nil }
        if let step = lesson.steps.first(where: { named.contains($0.id) }) { return (step.line, step.column) }
        return (1, 1)
    }

    /// Reading end of stream is an ordinary outcome; anything else unannounced is not.
    private static func isQuietOutcome(_ result: StepOutcome) -> Bool { result == .endOfStream }

    private static func describe(_ result: StepOutcome) -> Message {
        switch result {
        case .returned: Message(.returnedNormally)
        case .endOfStream: Message(.readEndOfStream)
        case .timedOut: Message(.timedOut)
        case .raised(let exception, let errno):
            errno.map { Message(.raisedErrno, ["exception": .text("\(exception)"), "errno": .text($0.name)]) }
                ?? Message(.raised, ["exception": .text("\(exception)")])
        }
    }
}
