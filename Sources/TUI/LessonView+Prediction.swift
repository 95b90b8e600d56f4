import LessonKit
import Tutor

/// A predict question on the lesson screen: asked when Space is about to run its step,
/// answered before the step runs.
public struct PredictionPrompt: Sendable, Hashable {
    public let item: QuizItem
    public var cursor = 0
    public var showingHint = false

    public init(item: QuizItem) { self.item = item }

    public var choices: [QuizChoice] { item.question.choices }
}

extension LessonView {
    /// Puts `question` on screen before its step runs.
    public mutating func ask(_ question: QuizQuestion, lessonID: String) {
        prompt = PredictionPrompt(item: QuizItem(lessonID: lessonID, question: question))
    }

    public mutating func movePrompt(by delta: Int) {
        guard var moved = prompt, !moved.choices.isEmpty else { return }
        moved.cursor = min(moved.choices.count - 1, max(0, moved.cursor + delta))
        prompt = moved
    }

    /// A digit: the cursor goes to that choice. False when there is no such choice.
    @discardableResult
    public mutating func selectPrompt(_ number: Int) -> Bool {
        guard var chosen = prompt, number >= 1, number <= chosen.choices.count else { return false }
        chosen.cursor = number - 1
        prompt = chosen
        return true
    }

    public mutating func togglePromptHint() {
        guard prompt?.item.question.hint != nil else { return }
        prompt?.showingHint.toggle()
    }

    /// Enter: the choice under the cursor is the prediction; from here on the events are
    /// watched for what its step really does. True when there was a prediction to make.
    public mutating func answerPrompt(milliseconds: Int) -> Bool {
        guard let prompt, prompt.choices.indices.contains(prompt.cursor),
              let pending = PendingPrediction(item: prompt.item, choice: prompt.choices[prompt.cursor].key, milliseconds: milliseconds)
        else { return false }
        pendingPredictions.append(pending)
        self.prompt = nil
        return true
    }

    /// s or Esc: no prediction; the step runs all the same.
    public mutating func skipPrompt() { prompt = nil }

    /// Feeds an event to the predictions waiting for their step; returns those it settled.
    mutating func settlePredictions(_ event: StampedEvent) -> [PredictionResult] {
        guard !pendingPredictions.isEmpty else { return [] }
        var settled: [PredictionResult] = []
        var waiting: [PendingPrediction] = []
        for var pending in pendingPredictions {
            if let result = pending.observe(event) { settled.append(result) } else { waiting.append(pending) }
        }
        pendingPredictions = waiting
        for result in settled { predictionResults[result.item.question.predictedStep ?? ""] = result }
        return settled
    }
}
