/// A line of text made of runs in different styles, before it is placed on the grid.
public struct StyledLine: Sendable, Hashable {
    public var segments: [(text: String, style: Style)]

    public init(_ segments: [(String, Style)]) { self.segments = segments.map { (text: $0.0, style: $0.1) } }
    public init(_ text: String, _ style: Style = .plain) { self.init([(text, style)]) }

    public static let empty = StyledLine("")

    public static func == (a: StyledLine, b: StyledLine) -> Bool {
        a.segments.map(\.text) == b.segments.map(\.text) && a.segments.map(\.style) == b.segments.map(\.style)
    }
    public func hash(into hasher: inout Hasher) {
        for s in segments { hasher.combine(s.text); hasher.combine(s.style) }
    }

    /// Places the line at (row, column), clipped to `width` columns.
    func draw(into grid: inout Grid, row: Int, column: Int, width: Int) {
        var x = 0
        for segment in segments where x < width {
            x += grid.put(segment.text, row: row, column: column + x, style: segment.style, limit: width - x)
        }
    }

    /// Word-wraps across the runs; continuation lines start with `indent` spaces.
    func wrapped(width: Int, indent: Int = 2) -> [StyledLine] {
        guard width > indent + 1 else { return [self] }
        var lines: [StyledLine] = []
        var current: [(String, Style)] = []
        var used = 0
        var wordsOnLine = 0
        let limit = width
        func breakLine() {
            lines.append(StyledLine(current))
            current = [(String(repeating: " ", count: indent), .plain)]
            used = indent
            wordsOnLine = 0
        }
        for segment in segments {
            var first = true
            for word in segment.text.split(separator: " ", omittingEmptySubsequences: false) {
                let gap = first ? 0 : 1
                first = false
                let w = TextWidth.columns(word)
                if used + gap + w > limit && wordsOnLine > 0 {
                    breakLine()
                } else if gap == 1 {
                    current.append((" ", segment.style)); used += 1
                }
                // A word longer than the room left is cut into pieces that fit.
                var rest = String(word)
                while TextWidth.columns(rest) > limit - used {
                    let piece = TextWidth.truncate(rest, to: limit - used, ellipsis: false)
                    if piece.isEmpty { break }
                    current.append((piece, segment.style))
                    rest.removeFirst(piece.count)
                    breakLine()
                }
                current.append((rest, segment.style)); used += TextWidth.columns(rest)
                wordsOnLine += 1
            }
        }
        lines.append(StyledLine(current))
        return lines
    }
}
