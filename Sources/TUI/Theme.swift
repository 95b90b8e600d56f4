import CNCursesW

/// Styles → ncurses attributes and colour pairs, from the looks StyleLook defines. With
/// NO_COLOR (https://no-color.org) set, only attributes are used.
struct Theme {
    let colors: Bool

    /// Colour pairs, numbered from 1: one per style that has a colour, in Style's order.
    private static let pairedStyles: [Style] = Style.allCases.filter {
        let look = StyleLook.of($0, colors: true)
        return look.foreground != nil || look.background != nil
    }

    /// Call once after start_color.
    func installPairs() {
        guard colors else { return }
        use_default_colors()
        for (index, style) in Self.pairedStyles.enumerated() {
            let look = StyleLook.of(style, colors: true)
            // ncurses numbers COLOR_BLACK…COLOR_WHITE 0…7 as StyleLook.Color does; -1 is the default.
            init_pair(Int16(index + 1), look.foreground.map { Int16($0.rawValue) } ?? -1, look.background.map { Int16($0.rawValue) } ?? -1)
        }
    }

    func attributes(_ style: Style) -> (attrs: UInt32, pair: Int16) {
        let pair = colors ? Int16((Self.pairedStyles.firstIndex(of: style) ?? -1) + 1) : 0
        let look = StyleLook.of(style, colors: colors)
        var attrs = cnc_a_normal()
        if look.bold { attrs |= cnc_a_bold() }
        if look.dim { attrs |= cnc_a_dim() }
        if look.reverse { attrs |= cnc_a_reverse() }
        return (attrs, pair)
    }
}
