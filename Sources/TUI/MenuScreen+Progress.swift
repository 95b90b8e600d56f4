/// The learner's progress on the menu: a mark beside each lesson, the step reached under the
/// selected one, the review questions due, and the keys that act on them.
extension MenuView {
    public enum Mark: Sendable, Hashable {
        /// Run to its end at least once.
        case done
        /// Started and left at this step (1-based) of `of` steps (nil: not known yet, or its
        /// file cannot be read).
        case reached(step: Int, of: Int?)
    }

    /// The selected lesson can be resumed: started, not finished.
    public var canResume: Bool {
        guard entries.indices.contains(selected), case .reached = marks[entries[selected].id] else { return false }
        return true
    }
}

extension MenuView.Mark {
    /// As the list shows it, right-aligned on the lesson's line.
    var label: String {
        switch self {
        case .done: "✓ done"
        case .reached(let step, let count): "step \(step)" + (count.map { "/\($0)" } ?? "")
        }
    }
}

extension MenuScreen {
    /// The lesson's line, its mark at the right edge (the title is cut to make room).
    static func entryLine(_ line: String, mark: MenuView.Mark?, width: Int) -> String {
        guard let label = mark?.label else { return TextWidth.pad(line, to: width) }
        let room = width - TextWidth.columns(label) - 3
        return TextWidth.pad(line, to: room) + "   " + label
    }

    /// "Review: 3 due — press v", or that none is; nothing when no progress is kept.
    static func dueLine(_ view: MenuView) -> (text: String, style: Style)? {
        guard let due = view.dueCount else { return nil }
        if due == 0 { return ("Review: none due", .dim) }
        return ("Review: \(due) due — press v", .heading)
    }

    /// Under the selected lesson: where the learner got to, and what r and Enter do.
    static func resumeLines(_ mark: MenuView.Mark?, width: Int) -> [String] {
        guard case .reached(let step, let count)? = mark else { return [] }
        let of = count.map { " of \($0)" } ?? ""
        return TextWidth.wrap("You got to step \(step)\(of). r resumes there (the steps before it run again, for real); Enter starts over.",
                              width: width)
    }

    /// The key bar; "↑↓ choose" goes first when the bar is too wide for the terminal.
    static func keys(_ view: MenuView, width: Int) -> [(key: String, action: String)] {
        let keys: [(key: String, action: String)] = [("↑↓", "choose"), ("Enter", "open")] + (view.canResume ? [("r", "resume")] : [])
            + [("z", "quiz"), ("f", "final quiz"), ("v", "review"), ("h", "recent"), ("?", "help"), ("q", "quit")]
        let narrowest = keys.reduce(1) { $0 + TextWidth.columns($1.key) + 1 + TextWidth.columns($1.action) } + 2 * (keys.count - 1)
        return narrowest <= width ? keys : Array(keys.dropFirst())
    }
}
