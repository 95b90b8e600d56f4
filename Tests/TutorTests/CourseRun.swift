import Foundation
import LessonKit
import Testing
@testable import Tutor

/// A built-in lesson run for real to its end and left, every event kept: what each
/// Course*Tests suite asserts its key results on.
enum CourseRun {
    static func run(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (lesson: Lesson, harness: SessionHarness) {
        let lesson = try #require(try Fixtures.builtIn().lesson(id: id), sourceLocation: sourceLocation)
        let h = try SessionHarness(lesson)
        #expect(h.runToEnd(), "\(id) runs to its end", sourceLocation: sourceLocation)
        #expect(h.leave(), sourceLocation: sourceLocation)
        #expect(h.state.notices.isEmpty, "\(id): \(h.state.notices)", sourceLocation: sourceLocation)
        #expect(h.state.stepResults.count == lesson.steps.count, sourceLocation: sourceLocation)
        return (lesson, h)
    }
}
