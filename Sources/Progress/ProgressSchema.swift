/// The store's tables, versioned by `PRAGMA user_version`. To change the schema, append a
/// migration: never edit one that has shipped. Times are whole milliseconds since the epoch (UTC).
enum ProgressSchema {
    /// Marks the file as sockettutor's (`PRAGMA application_id`, 'SoTu'), so another
    /// program's database is recognised as foreign, not migrated into.
    static let applicationID: Int64 = 0x536F_5475

    /// `migrations[n]` takes a store from version n to n + 1.
    static let migrations: [String] = [
        """
        CREATE TABLE lesson_completed (
            lesson TEXT PRIMARY KEY NOT NULL,
            completed_at INTEGER NOT NULL);
        CREATE TABLE step_reached (
            lesson TEXT PRIMARY KEY NOT NULL,
            step_index INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            reached_at INTEGER NOT NULL);
        CREATE TABLE quiz_score (
            id INTEGER PRIMARY KEY,
            quiz TEXT NOT NULL,
            score INTEGER NOT NULL,
            total INTEGER NOT NULL,
            taken_at INTEGER NOT NULL);
        CREATE TABLE answer (
            id INTEGER PRIMARY KEY,
            question TEXT NOT NULL,
            lesson TEXT NOT NULL,
            answered_at INTEGER NOT NULL,
            given TEXT NOT NULL,
            correct INTEGER NOT NULL,
            milliseconds INTEGER NOT NULL,
            kind TEXT NOT NULL);
        CREATE INDEX answer_by_lesson ON answer (lesson);
        CREATE TABLE setting (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL);
        """,
    ]

    static var version: Int64 { Int64(migrations.count) }

    /// The columns each table must have at `version`; a store that lacks one is not ours.
    static let expectedColumns: [String: Set<String>] = [
        "lesson_completed": ["lesson", "completed_at"],
        "step_reached": ["lesson", "step_index", "step_id", "reached_at"],
        "quiz_score": ["id", "quiz", "score", "total", "taken_at"],
        "answer": ["id", "question", "lesson", "answered_at", "given", "correct", "milliseconds", "kind"],
        "setting": ["key", "value"],
    ]
}
