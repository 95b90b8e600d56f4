import CSQLite
import Foundation

/// A value bound to or read from an SQL statement.
enum SQLiteValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case text(String)

    var int: Int64? { if case .integer(let v) = self { return v } else { return nil } }
    var string: String? { if case .text(let v) = self { return v } else { return nil } }
}

/// A failed SQLite call: the primary result code and SQLite's own message.
struct SQLiteError: Error, CustomStringConvertible {
    var code: Int32
    var message: String
    var description: String { message }

    /// The file is not a database, or its pages do not hold together: damage, not a
    /// passing condition (busy, permissions, a full disk) that moving the file would hide.
    var isDamage: Bool { [SQLITE_NOTADB, SQLITE_CORRUPT, SQLITE_FORMAT].contains(code) }
    var isCannotOpen: Bool { code == SQLITE_CANTOPEN }
}

/// One connection to one SQLite file: the only code that calls SQLite's C API.
/// Not thread-safe by itself; ProgressStore serializes its use.
final class SQLiteDatabase {
    /// Once per process, before the first open: SQLite's descriptors at 900 and above.
    static let descriptorsHigh: Int32 = csqlite_open_descriptors_high()

    private var handle: OpaquePointer?

    /// Opens (creating) the file; waits up to `busyTimeout` ms whenever another process
    /// holds the lock, instead of failing with SQLITE_BUSY at once.
    init(path: String, busyTimeout: Int32) throws(SQLiteError) {
        var db: OpaquePointer?
        _ = Self.descriptorsHigh
        let status = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close_v2(db)
            throw SQLiteError(code: status & 0xff, message: message)
        }
        handle = db
        sqlite3_busy_timeout(db, busyTimeout)
    }

    deinit { close() }

    /// Whether closing the last connection checkpoints the WAL into the file and deletes it
    /// (SQLite's default). Off while a file is only being looked at.
    func setCheckpointOnClose(_ on: Bool) {
        _ = csqlite_checkpoint_on_close(handle, on ? 1 : 0)
    }

    func close() {
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    private func failure(_ status: Int32) -> SQLiteError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
        return SQLiteError(code: status & 0xff, message: message)
    }

    /// Runs one statement with its bindings and returns every row it produced.
    @discardableResult
    func rows(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
        var statement: OpaquePointer?
        let prepared = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard prepared == SQLITE_OK, let statement else { throw failure(prepared) }
        defer { sqlite3_finalize(statement) }
        for (index, value) in bindings.enumerated() {
            let position = Int32(index + 1)
            let bound: Int32
            switch value {
            case .null: bound = sqlite3_bind_null(statement, position)
            case .integer(let v): bound = sqlite3_bind_int64(statement, position, v)
            case .text(let v): bound = sqlite3_bind_text(statement, position, v, -1, csqlite_transient())
            }
            guard bound == SQLITE_OK else { throw failure(bound) }
        }
        var result: [[SQLiteValue]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { return result }
            guard step == SQLITE_ROW else { throw failure(step) }
            result.append((0..<sqlite3_column_count(statement)).map { column in
                switch sqlite3_column_type(statement, column) {
                case SQLITE_NULL: return .null
                case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
                default: return .text(sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "")
                }
            })
        }
    }

    /// The first column of the first row, for pragmas and counts.
    func value(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> SQLiteValue {
        try rows(sql, bindings).first?.first ?? .null
    }

    /// Several statements without bindings (a schema).
    func execute(_ sql: String) throws(SQLiteError) {
        let status = sqlite3_exec(handle, sql, nil, nil, nil)
        guard status == SQLITE_OK else { throw failure(status) }
    }

    /// `body` inside BEGIN IMMEDIATE … COMMIT: the write lock is taken at the start (waiting
    /// through busy_timeout), so two writers never deadlock upgrading a read; any error rolls back.
    @discardableResult
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}
