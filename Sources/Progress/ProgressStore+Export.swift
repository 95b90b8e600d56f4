import Catalogue
import Foundation

extension ProgressStore {
    /// Name and version of the export's shape (docs/progress-format.md).
    public static let exportFormat = "sockettutor-progress"
    public static let exportVersion = 1

    /// Everything the store keeps, as JSON a learner can read without sockettutor
    /// (docs/progress-format.md). Times are UTC, ISO 8601, with milliseconds.
    public func exportJSON(now: Date = Date()) throws(ProgressError) -> Data {
        let summary = try summary()
        let lessons: [[String: Any]] = summary.keys.sorted().compactMap { id in
            guard let entry = summary[id], entry.completedAt != nil || entry.step != nil else { return nil }
            return [
                "id": id,
                "completed_at": entry.completedAt.map { UTCTime.text($0) } ?? NSNull(),
                "step_reached": entry.step.map { ["index": $0.index, "step_id": $0.stepID, "at": UTCTime.text($0.reachedAt)] as [String: Any] }
                    ?? NSNull(),
            ]
        }
        let scores: [[String: Any]] = try scores().map {
            ["quiz": $0.quiz, "score": $0.score, "total": $0.total, "at": UTCTime.text($0.takenAt)]
        }
        let answers: [[String: Any]] = try answers().map {
            ["question": $0.questionID, "lesson": $0.lessonID, "at": UTCTime.text($0.answeredAt), "answer": $0.answer,
             "correct": $0.correct, "milliseconds": $0.milliseconds, "kind": $0.kind.rawValue]
        }
        let document: [String: Any] = [
            "format": Self.exportFormat,
            "version": Self.exportVersion,
            "exported_at": UTCTime.text(now),
            "lessons": lessons,
            "quiz_scores": scores,
            "answers": answers,
            "settings": try settings(),
        ]
        do {
            return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw .database(path: path, message: .text("cannot write the export as JSON: \(error)"))
        }
    }
}
