/// The `?` overlay: every key, and what going back in time does and does not do.
enum HelpOverlay {
    static let keys: [(String, String)] = [
        ("Space → n", "next step; in history, forward towards the present"),
        ("b ←", "back in time: the screen as it was after an earlier step"),
        ("r", "restart the lesson with fresh sockets"),
        ("z", "at the end of the lesson: its quiz"),
        ("Enter 1–9", "a question before a step: answer it (↑ ↓ choose)"),
        ("s Esc", "skip the question: the step runs without a prediction"),
        ("PgUp PgDn", "scroll the pane with focus (↑ ↓: one line)"),
        ("Tab", "move focus to the next pane (marked ▸)"),
        ("?", "show or hide this help"),
        ("q", "back to the menu, or quit"),
        ("Ctrl-C", "quit at once; sockets are closed, the terminal restored"),
    ]

    static func draw(_ grid: inout Grid) {
        var lines = keys.map { key, text in StyledLine([(TextWidth.pad(key, to: 11), .key), (text, .plain)]) }
        lines.append(.empty)
        lines.append(StyledLine("Going back only changes what is shown: real calls are not undone, and the sockets stay as they are now.", .dim))
        lines.append(StyledLine("Any key closes this help.", .dim))
        Chrome.box(&grid, title: "Help", lines: lines, width: 72)
    }
}
