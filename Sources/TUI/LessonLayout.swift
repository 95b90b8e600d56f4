/// Where each pane of the lesson screen goes, for a terminal size: narrative on the
/// left, one trace pane per actor on the right; across the bottom the kernel's sockets and,
/// beside them, the packets.
struct LessonLayout: Equatable {
    struct Rect: Equatable {
        var row: Int, column: Int, width: Int, height: Int
        /// Rows under the title rule.
        var bodyRows: Int { max(0, height - 1) }
    }

    var narrative: Rect
    var actors: [(name: String, rect: Rect)]
    var kernel: Rect
    var packets: Rect
    var separatorColumn: Int
    /// The column of the line between the kernel and packets panes.
    var bottomSeparatorColumn: Int

    static func == (a: LessonLayout, b: LessonLayout) -> Bool {
        a.narrative == b.narrative && a.kernel == b.kernel && a.packets == b.packets && a.actors.map(\.name) == b.actors.map(\.name)
            && a.actors.map(\.rect) == b.actors.map(\.rect)
    }

    init(size: ScreenSize, actors names: [String]) {
        let kernelHeight = size.rows >= 36 ? 7 : 4
        let topRows = size.rows - 2 - kernelHeight
        let narrativeWidth = size.columns * 9 / 20
        separatorColumn = narrativeWidth
        narrative = Rect(row: 1, column: 0, width: narrativeWidth, height: topRows)
        let right = narrativeWidth + 1
        let rightWidth = size.columns - right
        var placed: [(String, Rect)] = []
        let count = max(1, names.count)
        var row = 1
        for (index, name) in names.enumerated() {
            let height = index == names.count - 1 ? topRows + 1 - row : topRows / count
            placed.append((name, Rect(row: row, column: right, width: rightWidth, height: height)))
            row += height
        }
        actors = placed.map { (name: $0.0, rect: $0.1) }
        // Socket rows are longer than packet lines: the kernel gets a little more than half.
        bottomSeparatorColumn = size.columns * 11 / 20
        kernel = Rect(row: 1 + topRows, column: 0, width: bottomSeparatorColumn, height: kernelHeight)
        packets = Rect(row: 1 + topRows, column: bottomSeparatorColumn + 1, width: size.columns - bottomSeparatorColumn - 1,
                       height: kernelHeight)
    }

    /// Every actor's pane with the line to their left: where a predict question goes.
    var actorsArea: Rect {
        Rect(row: narrative.row, column: separatorColumn, width: kernel.width + packets.width + 1 - separatorColumn, height: narrative.height)
    }

    func rect(for pane: LessonView.Pane) -> Rect? {
        switch pane {
        case .narrative: return narrative
        case .kernel: return kernel
        case .packets: return packets
        case .actor(let name): return actors.first { $0.name == name }?.rect
        }
    }
}
