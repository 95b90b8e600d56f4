import Foundation
import LessonKit
import SocketTrace

/// The checks beyond loading: files the course forgets, and running each lesson for real
/// to see that every step does what its `expect` says.
public enum LessonLint {
    /// Lesson files in the directory that course.yaml does not list.
    public static func unlisted(in directory: URL, library: LessonLibrary, shownAs: String?) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && $0 != "course.yaml" }
            .map { String($0.dropLast(5)) }
            .filter { !library.ids.contains($0) }
            .sorted()
            .map { "\((shownAs ?? directory.path) + "/")\($0).yaml:1:1: lesson '\($0)' is not listed in course.yaml" }
    }

    public struct RunReport {
        public var steps = 0
        public var problems: [String] = []
    }

    /// Runs the lesson to the end and compares every step with its expectation. A step that
    /// fails without saying so is a problem too: a lesson's errors must be on purpose.
    public static func run(_ lesson: Lesson, timeout: Double = 30) -> RunReport {
        var report = RunReport()
        let session: LessonSession
        // A lesson that serves the learner's own clients gets none here: it stops at once.
        var options = SessionOptions()
        options.serveWaitSeconds = 0.2
        do { session = try LessonSession(lesson: lesson, options: options) } catch {
            report.problems.append("\(lesson.file):1:1: cannot start: \(error)")
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
            case .notice(let text): report.problems.append("\(position(of: text, in: lesson)): \(text)")
            case .finished: finished = true
            default: break
            }
        }
        if !finished { report.problems.append("\(lesson.file):1:1: the lesson did not finish within \(Int(timeout)) s") }
        session.leave()
        for step in lesson.steps {
            let at = "\(lesson.file):\(step.line):\(step.column): step '\(step.id)'"
            guard let result = results[step.id] else {
                report.problems.append("\(at) never finished")
                continue
            }
            report.steps += 1
            let blocked = settledBlocked.contains(step.id)
            if let problem = problem(step.expect, result, blocked: blocked) { report.problems.append("\(at) \(problem)") }
        }
        report.problems += predictProblems(lesson, events: events)
        return report
    }

    /// What is wrong when a step with this expectation gave this result (nil: nothing).
    static func problem(_ expect: StepExpectation?, _ result: StepOutcome, blocked: Bool) -> String? {
        switch expect {
        case .blocks?:
            return blocked ? nil : "was expected to block, but returned at once"
        case .success?, nil:
            if case .returned = result { return nil }
            if expect == nil, isQuietOutcome(result) { return nil }
            return "\(describe(result)), but declares \(expect.map { "expect: \($0)" } ?? "no 'expect'")"
        case .endOfStream?:
            return result == .endOfStream ? nil : "was expected to read end of stream, but \(describe(result))"
        case .timeout?:
            return result == .timedOut ? nil : "was expected to time out, but \(describe(result))"
        case .error(let name)?:
            if case .raised(_, let errno?) = result, errno.name == name { return nil }
            return "was expected to fail with \(name), but \(describe(result))"
        case .anyOf(let choices)?:
            if choices.contains(where: { problem($0, result, blocked: blocked) == nil }) { return nil }
            return "was expected to give \(expect!), but \(describe(result))"
        }
    }

    /// Every predict question needs a choice that matches what its step did in this run:
    /// a question whose every choice is a distractor would mark every learner wrong.
    public static func predictProblems(_ lesson: Lesson, events: [StampedEvent]) -> [String] {
        lesson.quiz.compactMap { question in
            guard let stepID = question.predictedStep else { return nil }
            let at = "\(lesson.file):\(question.line):\(question.column): predict question '\(question.id)'"
            guard let observed = StepObservation.outcome(of: stepID, in: events) else {
                return "\(at): step '\(stepID)' was not seen to finish or block in this run, so no choice could be checked"
            }
            guard QuizScoring.matchingChoices(question, observed: observed).isEmpty else { return nil }
            let offered = question.choices.compactMap { $0.outcome?.description }.joined(separator: ", ")
            return "\(at): no choice matches what step '\(stepID)' did in this run (\(observed)); the choices offer \(offered)"
        }
    }

    /// Where a run-time notice belongs: the step it names ("step ID …", "step ID will run …"),
    /// else the file's start.
    static func position(of notice: String, in lesson: Lesson) -> String {
        let words = notice.split(separator: " ")
        let named = zip(words, words.dropFirst()).compactMap { $0.0 == "step" ? String($0.1) : nil }
        if let step = lesson.steps.first(where: { named.contains($0.id) }) {
            return "\(lesson.file):\(step.line):\(step.column)"
        }
        return "\(lesson.file):1:1"
    }

    /// Reading end of stream is an ordinary outcome; anything else unannounced is not.
    private static func isQuietOutcome(_ result: StepOutcome) -> Bool { result == .endOfStream }

    private static func describe(_ result: StepOutcome) -> String {
        switch result {
        case .returned: "it returned normally"
        case .endOfStream: "it read end of stream"
        case .timedOut: "it timed out"
        case .raised(let exception, let errno): "it raised \(exception)" + (errno.map { " (\($0.name))" } ?? "")
        }
    }
}
