import Foundation
import Progress
import Testing

/// Every write the store offers comes back the same after closing and reopening it.
@Suite(.serialized) struct ProgressStoreTests {
    let t0 = Date(timeIntervalSince1970: 1_796_000_000.125)

    func answer(_ question: String, lesson: String, correct: Bool = true, at offset: TimeInterval = 0,
                kind: AnswerRecord.Kind = .quiz) -> AnswerRecord {
        AnswerRecord(questionID: "\(lesson)/\(question)", lessonID: lesson, answeredAt: t0.addingTimeInterval(offset),
                     answer: "answer to \(question) — 答案", correct: correct, milliseconds: 1234, kind: kind)
    }

    @Test func everyWriteReadsBackAfterReopening() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let answers = [answer("q-accept-blocks", lesson: "tcp-workflow", kind: .predict),
                       answer("q-backlog", lesson: "backlog", correct: false, at: 1, kind: .review),
                       answer("q-order", lesson: "tcp-workflow", at: 2)]
        do {
            let (store, warning) = try ProgressStore.open(directory: dir.url)
            #expect(warning == nil)
            for a in answers { try store.record(a) }
            try store.setStepReached(lesson: "tcp-workflow", index: 4, stepID: "server-accept", at: t0)
            try store.setStepReached(lesson: "tcp-workflow", index: 6, stepID: "client-send", at: t0.addingTimeInterval(5))
            try store.markCompleted(lesson: "layers", at: t0)
            try store.markCompleted(lesson: "layers", at: t0.addingTimeInterval(99))
            try store.recordScore(quiz: "layers", score: 5, total: 6, at: t0)
            try store.recordScore(quiz: "layers", score: 3, total: 6, at: t0.addingTimeInterval(10))
            try store.recordScore(quiz: "final", score: 12, total: 20, at: t0.addingTimeInterval(20))
            try store.setSetting("language", "zh")
        }
        let (store, warning) = try ProgressStore.open(directory: dir.url)
        #expect(warning == nil)
        #expect(try store.answers() == answers)
        #expect(try store.answers(lesson: "backlog") == [answers[1]])
        #expect(try store.setting("language") == "zh")
        #expect(try store.setting("missing") == nil)
        try store.setSetting("language", nil)
        #expect(try store.setting("language") == nil)

