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
        row += 2
        for (index, entry) in view.entries.enumerated() where row < size.rows - 8 {
            let chosen = index == view.selected
            let number = String(index + 1)
            let line = "\(chosen ? "▸" : " ") \(String(repeating: " ", count: max(0, 2 - number.count)))\(number)  \(TextWidth.pad(entry.id, to: idWidth))  \(entry.title)"
            grid.put(TextWidth.pad(line, to: size.columns - 4), row: row, column: 2, style: chosen ? .selected : .plain)
            row += 1
        }
        if view.entries.indices.contains(view.selected) {
            let entry = view.entries[view.selected]
            row += 1
            Chrome.titleRule(&grid, row: row, column: 2, width: size.columns - 4, title: entry.title, focused: false)
            row += 1
            for line in TextWidth.wrap(entry.summary.trimmingCharacters(in: .whitespacesAndNewlines), width: size.columns - 6)
            where row < size.rows - 2 {
                grid.put(line, row: row, column: 3)
                row += 1
            }
        }
        Chrome.keyBar(&grid, keys: [("↑↓", "choose"), ("Enter", "open"), ("z", "quiz"), ("h", "recent sessions"), ("?", "help"), ("q", "quit")])
        if view.showingHelp {
            Chrome.box(&grid, title: "Help", lines: [
                StyledLine([(TextWidth.pad("↑ ↓ j k", to: 11), .key), ("choose a lesson", .plain)]),
                StyledLine([(TextWidth.pad("Enter", to: 11), .key), ("open it: real sockets, one call at a time", .plain)]),
                StyledLine([(TextWidth.pad("z", to: 11), .key), ("the lesson's quiz: answer its questions, see your score", .plain)]),
                StyledLine([(TextWidth.pad("h", to: 11), .key), ("recent sessions: watch a recorded lesson again", .plain)]),
                StyledLine([(TextWidth.pad("q", to: 11), .key), ("quit", .plain)]),
                .empty,
                StyledLine("Inside a lesson, ? shows the lesson's keys. Any key closes this help.", .dim),
            ], width: 64)
        }
        return grid
    }
}
