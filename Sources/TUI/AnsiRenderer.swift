/// Grids to ANSI escape sequences, for a terminal that is not ours (an asciicast): the same
/// cells and looks the ncurses adapter draws, as text. Pure: no terminal, no ncurses.
///
/// Every frame starts and ends with attributes reset, so each can be read on its own; rows
/// are drawn whole from column 1 (cursor position, then the row), so a row never depends on
/// what the terminal held there before.
public struct AnsiRenderer: Sendable {
    public let colors: Bool

    public init(colors: Bool) { self.colors = colors }

    static let escape = "\u{1B}["

    /// The first frame: cursor hidden, screen cleared, every row that is not blank.
    public func fullFrame(_ grid: Grid) -> String {
        var out = Self.escape + "?25l" + Self.escape + "0m" + Self.escape + "H" + Self.escape + "2J"
        var current = StyleLook.plain
        for y in 0..<grid.height where !isBlank(grid.row(y)) {
            draw(grid, row: y, into: &out, current: &current)
        }
        finish(&out, current: current)
        return out
    }

    /// Only the rows that differ from `previous`; everything when there is no previous grid
    /// of the same size. Empty when nothing changed.
    public func frame(_ grid: Grid, after previous: Grid?) -> String {
        guard let previous, previous.width == grid.width, previous.height == grid.height else { return fullFrame(grid) }
        var out = ""
        var current = StyleLook.plain
        for y in 0..<grid.height where grid.row(y) != previous.row(y) {
            draw(grid, row: y, into: &out, current: &current)
        }
        finish(&out, current: current)
        return out
    }

    /// The SGR sequence that sets exactly this look (reset first, so nothing lingers).
    public static func sgr(_ look: StyleLook) -> String {
        var codes = "0"
        if look.bold { codes += ";1" }
        if look.dim { codes += ";2" }
        if look.reverse { codes += ";7" }
        if let foreground = look.foreground { codes += ";3\(foreground.rawValue)" }
        if let background = look.background { codes += ";4\(background.rawValue)" }
        return escape + codes + "m"
    }

    private func look(_ cell: Cell) -> StyleLook { StyleLook.of(cell.style, colors: colors) }

    /// A space that looks like nothing: erase-to-end-of-line can stand for a run of them.
    private func isBlankCell(_ cell: Cell) -> Bool { cell.text == " " && look(cell) == .plain }

    private func isBlank(_ row: ArraySlice<Cell>) -> Bool { row.allSatisfy(isBlankCell) }

    private func draw(_ grid: Grid, row y: Int, into out: inout String, current: inout StyleLook) {
        let cells = grid.row(y)
        out += Self.escape + "\(y + 1);1H"
        // Trailing blanks become one erase-to-end-of-line.
        var end = cells.endIndex
        while end > cells.startIndex, isBlankCell(cells[end - 1]) { end -= 1 }
        var column = 0
        for index in cells.startIndex..<end {
            defer { column += 1 }
            let cell = cells[index]
            // The terminal fills the right half of a wide character itself.
            if cell.isContinuation { continue }
            let wanted = look(cell)
            if wanted != current {
                out += Self.sgr(wanted)
                current = wanted
            }
            out += Self.printable(cell.text)
            // Terminals disagree on the width of emoji-like symbols (⏳): put the cursor
            // where the grid says the next cell is, so one guess cannot shift the row.
            if cell.width == 2, index + 2 < end, !Self.isStableWide(cell.text) {
                out += Self.escape + "\(column + 3)G"
            }
        }
        if end < cells.endIndex {
            if current != .plain {
                out += Self.sgr(.plain)
                current = .plain
            }
            out += Self.escape + "K"
        }
    }

    private func finish(_ out: inout String, current: StyleLook) {
        if current != .plain { out += Self.sgr(.plain) }
    }

    /// Cell text without control characters: a cell's text comes from lesson files and
    /// recordings, and an escape sequence in it would take over the viewer's terminal.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: text.unicodeScalars.filter { !isControl($0) })
        return kept.isEmpty ? " " : String(kept)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// East Asian Wide ranges every terminal has drawn two columns wide for decades
    /// (Hangul Jamo, CJK, Hangul, compatibility ideographs, full-width forms, planes 2–3).
    static func isStableWide(_ text: String) -> Bool {
        guard let value = text.unicodeScalars.first?.value else { return false }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
