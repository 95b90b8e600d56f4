import Foundation

/// Reading and writing what the store keeps. Each write is one transaction: when the call
/// returns, the write is on disk.
extension ProgressStore {
    /// Adds one answer to the log.
    public func record(_ answer: AnswerRecord) throws(ProgressError) {
        try access { db in
            try db.transaction {
                try db.rows("""
                    INSERT INTO answer (question, lesson, answered_at, given, correct, milliseconds, kind)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, [.text(answer.questionID), .text(answer.lessonID), .integer(UTCTime.milliseconds(answer.answeredAt)),
                          .text(answer.answer), .integer(answer.correct ? 1 : 0), .integer(Int64(answer.milliseconds)),
                          .text(answer.kind.rawValue)])
            }
        }
    }

    /// Remembers the step the learner reached in a lesson (the latest run's, even if earlier).
    /// Kept at every wait of a live lesson, so without an fsync of its own (synchronous =
    /// NORMAL: safe from a crash of the program, not from a power cut, which may lose the
    /// place but nothing else); the next answer's commit syncs it with the rest.
    public func setStepReached(lesson: String, index: Int, stepID: String, at time: Date = Date()) throws(ProgressError) {
        try access { db in
            try db.execute("PRAGMA synchronous = NORMAL")
            defer { try? db.execute("PRAGMA synchronous = FULL") }
            try db.transaction {
                try db.rows("""
                    INSERT INTO step_reached (lesson, step_index, step_id, reached_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (lesson) DO UPDATE SET step_index = excluded.step_index,
                        step_id = excluded.step_id, reached_at = excluded.reached_at
                    """, [.text(lesson), .integer(Int64(index)), .text(stepID), .integer(UTCTime.milliseconds(time))])
            }
        }
    }

    /// Marks a lesson completed; the first completion's time is kept.
    public func markCompleted(lesson: String, at time: Date = Date()) throws(ProgressError) {
        try access { db in
            try db.transaction {
                try db.rows("INSERT OR IGNORE INTO lesson_completed (lesson, completed_at) VALUES (?, ?)",
                            [.text(lesson), .integer(UTCTime.milliseconds(time))])
            }
        }
    }

    /// Keeps a quiz result (every one: best and last are read from them). `quiz`: a lesson id or `final`.
    public func recordScore(quiz: String, score: Int, total: Int, at time: Date = Date()) throws(ProgressError) {
        try access { db in
            try db.transaction {
                try db.rows("INSERT INTO quiz_score (quiz, score, total, taken_at) VALUES (?, ?, ?, ?)",
                            [.text(quiz), .integer(Int64(score)), .integer(Int64(total)), .integer(UTCTime.milliseconds(time))])
            }
        }
    }

    /// The answer log, oldest first; only one lesson's when `lesson` is given.
    public func answers(lesson: String? = nil) throws(ProgressError) -> [AnswerRecord] {
        try access { db in
            let filter = lesson == nil ? "" : "WHERE lesson = ?"
            return try db.rows("""
                SELECT question, lesson, answered_at, given, correct, milliseconds, kind FROM answer \(filter)
                ORDER BY answered_at, id
                """, lesson.map { [.text($0)] } ?? []).map { row in
                AnswerRecord(questionID: row[0].string ?? "", lessonID: row[1].string ?? "",
                             answeredAt: UTCTime.date(milliseconds: row[2].int ?? 0), answer: row[3].string ?? "",
                             correct: row[4].int == 1, milliseconds: Int(row[5].int ?? 0),
                             kind: AnswerRecord.Kind(rawValue: row[6].string ?? "") ?? .quiz)
            }
        }
    }

    /// Every quiz result, oldest first.
    public func scores() throws(ProgressError) -> [QuizScore] {
        try access { db in try Self.scores(db) }
    }

    private static func scores(_ db: SQLiteDatabase) throws -> [QuizScore] {
        try db.rows("SELECT quiz, score, total, taken_at FROM quiz_score ORDER BY taken_at, id").map { row in
            QuizScore(quiz: row[0].string ?? "", score: Int(row[1].int ?? 0), total: Int(row[2].int ?? 0),
                      takenAt: UTCTime.date(milliseconds: row[3].int ?? 0))
        }
    }

    /// What is kept for each lesson (and for `final`), keyed by id. Lessons with nothing kept are absent.
    public func summary() throws(ProgressError) -> [String: LessonProgress] {
        var result: [String: LessonProgress] = [:]
        func edit(_ id: String, _ change: (inout LessonProgress) -> Void) {
            var entry = result[id] ?? LessonProgress(lessonID: id)
            change(&entry)
            result[id] = entry
        }
        // One read transaction: one consistent view even while another process writes.
        let (completed, steps, counts, scores) = try access { db in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            return (try db.rows("SELECT lesson, completed_at FROM lesson_completed"),
                    try db.rows("SELECT lesson, step_index, step_id, reached_at FROM step_reached"),
                    try db.rows("SELECT lesson, count(*) FROM answer GROUP BY lesson"),
                    try Self.scores(db))
        }
        for row in completed {
            edit(row[0].string ?? "") { $0.completedAt = UTCTime.date(milliseconds: row[1].int ?? 0) }
        }
        for row in steps {
            edit(row[0].string ?? "") {
                $0.step = StepReached(index: Int(row[1].int ?? 0), stepID: row[2].string ?? "",
                                      reachedAt: UTCTime.date(milliseconds: row[3].int ?? 0))
            }
        }
        for row in counts { edit(row[0].string ?? "") { $0.answers = Int(row[1].int ?? 0) } }
        for score in scores {
            edit(score.quiz) {
                $0.lastScore = score
                if $0.bestScore.map({ score.isBetter(than: $0) }) ?? true { $0.bestScore = score }
            }
        }
        return result
    }

    /// Forgets one lesson's progress (completion, step, its quiz scores, its answers), or
    /// everyone's when `lesson` is nil; `final` forgets the final quiz's scores. Settings stay.
    public func reset(lesson: String?) throws(ProgressError) {
        try access { db in
            try db.transaction {
                let tables = [("lesson_completed", "lesson"), ("step_reached", "lesson"), ("quiz_score", "quiz"), ("answer", "lesson")]
                for (table, column) in tables {
                    if let lesson {
                        try db.rows("DELETE FROM \(table) WHERE \(column) = ?", [.text(lesson)])
                    } else {
                        try db.rows("DELETE FROM \(table)")
                    }
                }
            }
        }
    }

    /// A setting saved earlier (e.g. `language`), or nil.
    public func setting(_ key: String) throws(ProgressError) -> String? {
        try access { db in try db.value("SELECT value FROM setting WHERE key = ?", [.text(key)]).string }
    }

    /// Saves a setting; nil removes it.
    public func setSetting(_ key: String, _ value: String?) throws(ProgressError) {
        try access { db in
            try db.transaction {
                if let value {
                    try db.rows("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                [.text(key), .text(value)])
                } else {
                    try db.rows("DELETE FROM setting WHERE key = ?", [.text(key)])
                }
            }
        }
    }

    /// Every setting, by key.
    public func settings() throws(ProgressError) -> [String: String] {
        try access { db in
            Dictionary(try db.rows("SELECT key, value FROM setting").map { ($0[0].string ?? "", $0[1].string ?? "") },
                       uniquingKeysWith: { a, _ in a })
        }
    }

    /// The review schedule over the whole answer log.
    public func reviewSchedule() throws(ProgressError) -> ReviewSchedule {
        ReviewSchedule(answers: try answers())
    }
}
