import Foundation
import Progress
import Testing

/// A store that cannot be used is moved aside, named in the warning, kept byte for byte,
/// and a fresh store works in its place.
@Suite(.serialized) struct StoreDamageTests {
    enum Damage: String, CaseIterable, CustomStringConvertible {
        case junkBytes, junkBytesWithAWAL, truncatedDatabase, foreignSchema, anotherApplication
        case newerUserVersion, ourVersionWithoutOurTables, directoryInItsPlace
        var description: String { rawValue }
    }

    /// Makes `dir/progress.sqlite` damaged in the given way.
    func damage(_ kind: Damage, in dir: TemporaryDirectory) throws {
        let path = dir.url.appendingPathComponent("progress.sqlite").path
        let junk = Data(String(repeating: "this is not a database, but a learner's file all the same\n", count: 80).utf8)
        func realStore(answers: Int) throws {
            let (store, _) = try ProgressStore.open(directory: dir.url)
            for i in 0..<answers {
                try store.record(AnswerRecord(questionID: "q\(i)", lessonID: "layers", answer: String(repeating: "x", count: 200),
                                              correct: true, milliseconds: i, kind: .quiz))
            }
        }
        switch kind {
        case .junkBytes:
            try junk.write(to: URL(fileURLWithPath: path))
        case .junkBytesWithAWAL:
            try junk.write(to: URL(fileURLWithPath: path))
            try junk.write(to: URL(fileURLWithPath: path + "-wal"))
        case .truncatedDatabase:
            try realStore(answers: 400)
            let handle = try #require(FileHandle(forUpdatingAtPath: path))
            let size = try handle.seekToEnd()
            try handle.truncate(atOffset: size / 2 + 100)
            try handle.close()
        case .foreignSchema:
            try RawSQLite.execute(path, "CREATE TABLE notes (title TEXT, body TEXT); INSERT INTO notes VALUES ('mine', 'keep me');")
        case .anotherApplication:
            try RawSQLite.execute(path, "PRAGMA application_id = 42; CREATE TABLE t (x);")
        case .newerUserVersion:
            try realStore(answers: 3)
            try RawSQLite.execute(path, "PRAGMA user_version = 99;")
        case .ourVersionWithoutOurTables:
            try RawSQLite.execute(path, "PRAGMA user_version = 1; CREATE TABLE answer (x);")
        case .directoryInItsPlace:
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            try junk.write(to: URL(fileURLWithPath: path + "/inside"))
        }
    }

    /// Every regular file under the store's name (and its -wal), by name, with its bytes.
    func snapshot(_ dir: TemporaryDirectory, prefix: String) -> [String: Data] {
        var result: [String: Data] = [:]
        for name in dir.contents() where name.hasPrefix(prefix) {
            let path = dir.url.appendingPathComponent(name).path
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let file = isDirectory.boolValue ? path + "/inside" : path
            if let data = FileManager.default.contents(atPath: file) { result[String(name.dropFirst(prefix.count))] = data }
        }
        return result
    }

    @Test(arguments: Damage.allCases)
    func aDamagedStoreIsMovedAsideNamedAndReplacedByAFreshOne(kind: Damage) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try damage(kind, in: dir)
        let before = snapshot(dir, prefix: "progress.sqlite")
        #expect(!before.isEmpty)

        let (store, warning) = try ProgressStore.open(directory: dir.url)
        let text = try #require(warning, "\(kind): no warning")
        let moved = try #require(text.range(of: "moved it to ").map { text[$0.upperBound...] }?
            .components(separatedBy: " and started a fresh one").first, "\(kind): \(text)")
        #expect(moved.hasPrefix(dir.path + "/progress.sqlite.damaged-"), "\(kind): \(text)")
        #expect(text.hasPrefix("progress store \(store.path) "), "\(kind): \(text)")
        #expect(FileManager.default.fileExists(atPath: moved), "\(kind): the moved store is where the warning says")
        let after = snapshot(dir, prefix: moved.components(separatedBy: "/").last!)
        for (suffix, bytes) in before {
            #expect(after[suffix] == bytes, "\(kind): the old bytes of progress.sqlite\(suffix) are kept under the new name")
        }
        // Looking at a WAL-mode file leaves SQLite's index (-shm) and an empty -wal: nothing else.
        for (suffix, bytes) in after where before[suffix] == nil {
            #expect(suffix == "-shm" || (suffix == "-wal" && bytes.isEmpty), "\(kind): unexpected progress.sqlite\(suffix)")
        }

        try store.record(AnswerRecord(questionID: "q", lessonID: "layers", answer: "a", correct: true, milliseconds: 1, kind: .quiz))
        #expect(try store.answers().map(\.questionID) == ["q"], "\(kind): the fresh store works")
        let (again, secondWarning) = try ProgressStore.open(directory: dir.url)
        #expect(secondWarning == nil, "\(kind): the fresh store is sound")
        #expect(try again.answers().count == 1)
    }

    @Test func theWarningSaysWhyForANewerVersion() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try damage(.newerUserVersion, in: dir)
        let (_, warning) = try ProgressStore.open(directory: dir.url)
        #expect(warning?.contains("was written by a newer sockettutor (schema version 99; this one reads up to 1)") == true, "\(warning ?? "")")
    }
}
