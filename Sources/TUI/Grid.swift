/// One terminal cell: a grapheme (or nothing, for the right half of a wide one) and a style.
public struct Cell: Sendable, Hashable {
    public var text: String
    public var style: Style
    /// Columns the text takes (0 for the right half of a wide character), kept so that
    /// nothing measures a cell twice.
    public var width: UInt8
    /// The right half of a two-column character; the terminal fills it, we draw nothing.
    public var isContinuation: Bool { width == 0 }

    public init(text: String, style: Style, width: Int = 1) {
        self.text = text
        self.style = style
        self.width = UInt8(width)
    }

    public static let blank = Cell(text: " ", style: .plain)
    static func continuation(_ style: Style) -> Cell { Cell(text: "", style: style, width: 0) }
}

/// What a screen looks like, cell by cell: the output of every render function and the
/// only input of the terminal adapter. Tests read it as text.
public struct Grid: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * width + column]
    }

    public func row(_ row: Int) -> ArraySlice<Cell> {
        cells[(row * width)..<((row + 1) * width)]
    }

    /// Writes `text` from (row, column), clipped at `limit` columns and at the right edge.
    /// Returns the columns used. A wide character that does not fit becomes a space.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard row >= 0, row < height, column >= 0, column < width else { return 0 }
        let end = min(width, column + (limit ?? width))
        var x = column
        for character in text {
            guard x < end else { break }
            let w = TextWidth.columns(character)
            if w == 0 { continue }
            if x + w > end {
                set(row, x, Cell(text: " ", style: style))
                x += 1
                break
            }
            set(row, x, Cell(text: String(character), style: style, width: w))
            if w == 2 { set(row, x + 1, .continuation(style)) }
            x += w
        }
        return x - column
    }

    /// Fills a rectangle's cells with spaces of one style.
    public mutating func fill(row: Int, column: Int, width w: Int, height h: Int, style: Style = .plain) {
        for y in max(0, row)..<min(height, row + h) {
            for x in max(0, column)..<min(width, column + w) { set(y, x, Cell(text: " ", style: style)) }
        }
    }

    /// Sets one cell, repairing any wide character it cuts in half.
    private mutating func set(_ row: Int, _ column: Int, _ cell: Cell) {
        let index = row * width + column
        if cells[index].isContinuation, column > 0 {
            cells[index - 1] = Cell(text: " ", style: cells[index - 1].style)
        }
        if cells[index].width == 2, column + 1 < width, !cell.isContinuation {
            cells[index + 1] = Cell(text: " ", style: cells[index + 1].style)
        }
        cells[index] = cell
    }

    /// The screen as plain text, one line per row, trailing spaces removed.
    public var text: String {
        (0..<height).map { y in
            var line = ""
            for cell in row(y) where !cell.isContinuation { line += cell.text }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
