import LessonKit
import Tutor

/// Follows a live lesson's events for the progress store and for resuming: the furthest step
/// settled, kept when the session waits for the learner and when it is left (as `--plain`
/// keeps it: never in the middle of a step, whose timing a commit's fsync would shift; a
/// learner may leave before the wait after a step arrives); the lesson's end; and, when
/// resuming, one more advance at each wait until the step reached before has settled again.
final class LessonProgressTracker {
    enum Action: Equatable {
        /// Run the next step, as Enter would.
        case advance
        /// Keep this step (0-based index, id) as the one reached.
        case keepReached(index: Int, stepID: String)
        case completed
    }

    private let stepIndex: [String: Int]
    private(set) var reached: (index: Int, stepID: String)?
    private var kept = -1
    /// While resuming: the 0-based step to run to. Nothing is kept before it is reached, so
    /// leaving in the middle of a resume keeps the place resumed to.
    private(set) var resumeTo: Int?

    init(lesson: Lesson, resumeTo: Int? = nil) {
        stepIndex = Dictionary(lesson.steps.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        self.resumeTo = resumeTo.map { min($0, lesson.steps.count - 1) }
    }

    var resuming: Bool { resumeTo != nil }

    func observe(_ event: SessionEvent) -> [Action] {
        switch event {
        case .stepSettled(let id, _):
            if let index = stepIndex[id], index > reached?.index ?? -1 { reached = (index, id) }
            return []
        case .ready:
            if let target = resumeTo {
                if reached?.index ?? -1 < target { return [.advance] }
                resumeTo = nil
            }
            return keep()
        case .finished:
            resumeTo = nil
            return keep() + [.completed]
        case .left:
            // Left in the middle of a resume: the place resumed to stays kept.
            return resuming ? [] : keep()
        default:
            return []
        }
    }

    private func keep() -> [Action] {
        guard let reached, reached.index != kept else { return [] }
        kept = reached.index
        return [.keepReached(index: reached.index, stepID: reached.stepID)]
    }
}
