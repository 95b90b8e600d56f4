import Catalogue
import Foundation

/// What can go wrong with the progress store, worded for the learner; every message names the file.
/// `description` is the English; `problem` renders in the learner's language.
public enum ProgressError: MessageError, Sendable {
    /// The directory for the store could not be made or locked.
    case directory(path: String, reason: Message)
    /// A damaged store could not be moved aside, so it was left as it was.
    case cannotMoveAside(path: String, reason: Message.Value)
    /// SQLite refused a read or a write (busy past the timeout, disk full, read-only …): its
    /// own words, as text, or ours.
    case database(path: String, message: Message.Value)

    public var problem: Message {
        switch self {
        case .directory(let path, let reason): return Message(.storeDirectory, ["path": .text(path), "reason": .message(reason)])
        case .cannotMoveAside(let path, let reason): return Message(.storeCannotMoveAside, ["path": .text(path), "reason": reason])
        case .database(let path, let message): return Message(.storeDatabase, ["path": .text(path), "problem": message])
        }
    }
}