        let summary = try store.summary()
        let tcp = try #require(summary["tcp-workflow"])
        #expect(tcp.step?.index == 6 && tcp.step?.stepID == "client-send", "the latest step reached is kept")
        #expect(tcp.answers == 2 && !tcp.isCompleted)
        let layers = try #require(summary["layers"])
        #expect(layers.completedAt == t0, "the first completion's time is kept, to the millisecond")
        #expect(layers.bestScore?.score == 5 && layers.lastScore?.score == 3)
        #expect(summary["final"]?.bestScore == QuizScore(quiz: "final", score: 12, total: 20, takenAt: t0.addingTimeInterval(20)))
        #expect(summary["client-server"] == nil)
    }

    @Test func resettingOneLessonLeavesTheOthersAndTheSettings() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (store, _) = try ProgressStore.open(directory: dir.url)
        for lesson in ["layers", "backlog"] {
            try store.record(answer("q1", lesson: lesson))
            try store.markCompleted(lesson: lesson)
            try store.setStepReached(lesson: lesson, index: 2, stepID: "s2")
            try store.recordScore(quiz: lesson, score: 1, total: 2)
        }
        try store.setSetting("language", "en")
        try store.reset(lesson: "layers")
        let summary = try store.summary()
        #expect(summary["layers"] == nil)
        #expect(summary["backlog"]?.isCompleted == true && summary["backlog"]?.answers == 1 && summary["backlog"]?.bestScore != nil)
        #expect(try store.answers().map(\.lessonID) == ["backlog"])
        try store.reset(lesson: nil)
        #expect(try store.summary().isEmpty && store.answers().isEmpty)
        #expect(try store.setting("language") == "en", "settings are not progress")
    }

    @Test func theExportParsesBackWithEverythingKept() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (store, _) = try ProgressStore.open(directory: dir.url)
        try store.record(answer("q-accept-blocks", lesson: "tcp-workflow", correct: false, kind: .predict))
        try store.setStepReached(lesson: "tcp-workflow", index: 3, stepID: "server-accept", at: t0)
        try store.markCompleted(lesson: "layers", at: t0)
        try store.recordScore(quiz: "final", score: 7, total: 9, at: t0)
        try store.setSetting("language", "zh")
        let json = try #require(try JSONSerialization.jsonObject(with: store.exportJSON(now: t0)) as? [String: Any])
        #expect(json["format"] as? String == "sockettutor-progress" && json["version"] as? Int == 1)
        #expect(json["exported_at"] as? String == "2026-11-30T00:53:20.125Z")
        let lessons = try #require(json["lessons"] as? [[String: Any]])
        #expect(lessons.map { $0["id"] as? String } == ["layers", "tcp-workflow"])
        #expect(lessons[0]["completed_at"] as? String == "2026-11-30T00:53:20.125Z")
        #expect(lessons[1]["completed_at"] is NSNull)
        let step = try #require(lessons[1]["step_reached"] as? [String: Any])
        #expect(step["index"] as? Int == 3 && step["step_id"] as? String == "server-accept")
        let answers = try #require(json["answers"] as? [[String: Any]])
        #expect(answers.count == 1)
        #expect(answers[0]["question"] as? String == "tcp-workflow/q-accept-blocks")
        #expect(answers[0]["answer"] as? String == "answer to q-accept-blocks — 答案")
        #expect(answers[0]["correct"] as? Bool == false && answers[0]["kind"] as? String == "predict")
        #expect(answers[0]["milliseconds"] as? Int == 1234)
        let scores = try #require(json["quiz_scores"] as? [[String: Any]])
        #expect(scores.first?["quiz"] as? String == "final" && scores.first?["score"] as? Int == 7 && scores.first?["total"] as? Int == 9)
        #expect((json["settings"] as? [String: String]) == ["language": "zh"])
    }

    @Test(arguments: [
        (["SOCKETTUTOR_HOME": "/h/st", "XDG_DATA_HOME": "/x", "HOME": "/home/u"], "/h/st"),
        (["XDG_DATA_HOME": "/x", "HOME": "/home/u"], "/x/sockettutor"),
        (["XDG_DATA_HOME": "relative/x", "HOME": "/home/u"], "/home/u/.local/share/sockettutor"),
        (["HOME": "/home/u"], "/home/u/.local/share/sockettutor"),
    ])
    func theStoreLivesWhereTheEnvironmentSays(environment: [String: String], directory: String) {
        #expect(ProgressStore.standardDirectory(environment: environment).path == directory)
    }

    @Test func anEmptyFileIsMigratedIntoAStoreNotMovedAside() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // SQLite reads a 0-byte file as an empty database at user_version 0: migration 0 → 1.
        _ = FileManager.default.createFile(atPath: dir.url.appendingPathComponent("progress.sqlite").path, contents: Data())
        let (store, warning) = try ProgressStore.open(directory: dir.url)
        #expect(warning == nil)
        try store.markCompleted(lesson: "layers")
        #expect(try store.summary()["layers"]?.isCompleted == true)
        #expect(dir.contents().filter { $0.contains("damaged") }.isEmpty)
    }

    /// The example in docs/progress-format.md is what the export writes: same keys, same types.
    @Test func theFormatDocumentsExampleHasTheExportsShape() throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/progress-format.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        let start = try #require(text.range(of: "```json\n")), end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
        let example = try #require(try JSONSerialization.jsonObject(with: Data(text[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])

        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (store, _) = try ProgressStore.open(directory: dir.url)
        try store.record(answer("q", lesson: "tcp-workflow", kind: .predict))
        try store.markCompleted(lesson: "layers")
        try store.setStepReached(lesson: "tcp-workflow", index: 1, stepID: "s")
        try store.recordScore(quiz: "final", score: 1, total: 2)
        try store.setSetting("language", "zh")
        let real = try #require(try JSONSerialization.jsonObject(with: store.exportJSON()) as? [String: Any])

        func shape(_ value: Any) -> String {
            switch value {
            case let object as [String: Any]:
                return "{" + object.keys.sorted().map { "\($0):\(object[$0] is NSNull ? "null|object" : shape(object[$0]!))" }.joined(separator: ",") + "}"
            case let array as [Any]: return "[" + (array.first.map(shape) ?? "") + "]"
            case is String: return "string"
            case is NSNumber: return "number"
            default: return "?"
            }
        }
        #expect(shape(example) == shape(real))
    }

    @Test func aStoreIsCreatedWithItsDirectoryAndIsPrivate() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let nested = dir.url.appendingPathComponent("a/b")
        let (store, _) = try ProgressStore.open(directory: nested)
        #expect(store.path == nested.appendingPathComponent("progress.sqlite").path)
        let attributes = try FileManager.default.attributesOfItem(atPath: nested.path)
        #expect(attributes[.posixPermissions] as? Int == 0o700)
    }
}
