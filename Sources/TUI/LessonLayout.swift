import Tutor

/// Where each pane of the lesson screen goes, for a terminal size: narrative on the
/// left, one trace pane per actor on the right; across the bottom the kernel's sockets and,
/// beside them, the packets.
struct LessonLayout: Equatable {
    /// Title rule and two lines: an idle actor's last call and its Python line.
    static let idleActorRows = 3
    /// Below this many rows each, actors stop sharing equally: the active ones get the room.
    static let comfortableActorRows = 5
    /// The packets pane's width when it only says why there are no packets.
    static let packetNoteColumns = 26

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

    /// `active`: the actors the screen is about now (the newest step's, and any in a call
    /// that has not returned). When there is not room for every actor, idle ones shrink to
    /// their last call and the active ones share the rest. `packetsNoteOnly`: no packets
    /// can be shown, so their pane need only be wide enough to say why; the kernel takes the rest.
    init(size: ScreenSize, actors names: [String], active: Set<String> = [], packetsNoteOnly: Bool = false) {
        let kernelHeight = size.rows >= 36 ? 7 : 4
        let topRows = size.rows - 2 - kernelHeight
        let narrativeWidth = size.columns * 9 / 20
        separatorColumn = narrativeWidth
        narrative = Rect(row: 1, column: 0, width: narrativeWidth, height: topRows)
        let right = narrativeWidth + 1
        let rightWidth = size.columns - right
        let heights = Self.actorHeights(names, active: active, rows: topRows)
        var placed: [(String, Rect)] = []
        var row = 1
        for (name, height) in zip(names, heights) {
            placed.append((name, Rect(row: row, column: right, width: rightWidth, height: height)))
            row += height
        }
        actors = placed.map { (name: $0.0, rect: $0.1) }
        // Socket rows are longer than packet lines: the kernel gets a little more than half,
        // and all but a note's width when there are no packets to show.
        bottomSeparatorColumn = packetsNoteOnly ? size.columns - 1 - Self.packetNoteColumns : size.columns * 11 / 20
        kernel = Rect(row: 1 + topRows, column: 0, width: bottomSeparatorColumn, height: kernelHeight)
        packets = Rect(row: 1 + topRows, column: bottomSeparatorColumn + 1, width: size.columns - bottomSeparatorColumn - 1,
                       height: kernelHeight)
    }

    /// Rows per actor, summing to `rows`: equal shares when each share is comfortable or
    /// nobody is active; otherwise idle actors keep `idleActorRows` (or, with many actors,
    /// their title and one line) and the active ones share the rest. What division leaves
    /// goes to the last active actor.
    static func actorHeights(_ names: [String], active: Set<String>, rows: Int) -> [Int] {
        guard !names.isEmpty else { return [] }
        let activeCount = names.filter(active.contains).count
        let idleCount = names.count - activeCount
        let last = names.lastIndex(where: active.contains) ?? names.count - 1
        func shares(idle: Int?) -> [Int] {
            let each = idle == nil ? rows / names.count : (rows - idleCount * idle!) / activeCount
            var out = names.map { idle == nil || active.contains($0) ? each : idle! }
            // Equal shares stay put as the step moves on: the leftover goes to the last actor.
            out[idle == nil ? names.count - 1 : last] += rows - out.reduce(0, +)
            return out
        }
        guard rows / names.count < comfortableActorRows, activeCount > 0, activeCount < names.count else { return shares(idle: nil) }
        for idle in [idleActorRows, 2] where (rows - idleCount * idle) / activeCount > idle {
            return shares(idle: idle)
        }
        return shares(idle: nil)
    }

    /// The actors a lesson screen is about: the newest step's, and those inside a call.
    static func activeActors(_ state: SessionState) -> Set<String> {
        var active: Set<String> = []
        for (actor, entries) in state.traces where entries.last?.pending == true { active.insert(actor) }
        for index in state.log.indices.reversed() {
            if case .step(_, _, let actor, _) = state.log[index] { active.insert(actor); break }
        }
        return active
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
