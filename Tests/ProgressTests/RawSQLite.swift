import CSQLite
import Foundation

/// Builds the damaged and foreign stores the damage tests need, straight through SQLite.
enum RawSQLite {
    struct Failure: Error { var message: String }

    static func execute(_ path: String, _ sql: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw Failure(message: "open \(path)") }
        defer { sqlite3_close(db) }
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw Failure(message: String(cString: sqlite3_errmsg(db)))
        }
    }
}
