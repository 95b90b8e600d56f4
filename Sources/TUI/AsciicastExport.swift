import Foundation
import Tutor

/// A recording as an asciicast v2 file (https://docs.asciinema.org/manual/asciicast/v2/):
/// the lesson screen after each event, as the full-screen interface would have drawn it at
/// the export size. Pure: recording and options in, lines out; the command does the I/O.
public enum AsciicastExport {
    public struct Options: Sendable {
        public var size: ScreenSize
        /// Longest pause in playback, in seconds (the player's default too).
        public var idleLimit: Double
        public var colors: Bool
        /// "Lesson 3/6" in the header bar: the lesson's place in the course, when known.
        public var lessonNumber: Int
        public var lessonCount: Int

        public static let defaultSize = ScreenSize(columns: 100, rows: 30)
        public static let defaultIdleLimit = 2.0

        public init(size: ScreenSize = defaultSize, idleLimit: Double = defaultIdleLimit, colors: Bool = true,
                    lessonNumber: Int = 1, lessonCount: Int = 1) {
            self.size = size; self.idleLimit = idleLimit; self.colors = colors
            self.lessonNumber = lessonNumber; self.lessonCount = lessonCount
        }
    }

    /// One line after the header: `[time, "o", data]` or `[time, "m", label]`.
    public struct Event: Sendable, Hashable {
        public enum Kind: String, Sendable { case output = "o", marker = "m" }
        public var time: Double
        public var kind: Kind
        public var data: String

        public var line: String {
            "[\(AsciicastJSON.seconds(time)), \(AsciicastJSON.string(kind.rawValue)), \(AsciicastJSON.string(data))]"
        }
    }

    /// The whole file: header line, then the events, one a line, each ending in "\n".
    public static func text(_ recording: Recording, options: Options) -> String {
        var out = header(recording.header, options: options) + "\n"
        for event in events(recording, options: options) { out += event.line + "\n" }
        return out
    }

    public static func header(_ header: RecordingHeader, options: Options) -> String {
        let fields = [
            ("version", "2"),
            ("width", "\(options.size.columns)"),
            ("height", "\(options.size.rows)"),
            ("timestamp", "\(Int64(header.startedAt.timeIntervalSince1970.rounded(.down)))"),
            ("idle_time_limit", AsciicastJSON.number(options.idleLimit)),
            ("title", AsciicastJSON.string("\(header.lessonTitle) (sockettutor)")),
            // The escapes used are those of every xterm-like terminal (8 colours).
            ("env", "{\"TERM\": \"xterm-256color\"}"),
        ]
        return "{" + fields.map { "\(AsciicastJSON.string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// One output frame per recorded event, at its idle-limited playback time, and a marker
    /// after the frame of each step's start (a jump to the marker shows the step's note).
    public static func events(_ recording: Recording, options: Options) -> [Event] {
        let times = PlaybackClock.playbackTimes(recording.events, idleLimit: options.idleLimit)
        let renderer = AnsiRenderer(colors: options.colors)
        var view = LessonView(lessonNumber: options.lessonNumber, lessonCount: options.lessonCount,
                              lessonTitle: recording.header.lessonTitle, quitEndsProgram: true)
        var previous: Grid?
        var out: [Event] = []
        out.reserveCapacity(recording.events.count + 32)
        for (event, time) in zip(recording.events, times) {
            view.apply(event)
            // The recorded clock, so a blocked call's counter shows how long it really waited.
            let grid = LessonScreen.render(view, size: options.size, now: Double(event.offsetNanoseconds) / 1e9)
            out.append(Event(time: time, kind: .output, data: renderer.frame(grid, after: previous)))
            previous = grid
            if case .stepStarted(let stepID, let index, _, _, _) = event.event {
                out.append(Event(time: time, kind: .marker, data: "step \(index + 1): \(stepID)"))
            }
        }
        return out
    }
}
