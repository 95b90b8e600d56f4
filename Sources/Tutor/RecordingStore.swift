import Foundation

/// Where every live session is also kept: `$SOCKETTUTOR_HOME/recordings`, else
/// `$XDG_STATE_HOME/sockettutor/recordings`, else `~/.local/state/sockettutor/recordings`.
/// The newest `keep` are kept. PROVISIONAL: listing reads whole files until the summary
/// reader lands; the signatures stay.
public struct RecordingStore: Sendable {
    public static let keep = 50

    public var directory: URL

    public init(directory: URL) { self.directory = directory }

    /// The store this environment names (SOCKETTUTOR_HOME, XDG_STATE_HOME, HOME).
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> RecordingStore {
        if let home = environment["SOCKETTUTOR_HOME"], !home.isEmpty {
            return RecordingStore(directory: URL(fileURLWithPath: home).appendingPathComponent("recordings"))
        }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return RecordingStore(directory: URL(fileURLWithPath: state).appendingPathComponent("sockettutor/recordings"))
        }
        let home = environment["HOME"] ?? "/"
        return RecordingStore(directory: URL(fileURLWithPath: home).appendingPathComponent(".local/state/sockettutor/recordings"))
    }

    /// One kept recording, as the Recent sessions screen lists it.
    public struct Entry: Sendable, Hashable {
        public var path: String
        public var lessonID: String
        public var lessonTitle: String
        public var startedAt: Date
        /// Seconds from the first to the last event.
        public var duration: Double
        /// nil: the recording has no end record (cut short).
        public var ending: RecordingEnd.Ending?
    }

    /// The kept recordings, newest first. Files that cannot be read are left out.
    public func entries() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted(by: >).compactMap { name in
            let path = directory.appendingPathComponent(name).path
            guard let recording = try? RecordingReader.read(path: path) else { return nil }
            return Entry(path: path, lessonID: recording.header.lessonID, lessonTitle: recording.header.lessonTitle,
                         startedAt: recording.header.startedAt,
                         duration: Double(recording.events.last?.offsetNanoseconds ?? 0) / 1e9, ending: recording.end?.ending)
        }
    }

    /// The newest recording's path, if any.
    public func newest() -> String? { entries().first?.path }
}
