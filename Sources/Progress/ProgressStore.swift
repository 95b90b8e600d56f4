import Catalogue
import Foundation
import Glibc

/// The learner's progress: lessons completed, the step reached, quiz scores, every answer
/// and a few settings, in one SQLite file (WAL, one transaction per write), so several
/// sockettutor processes can write at once and a kill at any instant loses nothing committed.
///
/// Open it only where it is needed (never for `list` or the menu's first frame). Every
/// method is serialized by a lock, so one store may be shared between threads.
public final class ProgressStore: @unchecked Sendable {
    public static let fileName = "progress.sqlite"
    /// How long a write waits for another process's transaction before failing.
    static let busyTimeoutMilliseconds: Int32 = 5000

    /// The database file.
    public let path: String
    let database: SQLiteDatabase
    private let lock = NSLock()

    private init(path: String, database: SQLiteDatabase) {
        self.path = path
        self.database = database
    }

    /// `$SOCKETTUTOR_HOME` when set (the store lives directly in it), else
    /// `$XDG_DATA_HOME/sockettutor` (absolute only, as XDG says), else `~/.local/share/sockettutor`.
    public static func standardDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let home = environment["SOCKETTUTOR_HOME"], !home.isEmpty { return URL(fileURLWithPath: home) }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return URL(fileURLWithPath: data).appendingPathComponent("sockettutor")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/sockettutor")
    }

    /// Opens (or creates) `directory/progress.sqlite`. A store that is damaged, unreadable,
    /// another program's, or from a newer sockettutor is moved aside (with its -wal and -shm)
    /// to `progress.sqlite.damaged-<UTC time>` and a fresh one is started; `warning` then says
    /// why and where it went. Nothing is ever deleted.
    public static func open(directory: URL) throws(ProgressError) -> (store: ProgressStore, warning: String?) {
        let (store, notice) = try openTelling(directory: directory)
        return (store, notice?.description)
    }

    /// `open`, with the notice as a message the caller says in the learner's language.
    public static func openTelling(directory: URL) throws(ProgressError) -> (store: ProgressStore, notice: Message?) {
        let path = directory.appendingPathComponent(fileName).path
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .directory(path: path, reason: Message(.storeCannotCreateDirectory, ["directory": .text(directory.path),
                                                                               "reason": .text((error as NSError).localizedDescription)]))
        }
        // Opening, checking, moving aside and migrating happen under one lock across
        // processes: two programs starting at once must not both move (or both create) the file.
        let lockPath = directory.appendingPathComponent("progress.lock").path
        let lockFD = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockFD >= 0 else { throw .directory(path: path, reason: Message(.storeCannotOpenLock, ["lock": .text(lockPath), "reason": .errno(errno)])) }
        defer { Glibc.close(lockFD) }
        while flock(lockFD, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .directory(path: path, reason: Message(.storeCannotLock, ["lock": .text(lockPath), "reason": .errno(errno)])) }
        }

        do {
            return (ProgressStore(path: path, database: try connect(path: path)), nil)
        } catch let damage as Damage {
            let aside = try moveAside(path)
            let warning = Message(.storeMovedAside, ["path": .text(path), "reason": .message(damage.reason), "aside": .text(aside)])
            do {
                return (ProgressStore(path: path, database: try connect(path: path)), warning)
            } catch let again as Damage {
                throw .database(path: path, message: .message(Message(.storeFreshAlsoDamaged, ["reason": .message(again.reason)])))
            } catch let error as ProgressError {
                throw error
            } catch {
                throw .database(path: path, message: .text("\(error)"))
            }
        } catch let error as ProgressError {
            throw error
        } catch {
            throw .database(path: path, message: .text("\(error)"))
        }
    }

    /// Runs `body` on the connection, one caller at a time; SQLite's errors become ProgressError.
    @discardableResult
    func access<T>(_ body: (SQLiteDatabase) throws -> T) throws(ProgressError) -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            return try body(database)
        } catch let error as SQLiteError {
            throw .database(path: path, message: .text(error.message))
        } catch {
            throw .database(path: path, message: .text("\(error)"))
        }
    }
}

/// Why an existing file cannot be used as the store (it will be moved aside).
struct Damage: Error {
    var reason: Message
    init(_ reason: CommandProblem, _ values: [String: Message.Value] = [:]) { self.reason = Message(reason, values) }
}

