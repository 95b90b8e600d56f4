import Catalogue
import Foundation

/// A recorded session as the player, `replay --plain` and `export` read it: the header, the
/// events in order, and how it ended. Written and read by RecordingWriter / RecordingReader
/// in the format of docs/recording-format.md (not Swift's synthesized coding).
public struct Recording: Sendable, Hashable {
    public var header: RecordingHeader
    public var events: [StampedEvent]
    /// nil: the file has no end record — the session was cut short (crash, kill, full disk).
    public var end: RecordingEnd?
    /// What the reader forgave and the learner should be told (a cut last line …).
    public var notices: [Message]
    /// The notices in English.
    public var warnings: [String] { notices.map(\.description) }

    public init(header: RecordingHeader, events: [StampedEvent], end: RecordingEnd?, notices: [Message] = []) {
        self.header = header; self.events = events; self.end = end; self.notices = notices
    }
}

public struct RecordingVersion: Sendable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(major: Int, minor: Int) { self.major = major; self.minor = minor }
    public var description: String { "\(major).\(minor)" }
    /// What this program writes; it reads every minor version of the same major.
    public static let current = RecordingVersion(major: 1, minor: 0)
}

public struct TerminalSize: Sendable, Hashable {
    public var columns: Int
    public var rows: Int
    public init(columns: Int, rows: Int) { self.columns = columns; self.rows = rows }
}

/// The first line of every recording.
public struct RecordingHeader: Sendable, Hashable {
    public static let formatName = "sockettutor-recording"
    public var version: RecordingVersion
    /// "sockettutor 0.1.0".
    public var program: String
    public var lessonID: String
    public var lessonTitle: String
    /// "sha256:" and the hex digest of the lesson file's bytes as they were run.
    public var lessonHash: String
    public var language: String
    /// The terminal the session was shown on; nil for `--plain` without a terminal.
    public var terminal: TerminalSize?
    /// UTC, written as ISO 8601.
    public var startedAt: Date
    /// `uname -r`: results depend on the kernel.
    public var kernelRelease: String
    /// Whether packets were captured, and where or why not.
    public var capture: CaptureStatus?

    public init(version: RecordingVersion = .current, program: String, lessonID: String, lessonTitle: String,
                lessonHash: String, language: String, terminal: TerminalSize?, startedAt: Date,
                kernelRelease: String, capture: CaptureStatus?) {
        self.version = version; self.program = program; self.lessonID = lessonID; self.lessonTitle = lessonTitle
        self.lessonHash = lessonHash; self.language = language; self.terminal = terminal; self.startedAt = startedAt
        self.kernelRelease = kernelRelease; self.capture = capture
    }
}

/// The last line: written when the session ends in any way the program lives through.
public struct RecordingEnd: Sendable, Hashable {
    public enum Ending: Sendable, Hashable {
        /// Every step ran.
        case finished
        /// The learner left before the end (q, or end of input in `--plain`).
        case left
        /// A signal ended the program (SIGTERM, SIGHUP, SIGINT …).
        case signal(Int32)
    }
    public var eventCount: Int
    public var ending: Ending
    public init(eventCount: Int, ending: Ending) { self.eventCount = eventCount; self.ending = ending }
}
