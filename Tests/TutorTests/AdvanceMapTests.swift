import Foundation
import LessonKit
import Testing
@testable import Tutor

/// `Lesson.advances` says which step each `next` runs (the full-screen lesson asks a step's
/// predict question from it before sending `next`): it must walk the sections as the
/// session driver really does, sections with no steps included.
@Suite(.serialized) struct AdvanceMapTests {
    @Test(arguments: ["layers", "tcp-workflow"])
    func eachNextRunsTheStepAdvancesNames(id: String) throws {
        let lesson = try #require(try Fixtures.builtIn().lesson(id: id))
        #expect(lesson.advances.contains(nil) == (id == "layers"), "layers has sections with no steps")
        let h = try SessionHarness(lesson)
        for (number, expected) in lesson.advances.enumerated() {
            let before = h.events.count
            #expect(h.step(), "advance \(number) settles")
            let started = h.events[before...].compactMap { e -> Int? in
                if case .stepStarted(_, let index, _, _, _) = e.event { index } else { nil }
            }
            #expect(started == (expected.map { [$0] } ?? []), "\(id): advance \(number) ran \(started), expected \(String(describing: expected))")
        }
        #expect(h.state.finished)
        #expect(h.leave())
    }
}
