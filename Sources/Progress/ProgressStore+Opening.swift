import Catalogue
import Foundation
import Glibc

extension ProgressStore {
    /// Opens the file and proves it is a sound store of a version we know, then migrates it.
    /// Throws Damage for a file to move aside; ProgressError for anything moving would not fix
    /// (busy past the timeout, permissions on the directory, a full disk).
    static func connect(path: String) throws -> SQLiteDatabase {
        var status = stat()
        let existed = stat(path, &status) == 0
        if existed, status.st_mode & S_IFMT != S_IFREG {
            throw Damage(status.st_mode & S_IFMT == S_IFDIR ? .damageDirectory : .damageNotRegular)
        }
        let database: SQLiteDatabase
        do {
            database = try SQLiteDatabase(path: path, busyTimeout: busyTimeoutMilliseconds)
        } catch {
            if existed, error.isDamage || error.isCannotOpen { throw Damage(.damageCannotOpen, ["reason": .text(error.message)]) }
            throw ProgressError.database(path: path, message: .text(error.message))
        }
        do {
            // Nothing is written until the file is judged sound, not even by closing.
            database.setCheckpointOnClose(false)
            try check(database)
            database.setCheckpointOnClose(true)
            // WAL: readers never wait for the writer and a commit is one append. FULL: the
            // WAL is synced at every commit, so even a power cut keeps a confirmed answer;
            // answers come seconds apart, so the sync costs nothing a learner notices.
            _ = try database.value("PRAGMA journal_mode = WAL")
            try database.execute("PRAGMA synchronous = FULL")
            if try migrate(database) { try checkTables(database) }
            return database
        } catch let error as SQLiteError where error.isDamage {
            throw Damage(.damageNotSQLite, ["reason": .text(error.message)])
        } catch let error as SQLiteError {
            throw ProgressError.database(path: path, message: .text(error.message))
        }
    }

    /// Reads only: the header's marks and SQLite's quick_check (cheap on a store this size).
    private static func check(_ database: SQLiteDatabase) throws {
        let version = try database.value("PRAGMA user_version").int ?? 0
        let application = try database.value("PRAGMA application_id").int ?? 0
        if application != 0, application != ProgressSchema.applicationID {
            throw Damage(.damageOtherProgram, ["id": .of(application)])
        }
        if version > ProgressSchema.version {
            throw Damage(.damageNewer, ["version": .of(version), "readable": .of(ProgressSchema.version)])
        }
        let verdict = try database.rows("PRAGMA quick_check").compactMap { $0.first?.string }
        if verdict != ["ok"] {
            throw Damage(.damageQuickCheck, ["verdict": verdict.first.map { .text($0) } ?? .message(Message(.noAnswer))])
        }
        if version == 0, try database.value("SELECT count(*) FROM sqlite_master").int != 0 {
            throw Damage(.damageForeignTables)
        }
        if version == ProgressSchema.version { try checkTables(database) }
    }

    /// Applies the migrations the file has not had, in one transaction; true if it did.
    private static func migrate(_ database: SQLiteDatabase) throws -> Bool {
        try database.transaction {
            let current = try database.value("PRAGMA user_version").int ?? 0
            guard current < ProgressSchema.version else { return false }
            for step in Int(current)..<ProgressSchema.migrations.count {
                try database.execute(ProgressSchema.migrations[step])
            }
            try database.execute("PRAGMA application_id = \(ProgressSchema.applicationID); PRAGMA user_version = \(ProgressSchema.version)")
            return true
        }
    }

    /// A store that claims our version must have our tables and columns.
    private static func checkTables(_ database: SQLiteDatabase) throws {
        for (table, columns) in ProgressSchema.expectedColumns.sorted(by: { $0.key < $1.key }) {
            let found = Set(try database.rows("PRAGMA table_info(\(table))").compactMap { $0.count > 1 ? $0[1].string : nil })
            if !columns.isSubset(of: found) {
                throw Damage(.damageMissingTable, ["table": .text(table)])
            }
        }
    }

    /// Renames the file (then its -wal, -shm and -journal, which belong to it) to
    /// `progress.sqlite.damaged-<UTC time>` beside it; returns the new path.
    static func moveAside(_ path: String) throws(ProgressError) -> String {
        func exists(_ p: String) -> Bool { var s = stat(); return lstat(p, &s) == 0 }
        let stamp = UTCTime.text(Date(), compact: true)
        var target = "\(path).damaged-\(stamp)"
        var n = 1
        while exists(target) || exists(target + "-wal") {
            n += 1
            target = "\(path).damaged-\(stamp)-\(n)"
        }
        guard rename(path, target) == 0 else { throw .cannotMoveAside(path: path, reason: .errno(errno)) }
        // A WAL left behind would be replayed into the fresh store: it must go with its file.
        for suffix in ["-wal", "-shm", "-journal"] where exists(path + suffix) {
            guard rename(path + suffix, target + suffix) == 0 else {
                throw .cannotMoveAside(path: path + suffix, reason: .errno(errno))
            }
        }
        return target
    }
}
