import Catalogue

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
    func label(_ w: Words) -> String {
        switch self {
        case .done: w(.markDone)
        case .reached(let step, let count): count.map { w(.markStepOf, ["n": step, "count": $0]) } ?? w(.markStep, ["n": step])
        }
    }
}

extension MenuScreen {
    /// The lesson's line, its mark at the right edge (the title is cut to make room).
    static func entryLine(_ line: String, mark: MenuView.Mark?, width: Int, _ w: Words) -> String {
        guard let label = mark?.label(w) else { return TextWidth.pad(line, to: width) }
        let room = width - TextWidth.columns(label) - 3
        return TextWidth.pad(line, to: room) + "   " + label
    }

    /// "Review: 3 due — press v", or that none is; nothing when no progress is kept.
    static func dueLine(_ view: MenuView, _ w: Words) -> (text: String, style: Style)? {
        guard let due = view.dueCount else { return nil }
        if due == 0 { return (w(.dueNone), .dim) }
        return (w(.dueSome, ["n": due]), .heading)
    }

    /// Under the selected lesson: where the learner got to, and what r and Enter do.
    static func resumeLines(_ mark: MenuView.Mark?, width: Int, _ w: Words) -> [String] {
        guard case .reached(let step, let count)? = mark else { return [] }
        let text = count.map { w(.resumeAtOf, ["n": step, "count": $0]) } ?? w(.resumeAt, ["n": step])
        return TextWidth.wrap(text, width: width)
    }

    /// The key bar. When it is too wide for the terminal "↑↓ choose" goes first, then
    /// "h recent" (both are in the help); L, which names the other language in that
    /// language, always stays: it is the key a learner who cannot read this one needs.
    static func keys(_ view: MenuView, width: Int) -> [(key: String, action: String)] {
        let w = Words(view.language)
        var keys: [(key: String, action: String)] = [("↑↓", w(.keyChoose)), ("Enter", w(.keyOpen))] + (view.canResume ? [("r", w(.keyResume))] : [])
            + [("z", w(.keyQuiz)), ("f", w(.keyFinalQuiz)), ("v", w(.keyReview)), ("h", w(.keyRecentShort)), ("L", w(.keyLanguage)),
               ("?", w(.keyHelp)), ("q", w(.keyQuit))]
        func narrowest() -> Int { keys.reduce(1) { $0 + TextWidth.columns($1.key) + 1 + TextWidth.columns($1.action) } + 2 * (keys.count - 1) }
        for droppable in ["↑↓", "h"] where narrowest() > width { keys.removeAll { $0.key == droppable } }
        return keys
    }
}
