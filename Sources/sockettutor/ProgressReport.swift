import Catalogue
import Foundation
import Glibc
import Progress
import TUI

/// The text `sockettutor progress` prints: pure, so a test can read it without a store.
enum ProgressReport {
    static func text(summary: [String: LessonProgress], schedule: ReviewSchedule, lessonIDs: [String],
                     storePath: String, now: Date = Date(), language: String = "en") -> String {
        let w = Words(language)
        let others = summary.keys.filter { !lessonIDs.contains($0) && $0 != "final" }.sorted()
        let ids = lessonIDs + others
        let width = ids.map(\.count).max() ?? 0
        var lines = [w(.progressTitle, ["path": storePath]), ""]
        for (index, id) in ids.enumerated() {
            let entry = summary[id]
            let number = index < lessonIDs.count ? String(index + 1).leftPadded(to: 2) : " -"
            var line = "\(number)  \(id.padding(toLength: width, withPad: " ", startingAt: 0))  "
            line += TextWidth.pad(status(entry, w), to: 34)
            line += entry.flatMap { score($0, w) } ?? ""
            if index >= lessonIDs.count { line += w(.progressNotInCourse) }
            lines.append(line.trimmingTrailingSpaces())
        }
        lines.append("")
        lines.append(w(.progressFinalQuiz, ["score": summary["final"].flatMap { score($0, w) } ?? w(.progressNotTaken)]))
        let due = schedule.dueCount(now: now)
        if due > 0 {
            lines.append(w(.progressReviewDue, ["questions": w(due == 1 ? .questionsOne : .questionsMany, ["n": due])]))
        } else if let next = schedule.cards.values.map(\.due).min() {
            lines.append(w(.progressReviewNext, ["time": localTime(next)]))
        } else {
            lines.append(w(.progressReviewNothing))
        }
        return lines.joined(separator: "\n")
    }

    static func status(_ entry: LessonProgress?, _ w: Words) -> String {
        if let completed = entry?.completedAt { return w(.progressCompleted, ["date": localTime(completed, withTime: false)]) }
        if let step = entry?.step { return w(.progressAtStep, ["n": step.index + 1, "step": step.stepID]) }
        return w(.progressNotStarted)
    }

    static func score(_ entry: LessonProgress, _ w: Words) -> String? {
        guard let last = entry.lastScore, let best = entry.bestScore else { return nil }
        let text = w(.progressQuiz, ["score": last.score, "total": last.total])
        return best == last ? text : text + w(.progressBest, ["score": best.score, "total": best.total])
    }

    /// `2026-12-04 10:20` in the learner's time zone (localtime_r: no ICU at start-up).
    static func localTime(_ date: Date, withTime: Bool = true) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let day = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
        return withTime ? "\(day) \(two(parts.tm_hour)):\(two(parts.tm_min))" : day
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
