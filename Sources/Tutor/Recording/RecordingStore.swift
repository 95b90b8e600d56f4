import Foundation
import Glibc

/// Where every live session is also kept: `$SOCKETTUTOR_HOME/recordings`, else
/// `$XDG_STATE_HOME/sockettutor/recordings`, else `~/.local/state/sockettutor/recordings`.
/// Files are named by their UTC start time, so names sort oldest first; the newest `keep`
/// are kept.
public struct RecordingStore: Sendable {
    public static let keep = 50
    static let suffix = ".jsonl"

    public var directory: URL

    public init(directory: URL) { self.directory = directory }

    /// The store this environment names (SOCKETTUTOR_HOME, XDG_STATE_HOME, HOME). A relative
    /// XDG_STATE_HOME is ignored, as the XDG spec says.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> RecordingStore {
        if let home = environment["SOCKETTUTOR_HOME"], !home.isEmpty {
            return RecordingStore(directory: URL(fileURLWithPath: home).appendingPathComponent("recordings"))
        }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return RecordingStore(directory: URL(fileURLWithPath: state).appendingPathComponent("sockettutor/recordings"))
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        return RecordingStore(directory: URL(fileURLWithPath: home).appendingPathComponent(".local/state/sockettutor/recordings"))
    }

    /// A new recording in the store, its header written; then the oldest past `keep` go.
    public func makeRecording(header: RecordingHeader) throws -> RecordingWriter {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let name = "\(RecordingFormat.iso8601(header.startedAt, compact: true))-\(header.lessonID)-\(getpid())\(Self.suffix)"
        let writer = try RecordingWriter(path: directory.appendingPathComponent(name).path, header: header, mode: 0o600)
        prune()
        return writer
    }

    /// Recording file names, oldest first.
    func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(Self.suffix) && !$0.hasPrefix(".") }.sorted()
    }

    /// Removes the oldest recordings past `keep`.
    public func prune(keep: Int = RecordingStore.keep) {
        let all = names()
        for name in all.dropLast(keep) { unlink(directory.appendingPathComponent(name).path) }
    }

    /// One kept recording, as the Recent sessions screen lists it.
    public struct Entry: Sendable, Hashable {
        public var path: String
        public var lessonID: String
        public var lessonTitle: String
        public var startedAt: Date
        /// Seconds from the session's start to its last event.
        public var duration: Double
        /// nil: the recording has no end record (cut short).
        public var ending: RecordingEnd.Ending?

        public init(path: String, lessonID: String, lessonTitle: String, startedAt: Date, duration: Double, ending: RecordingEnd.Ending?) {
            self.path = path; self.lessonID = lessonID; self.lessonTitle = lessonTitle
            self.startedAt = startedAt; self.duration = duration; self.ending = ending
        }
    }

    /// The kept recordings, newest first, read from their first and last lines only.
    /// Files that are not readable recordings are left out.
    public func entries() -> [Entry] {
        names().reversed().compactMap { name in
            let path = directory.appendingPathComponent(name).path
            guard let summary = RecordingReader.summary(path: path) else { return nil }
            return Entry(path: path, lessonID: summary.header.lessonID, lessonTitle: summary.header.lessonTitle,
                         startedAt: summary.header.startedAt, duration: summary.duration, ending: summary.end?.ending)
        }
    }

    /// The newest recording's path, if any.
    public func newest() -> String? { entries().first?.path }
}
