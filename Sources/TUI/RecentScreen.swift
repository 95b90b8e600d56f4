import Catalogue
import Foundation
import Tutor

/// The recorded sessions kept in the store, newest first, one selected: what the Recent
/// sessions screen shows.
public struct RecentView: Sendable {
    /// One recording as listed.
    public typealias Session = RecordingStore.Entry

    public var entries: [Session]
    /// Where they are kept, for the screen to say when there are none.
    public var directory: String
    public var selected = 0
    /// Why the chosen recording could not be opened (it was removed, or is broken).
    public var problem: String?
    /// The interface's language.
    public var language = "en"

    public init(entries: [Session], directory: String) {
        self.entries = entries
        self.directory = directory
    }

    public mutating func move(by delta: Int) {
        guard !entries.isEmpty else { return }
        selected = min(entries.count - 1, max(0, selected + delta))
        problem = nil
    }
}

/// The Recent sessions screen as a pure function; `timeZone` for the dates (local time;
/// tests pass a fixed one).
public enum RecentScreen {
    public static func render(_ view: RecentView, size: ScreenSize, timeZone: TimeZone = .current) -> Grid {
        let w = Words(view.language)
        if size.isTooSmall { return Chrome.tooSmall(size, w) }
        var grid = Grid(width: size.columns, height: size.rows)
        let count = view.entries.count
        Chrome.header(&grid, left: w(.recentHeader), right: StyledLine(w(count == 1 ? .recordingsOne : .recordingsMany, ["n": count]) + " ", .title))
        var row = 2
        if view.entries.isEmpty {
            grid.put(w(.noRecordings), row: row, column: 2, style: .heading)
            row += 2
            let text = w(.recentExplain, ["keep": RecordingStore.keep, "directory": view.directory])
            for line in TextWidth.wrap(text, width: size.columns - 4) where row < size.rows - 2 {
                grid.put(line, row: row, column: 2)
                row += 1
            }
        } else {
            let heading = "  " + TextWidth.pad(w(.columnStarted), to: 16) + "  " + TextWidth.pad(w(.columnLength), to: 9) + "  "
                + TextWidth.pad(w(.columnEnded), to: 10) + "  " + w(.columnLesson)
            grid.put(TextWidth.pad(heading, to: size.columns - 4), row: row, column: 2, style: .heading)
            row += 2
            let rows = size.rows - row - 3
            // Keep the selection in view: the list scrolls by whole pages.
            let first = rows > 0 ? view.selected / rows * rows : 0
            for (index, entry) in view.entries.enumerated().dropFirst(first).prefix(max(0, rows)) {
                let chosen = index == view.selected
                let line = "\(chosen ? "▸" : " ") \(date(entry.startedAt, timeZone: timeZone))  \(TextWidth.pad(ReplayScreen.clock(entry.duration), to: 9))  "
                    + "\(TextWidth.pad(ending(entry.ending, w), to: 10))  \(entry.lessonID) · \(entry.lessonTitle)"
                grid.put(TextWidth.pad(TextWidth.truncate(line, to: size.columns - 4), to: size.columns - 4), row: row, column: 2,
                         style: chosen ? .selected : .plain)
                row += 1
            }
        }
        if let problem = view.problem {
            for (offset, line) in TextWidth.wrap(problem, width: size.columns - 4).prefix(2).enumerated() {
                grid.put(line, row: size.rows - 3 + offset, column: 2, style: .failure)
            }
        }
        Chrome.keyBar(&grid, keys: view.entries.isEmpty ? [("q", w(.keyBackToLessons))]
                      : [("↑↓", w(.keyChoose)), ("Enter", w(.keyReplay)), ("q", w(.keyBackToLessons))])
        return grid
    }

    /// How the session ended, in words: finished, left, signal N, or cut short.
    static func ending(_ ending: RecordingEnd.Ending?, _ w: Words) -> String {
        switch ending {
        case .finished?: return w(.endingFinished)
        case .left?: return w(.endingLeft)
        case .signal(let number)?: return w(.endingSignal, ["n": number])
        case nil: return w(.endingCutShort)
        }
    }

    /// `2026-12-04 05:12`, in local time.
    static func date(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
