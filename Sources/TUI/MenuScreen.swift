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

    public init(entries: [Entry]) { self.entries = entries }

    public mutating func move(by delta: Int) {
        guard !entries.isEmpty else { return }
        selected = min(entries.count - 1, max(0, selected + delta))
    }
}

/// The menu as a pure function of the view and the size.
public enum MenuScreen {
    public static func render(_ view: MenuView, size: ScreenSize) -> Grid {
        if size.isTooSmall { return Chrome.tooSmall(size) }
        var grid = Grid(width: size.columns, height: size.rows)
        Chrome.header(&grid, left: "sockettutor · learn sockets by making real calls", right: StyledLine("\(view.entries.count) lessons ", .title))
        let idWidth = view.entries.map { TextWidth.columns($0.id) }.max() ?? 0
        var row = 2
        grid.put("Lessons", row: row, column: 2, style: .heading)
        if let due = dueLine(view) {
            grid.put(due.text, row: row, column: max(10, size.columns - 2 - TextWidth.columns(due.text)), style: due.style)
        }
        row += 2
        for (index, entry) in view.entries.enumerated() where row < size.rows - 8 {
            let chosen = index == view.selected
            let number = String(index + 1)
            let line = "\(chosen ? "▸" : " ") \(String(repeating: " ", count: max(0, 2 - number.count)))\(number)  \(TextWidth.pad(entry.id, to: idWidth))  \(entry.title)"
            grid.put(entryLine(line, mark: view.marks[entry.id], width: size.columns - 4), row: row, column: 2, style: chosen ? .selected : .plain)
            row += 1
        }
        if view.entries.indices.contains(view.selected) {
            let entry = view.entries[view.selected]
            row += 1
            Chrome.titleRule(&grid, row: row, column: 2, width: size.columns - 4, title: entry.title, focused: false)
            row += 1
            // The place reached comes first: it is what r acts on.
            let reached = resumeLines(view.marks[entry.id], width: size.columns - 6)
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
            Chrome.box(&grid, title: "Help", lines: [
                StyledLine([(TextWidth.pad("↑ ↓ j k", to: 11), .key), ("choose a lesson", .plain)]),
                StyledLine([(TextWidth.pad("Enter", to: 11), .key), ("open it: real sockets, one call at a time", .plain)]),
                StyledLine([(TextWidth.pad("r", to: 11), .key), ("resume where you got to (the steps rerun, live)", .plain)]),
                StyledLine([(TextWidth.pad("z", to: 11), .key), ("the lesson's quiz, and your score", .plain)]),
                StyledLine([(TextWidth.pad("f", to: 11), .key), ("the final quiz: questions from every lesson", .plain)]),
                StyledLine([(TextWidth.pad("v", to: 11), .key), ("review the questions due (missed ones return)", .plain)]),
                StyledLine([(TextWidth.pad("h", to: 11), .key), ("recent sessions: watch a recorded lesson again", .plain)]),
                StyledLine([(TextWidth.pad("q", to: 11), .key), ("quit", .plain)]),
                .empty,
                StyledLine("Inside a lesson, ? shows the lesson's keys. Any key closes this help.", .dim),
            ], width: 64)
        }
        return grid
    }
}
