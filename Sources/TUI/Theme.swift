import CNCursesW

/// Styles → ncurses attributes and colour pairs. With NO_COLOR (https://no-color.org) set,
/// only attributes are used; every style still differs from plain text by its words.
struct Theme {
    let colors: Bool

    /// Colour pairs, numbered from 1 in this order.
    private static let pairs: [(style: Style, foreground: Int16, background: Int16)] = [
        (.border, Int16(COLOR_CYAN), -1),
        (.success, Int16(COLOR_GREEN), -1),
        (.failure, Int16(COLOR_RED), -1),
        (.pending, Int16(COLOR_YELLOW), -1),
        (.python, Int16(COLOR_BLUE), -1),
        (.title, Int16(COLOR_BLACK), Int16(COLOR_CYAN)),
        (.key, Int16(COLOR_CYAN), -1),
        (.banner, Int16(COLOR_BLACK), Int16(COLOR_YELLOW)),
        (.focusedTitle, Int16(COLOR_YELLOW), -1),
    ]

    /// Call once after start_color.
    func installPairs() {
        guard colors else { return }
        use_default_colors()
        for (index, pair) in Self.pairs.enumerated() {
            init_pair(Int16(index + 1), pair.foreground, pair.background)
        }
    }

    func attributes(_ style: Style) -> (attrs: UInt32, pair: Int16) {
        let pair = colors ? Int16((Self.pairs.firstIndex { $0.style == style } ?? -1) + 1) : 0
        let attrs: UInt32
        switch style {
        case .plain, .border: attrs = cnc_a_normal()
        case .title: attrs = colors ? cnc_a_normal() : cnc_a_reverse()
        case .focusedTitle, .heading, .note, .success, .failure, .pending, .key: attrs = cnc_a_bold()
        case .dim, .python: attrs = cnc_a_dim()
        case .banner: attrs = cnc_a_reverse() | cnc_a_bold()
        case .selected: attrs = cnc_a_reverse()
        }
        return (attrs, pair)
    }
}
