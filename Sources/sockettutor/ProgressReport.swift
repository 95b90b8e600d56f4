import Foundation
import Glibc
import Progress

/// The text `sockettutor progress` prints: pure, so a test can read it without a store.
enum ProgressReport {
    static func text(summary: [String: LessonProgress], schedule: ReviewSchedule, lessonIDs: [String],
                     storePath: String, now: Date = Date()) -> String {
        let others = summary.keys.filter { !lessonIDs.contains($0) && $0 != "final" }.sorted()
        let ids = lessonIDs + others
        let width = ids.map(\.count).max() ?? 0
        var lines = ["Progress (\(storePath))", ""]
        for (index, id) in ids.enumerated() {
            let entry = summary[id]
            let number = index < lessonIDs.count ? String(index + 1).leftPadded(to: 2) : " -"
            var line = "\(number)  \(id.padding(toLength: width, withPad: " ", startingAt: 0))  "
            line += status(entry).padding(toLength: 34, withPad: " ", startingAt: 0)
            line += entry.flatMap(score) ?? ""
            if index >= lessonIDs.count { line += "  (not in the course)" }
            lines.append(line.trimmingTrailingSpaces())
        }
        lines.append("")
        lines.append("Final quiz: " + (summary["final"].flatMap(score) ?? "not taken yet"))
        let due = schedule.dueCount(now: now)
        if due > 0 {
            lines.append("Review: \(due) question\(due == 1 ? "" : "s") due now (sockettutor quiz --review)")
        } else if let next = schedule.cards.values.map(\.due).min() {
            lines.append("Review: nothing due now; the next question is due \(localTime(next))")
        } else {
            lines.append("Review: nothing to review yet (questions you answer come back for review)")
        }
        return lines.joined(separator: "\n")
    }

    static func status(_ entry: LessonProgress?) -> String {
        if let completed = entry?.completedAt { return "completed \(localTime(completed, withTime: false))" }
        if let step = entry?.step { return "at step \(step.index + 1) (\(step.stepID))" }
        return "not started"
    }

    static func score(_ entry: LessonProgress) -> String? {
        guard let last = entry.lastScore, let best = entry.bestScore else { return nil }
        let text = "quiz \(last.score)/\(last.total)"
        return best == last ? text : text + " (best \(best.score)/\(best.total))"
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
