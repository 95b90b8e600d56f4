import Catalogue

/// The `?` overlay: every key, and what going back in time does and does not do.
enum HelpOverlay {
    static let keys: [(String, Phrase)] = [
        ("Space → n", .helpNext),
        ("b ←", .helpBack),
        ("r", .helpRestart),
        ("z", .helpQuizAtEnd),
        ("Enter 1–9", .helpAnswer),
        ("s Esc", .helpSkip),
        ("PgUp PgDn", .helpScroll),
        ("Tab", .helpFocus),
        ("?", .helpToggle),
        ("q", .helpQuitLesson),
        ("Ctrl-C", .helpCtrlC),
    ]

    static func draw(_ grid: inout Grid, _ w: Words) {
        var lines = keys.map { key, text in StyledLine([(TextWidth.pad(key, to: 11), .key), (w(text), .plain)]) }
        lines.append(.empty)
        lines.append(StyledLine(w(.helpGoingBack), .dim))
        lines.append(StyledLine(w(.helpAnyKey), .dim))
        Chrome.box(&grid, title: w(.helpTitle), lines: lines, width: 72)
    }
}
