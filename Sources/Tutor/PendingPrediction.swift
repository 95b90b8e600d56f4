import Catalogue
import Foundation
import LessonKit

/// A predict question answered before its step ran, waiting for what the step really does.
/// Fed every event after the answer; scores the choice when the step's outcome is first
/// known (seen asleep, or finished). The plain lesson and the full screen share it, so both
/// score alike.
public struct PendingPrediction: Sendable {
    public let item: QuizItem
    public let choice: String
    /// How long the learner took to answer.
    public let milliseconds: Int
    /// Events since the answer: what the step did is read from them.
    private var seen: [StampedEvent] = []

    /// nil when `item` is not a predict question.
    public init?(item: QuizItem, choice: String, milliseconds: Int) {
        guard item.question.predictedStep != nil else { return nil }
        self.item = item
        self.choice = choice
        self.milliseconds = milliseconds
    }

    public var stepID: String { item.question.predictedStep ?? "" }

    /// The result once the step's outcome is known; nil while it is not.
    public mutating func observe(_ event: StampedEvent) -> PredictionResult? {
        seen.append(event)
        switch event.event {
        case .stepSettled(let id, _) where id == stepID, .stepFinished(let id, _) where id == stepID:
            guard let observed = StepObservation.outcome(of: stepID, in: seen) else { return nil }
            return result(observed)
        case .ready, .finished:
            // The step is over and still nothing was seen of it: the stored answer decides.
            return result(nil)
        default:
            return nil
        }
    }

    private func result(_ observed: ObservedOutcome?) -> PredictionResult {
        PredictionResult(item: item, choice: choice, observed: observed,
                         correct: QuizScoring.score(item.question, choice: choice, observed: observed), milliseconds: milliseconds)
    }
}

/// A prediction scored: what was chosen, what the step did (nil: it could not be seen).
public struct PredictionResult: Sendable, Hashable {
    public var item: QuizItem
    public var choice: String
    public var observed: ObservedOutcome?
    public var correct: Bool
    public var milliseconds: Int

    /// The choice's text, or its key when the question has no such choice.
    public func predicted(_ language: String) -> String {
        item.question.choices.first { $0.key == choice }?.text.resolved(language).trimmingCharacters(in: .whitespacesAndNewlines) ?? choice
    }

    /// `it failed with EPIPE`, as the plain lesson prints it.
    public var happened: String { happened(Words(.en)) }

    /// What the step really did, in the learner's language (errno names stay as C has them).
    public func happened(_ w: Words) -> String {
        guard let observed else { return w(.notSeen) }
        switch observed.kind {
        case .returned: return observed.bytes.map { w(.happenedReturnedBytes, ["n": $0]) } ?? w(.happenedReturned)
        case .blocked: return w(.happenedBlocked)
        case .endOfStream: return w(.happenedEndOfStream)
        case .timedOut: return w(.happenedTimedOut)
        case .failed(let name): return name.map { w(.happenedFailedWith, ["errno": $0]) } ?? w(.happenedFailed)
        }
    }

    /// The answer as the quiz hooks take it (kept with kind `.predict`, see QuizProgress).
    public var feedback: QuizRun.Feedback {
        QuizRun.Feedback(item: item, answer: .choice(choice), correct: correct, retry: false)
    }
}
