import Catalogue
import ArgumentParser
import Foundation

/// The time the review schedule takes as now and answers are stamped with: the real clock,
/// or SOCKETTUTOR_NOW (seconds since 1970-01-01 UTC), so that a test can come back "two days
/// later" to questions answered for real (docs/progress-format.md).
enum LearnerClock {
    static let variable = "SOCKETTUTOR_NOW"

    /// Stops a command before it starts when SOCKETTUTOR_NOW is set to something that is no time.
    static func check() throws {
        guard let text = ProcessInfo.processInfo.environment[variable] else { return }
        guard parse(text) != nil else {
            throw UsageProblem.error(.badClock, ["variable": .text(variable), "text": .text(text), "example": .of(Int(Date().timeIntervalSince1970))])
        }
    }

    static func now() -> Date {
        ProcessInfo.processInfo.environment[variable].flatMap(parse) ?? Date()
    }

    static func parse(_ text: String) -> Date? {
        guard let seconds = Double(text.trimmingCharacters(in: .whitespaces)), seconds.isFinite, seconds >= 0 else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }
}
