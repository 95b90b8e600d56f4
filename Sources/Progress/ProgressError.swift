import Foundation

/// What can go wrong with the progress store, worded for the learner; every message names the file.
public enum ProgressError: Error, CustomStringConvertible, Sendable {
    /// The directory for the store could not be made or locked.
    case directory(path: String, reason: String)
    /// A damaged store could not be moved aside, so it was left as it was.
    case cannotMoveAside(path: String, reason: String)
    /// SQLite refused a read or a write (busy past the timeout, disk full, read-only …).
    case database(path: String, message: String)

    public var description: String {
        switch self {
        case .directory(let path, let reason): return "progress store \(path): \(reason)"
        case .cannotMoveAside(let path, let reason):
            return "progress store \(path) is damaged and could not be moved aside (\(reason)); it was left untouched"
        case .database(let path, let message): return "progress store \(path): \(message)"
        }
    }
}
