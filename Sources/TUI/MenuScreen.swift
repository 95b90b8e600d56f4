import Catalogue
import Foundation

/// The lessons in teaching order, one selected; what the menu screen shows.
public struct MenuView: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var title: String
        public var summary: String
        public init(id: String, title: String, summary: String) {
            self.id = id; self.title = title; self.summary = summary
        }
    }

    public var entries: [Entry]
    public var selected = 0
    public var showingHelp = false
    /// What the progress store says of each lesson, by id (MenuScreen+Progress.swift).
    public var marks: [String: Mark] = [:]
    /// Review questions due now; nil when no progress is kept (no store).
    public var dueCount: Int?
    /// A line for the learner after a key that could not do what it asks (nothing due …).
    public var notice: String?
    /// The interface's language (`en`, `zh`): L switches it (TutorApp+Language.swift).
    public var language = "en"

    public init(entries: [Entry]) { self.entries = entries }

    public mutating func move(by delta: Int) {
        guard !entries.isEmpty else { return }
        selected = min(entries.count - 1, max(0, selected + delta))
    }
}

/// The menu as a pure function of the view and the size.
public enum MenuScreen {
    public static func render(_ view: MenuView, size: ScreenSize) -> Grid {
        let w = Words(view.language)
        if size.isTooSmall { return Chrome.tooSmall(size, w) }
        var grid = Grid(width: size.columns, height: size.rows)
        Chrome.header(&grid, left: w(.menuHeader), right: StyledLine(w(.menuLessonCount, ["n": view.entries.count]) + " ", .title))
        let idWidth = view.entries.map { TextWidth.columns($0.id) }.max() ?? 0
        var row = 2
        // More lessons than rows: the list scrolls to keep the selected one in sight, and the
        // heading says which part is shown.
        let visible = max(1, size.rows - 8 - 4)
        let first = view.entries.count <= visible ? 0
            : min(max(0, view.selected - visible + 2), view.entries.count - visible)
        let shown = first..<min(view.entries.count, first + visible)
        grid.put(shown.count < view.entries.count
                    ? w(.menuLessonsShown, ["from": shown.lowerBound + 1, "to": shown.upperBound, "count": view.entries.count])
                    : w(.menuLessons), row: row, column: 2, style: .heading)
        if let due = dueLine(view, w) {
            grid.put(due.text, row: row, column: max(10, size.columns - 2 - TextWidth.columns(due.text)), style: due.style)
        }
        row += 2
        for (index, entry) in view.entries.enumerated() where shown.contains(index) {
            let chosen = index == view.selected
            let number = String(index + 1)
            let line = "\(chosen ? "▸" : " ") \(String(repeating: " ", count: max(0, 2 - number.count)))\(number)  \(TextWidth.pad(entry.id, to: idWidth))  \(entry.title)"
            grid.put(entryLine(line, mark: view.marks[entry.id], width: size.columns - 4, w), row: row, column: 2, style: chosen ? .selected : .plain)
            row += 1
        }
        if view.entries.indices.contains(view.selected) {
            let entry = view.entries[view.selected]
            row += 1
            Chrome.titleRule(&grid, row: row, column: 2, width: size.columns - 4, title: entry.title, focused: false)
            row += 1
            // The place reached comes first: it is what r acts on.
            let reached = resumeLines(view.marks[entry.id], width: size.columns - 6, w)
            let summary = TextWidth.wrap(entry.summary.trimmingCharacters(in: .whitespacesAndNewlines), width: size.columns - 6)
            for line in reached.map({ ($0, Style.success) }) + summary.map({ ($0, Style.plain) }) where row < size.rows - 3 {
                grid.put(line.0, row: row, column: 3, style: line.1)
                row += 1
            }
        }
        if let notice = view.notice {
            grid.put(TextWidth.truncate(notice, to: size.columns - 4), row: size.rows - 2, column: 2, style: .heading)
        }
        Chrome.keyBar(&grid, keys: keys(view, width: size.columns))
        if view.showingHelp {
            let rows: [(String, Phrase)] = [
                ("↑ ↓ j k", .helpChooseLesson), ("Enter", .helpOpenLesson), ("r", .helpResume), ("z", .helpQuizScore),
                ("f", .helpFinalQuiz), ("v", .helpReview), ("h", .helpRecent), ("L", .helpLanguage), ("q", .helpQuit),
            ]
            Chrome.box(&grid, title: w(.helpTitle), lines: rows.map { StyledLine([(TextWidth.pad($0.0, to: 11), .key), (w($0.1), .plain)]) }
                + [.empty, StyledLine(w(.menuHelpFooter), .dim)], width: 64)
        }
        return grid
    }
}
