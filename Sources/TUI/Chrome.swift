import Catalogue

/// The parts every screen shares: the header, pane title rules, the key bar, boxes, and
/// the too-small screen.
enum Chrome {
    static func header(_ grid: inout Grid, left: String, right: StyledLine?) {
        grid.fill(row: 0, column: 0, width: grid.width, height: 1, style: .title)
        grid.put(" " + left, row: 0, column: 0, style: .title, limit: grid.width)
        guard let right else { return }
        let width = right.segments.reduce(0) { $0 + TextWidth.columns($1.text) }
        let column = max(TextWidth.columns(left) + 3, grid.width - width - 1)
        right.draw(into: &grid, row: 0, column: column, width: grid.width - column)
    }

    /// `─ ▸ server ─────── more ↑`: a pane's title row; "▸" marks the pane with focus.
    static func titleRule(_ grid: inout Grid, row: Int, column: Int, width: Int, title: String, focused: Bool, trailer: String? = nil) {
        grid.put(String(repeating: "─", count: width), row: row, column: column, style: .border, limit: width)
        let label = focused ? " ▸ \(title) " : " \(title) "
        let used = grid.put(label, row: row, column: column + 1, style: focused ? .focusedTitle : .heading, limit: width - 2)
        if let trailer {
            let w = TextWidth.columns(trailer) + 2
            if w + used + 2 <= width { grid.put(" \(trailer) ", row: row, column: column + width - w - 1, style: .dim) }
        }
    }

    /// `Space next · b back · …`: keys in their own style, so they read without colour too;
    /// `notice` after them says what is going on (`q menu · resuming to step 5: 3 run`).
    static func keyBar(_ grid: inout Grid, keys: [(key: String, action: String)], notice: String? = nil) {
        let row = grid.height - 1
        grid.fill(row: row, column: 0, width: grid.width, height: 1)
        // " · " between keys when it fits, two spaces when the terminal is narrow.
        let natural = keys.reduce(1) { $0 + TextWidth.columns($1.key) + 1 + TextWidth.columns($1.action) } + 3 * (keys.count - 1)
        let separator = natural <= grid.width ? " · " : "  "
        var line: [(String, Style)] = [(" ", .plain)]
        for (index, item) in keys.enumerated() {
            if index > 0 { line.append((separator, .dim)) }
            line.append((item.key, .key))
            line.append((" " + item.action, .plain))
        }
        if let notice { line += [(separator, .dim), (notice, .banner)] }
        StyledLine(line).draw(into: &grid, row: row, column: 0, width: grid.width)
    }

    /// A framed box with a title, its lines inside; centred.
    static func box(_ grid: inout Grid, title: String, lines: [StyledLine], width wanted: Int) {
        let width = min(wanted, grid.width - 2)
        let inner = width - 4
        let body = lines.flatMap { $0.wrapped(width: inner, indent: 0) }
        let height = min(body.count + 2, grid.height - 2)
        let top = max(0, (grid.height - height) / 2)
        let left = max(0, (grid.width - width) / 2)
        grid.fill(row: top, column: left, width: width, height: height)
        grid.put("┌" + String(repeating: "─", count: width - 2) + "┐", row: top, column: left, style: .border)
        grid.put(" \(title) ", row: top, column: left + 2, style: .heading)
        for y in 1..<(height - 1) {
            grid.put("│", row: top + y, column: left, style: .border)
            grid.put("│", row: top + y, column: left + width - 1, style: .border)
            body[y - 1].draw(into: &grid, row: top + y, column: left + 2, width: inner)
        }
        grid.put("└" + String(repeating: "─", count: width - 2) + "┘", row: top + height - 1, column: left, style: .border)
    }

    /// Below 80×24 nothing else is drawn: the panes would not be readable.
    static func tooSmall(_ size: ScreenSize, _ w: Words) -> Grid {
        var grid = Grid(width: size.columns, height: size.rows)
        let lines = [
            w(.tooSmall, ["need": ScreenSize.minimum, "have": size]),
            w(.tooSmallHint),
        ]
        var row = max(0, size.rows / 2 - 1)
        for (i, line) in lines.enumerated() {
            for piece in TextWidth.wrap(line, width: size.columns) {
                let column = max(0, (size.columns - TextWidth.columns(piece)) / 2)
                grid.put(piece, row: row, column: column, style: i == 0 ? .failure : .plain)
                row += 1
            }
        }
        return grid
    }
}
