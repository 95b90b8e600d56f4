import Foundation
import Progress
import Testing

/// `sockettutor progress`: the report, --export, --reset, on a private SOCKETTUTOR_HOME each.
@Suite(.serialized) struct ProgressCLITests {
    let cli = CLITests()

    func withHome<R>(_ body: (URL) throws -> R) throws -> R {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("st-progress-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        return try body(home)
    }

    /// Some progress in two lessons and the final quiz.
    func seed(_ home: URL) throws {
        let (store, _) = try ProgressStore.open(directory: home)
        try store.markCompleted(lesson: "layers")
        try store.recordScore(quiz: "layers", score: 5, total: 6)
        try store.recordScore(quiz: "layers", score: 3, total: 6)
        try store.setStepReached(lesson: "tcp-workflow", index: 4, stepID: "server-accept")
        try store.recordScore(quiz: "final", score: 12, total: 20)
        for (i, lesson) in ["layers", "layers", "tcp-workflow"].enumerated() {
            try store.record(AnswerRecord(questionID: "\(lesson)/q\(i)", lessonID: lesson, answer: "2", correct: i != 1,
                                          milliseconds: 900, kind: .quiz))
        }
    }

    func answers(_ home: URL) throws -> [String] {
        try ProgressStore.open(directory: home).store.answers().map(\.questionID)
    }

    @Test func progressOnAnEmptyStoreListsEveryLessonNotStarted() throws {
        try withHome { home in
            let r = try cli.run(["progress"], environment: ["SOCKETTUTOR_HOME": home.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.isEmpty)
            #expect(r.lines.first == "Progress (\(home.path)/progress.sqlite)", "the store lives directly in SOCKETTUTOR_HOME")
            #expect(r.lines.filter { $0.hasSuffix("not started") }.count == Course.ids.count)
            #expect(r.lines[2].hasPrefix(" 1  client-server"))
            #expect(r.stdout.contains("Final quiz: not taken yet"))
            #expect(r.stdout.contains("Review: nothing to review yet"))
        }
    }

    @Test func progressShowsCompletionTheStepReachedScoresAndReview() throws {
        try withHome { home in
            try seed(home)
            let r = try cli.run(["progress"], environment: ["SOCKETTUTOR_HOME": home.path])
            #expect(r.status == 0, "\(r.stderr)")
            let layers = try #require(r.lines.first { $0.hasPrefix(Course.row("layers")) })
            #expect(layers.contains("completed ") && layers.hasSuffix("quiz 3/6 (best 5/6)"), "\(layers)")
            let tcp = try #require(r.lines.first { $0.hasPrefix(Course.row("tcp-workflow")) })
            #expect(tcp.hasSuffix("at step 5 (server-accept)"), "\(tcp)")
            #expect(r.stdout.contains("Final quiz: quiz 12/20"))
            // Just answered: the earliest comes back tomorrow (the wrong one), none due now.
            #expect(r.stdout.contains("Review: nothing due now; the next question is due "), "\(r.stdout)")
        }
    }

    @Test func exportWritesEverythingAsJSONThatParsesBack() throws {
        try withHome { home in
            try seed(home)
            let out = home.appendingPathComponent("mine.json").path
            let r = try cli.run(["progress", "--export", out], environment: ["SOCKETTUTOR_HOME": home.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "\(out): 3 answers, 3 quiz scores (format: docs/progress-format.md)\n")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
            #expect(json["format"] as? String == "sockettutor-progress")
            #expect((json["answers"] as? [[String: Any]])?.map { $0["question"] as? String } == ["layers/q0", "layers/q1", "tcp-workflow/q2"])
            #expect((json["lessons"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test func resetOfOneLessonWithYesForgetsOnlyThatLesson() throws {
        try withHome { home in
            try seed(home)
            let r = try cli.run(["progress", "--reset", "layers", "--yes"], environment: ["SOCKETTUTOR_HOME": home.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "Reset the progress of 'layers': 2 answers forgotten.\n")
            #expect(try answers(home) == ["tcp-workflow/q2"])
            let after = try cli.run(["progress"], environment: ["SOCKETTUTOR_HOME": home.path])
            #expect(after.lines.first { $0.hasPrefix(Course.row("layers")) }?.hasSuffix("not started") == true)
            #expect(after.lines.first { $0.hasPrefix(Course.row("tcp-workflow")) }?.hasSuffix("at step 5 (server-accept)") == true)
        }
    }

    @Test func resetWithoutATerminalAndWithoutYesRefusesAndKeepsEverything() throws {
        try withHome { home in
            try seed(home)
            for arguments in [["progress", "--reset"], ["progress", "--reset", "layers"]] {
                let r = try cli.run(arguments, environment: ["SOCKETTUTOR_HOME": home.path])
                #expect(r.status == 64, "\(arguments): \(r.status)")
                #expect(r.stderr.contains("standard input is not a terminal to confirm on; add --yes"), "\(r.stderr)")
                #expect(try answers(home).count == 3, "\(arguments): nothing deleted")
            }
        }
    }

    @Test(.enabled(if: Tmux.available, "needs tmux"))
    func resetOnATerminalAsksAndOnlyYesForgets() throws {
        try withHome { home in
            try seed(home)
            for (reply, kept) in [("n", 3), ("y", 1)] {
                let tmux = try Tmux([CLITests.binary.path, "progress", "--reset", "layers"], environment: ["SOCKETTUTOR_HOME": home.path])
                _ = try tmux.waitFor(text: "Forget the progress of 'layers' (2 answers) in \(home.path)/progress.sqlite? [y/N]")
                try tmux.send(reply, "Enter")
                #expect(tmux.exitStatus() == 0, "\(reply)")
                #expect(try tmux.screen().contains(reply == "y" ? "Reset the progress of 'layers'" : "Nothing was reset."), "\(reply)")
                #expect(try answers(home).count == kept, "\(reply)")
            }
        }
    }

    @Test func anUnknownLessonOrAnIDWithoutResetIsAUsageError() throws {
        try withHome { home in
            let unknown = try cli.run(["progress", "--reset", "tcp-wrokflow", "--yes"], environment: ["SOCKETTUTOR_HOME": home.path])
            #expect(unknown.status == 64)
            #expect(unknown.stderr.contains("unknown lesson 'tcp-wrokflow'"), "\(unknown.stderr)")
            let bare = try cli.run(["progress", "layers"], environment: ["SOCKETTUTOR_HOME": home.path])
            #expect(bare.status == 64)
            #expect(bare.stderr.contains("a lesson id is taken only with --reset"), "\(bare.stderr)")
        }
    }

    @Test func aDamagedStoreIsNamedOnStderrAndProgressGoesOn() throws {
        try withHome { home in
            let path = home.appendingPathComponent("progress.sqlite").path
            try Data("not a database\n".utf8).write(to: URL(fileURLWithPath: path))
            let r = try cli.run(["progress"], environment: ["SOCKETTUTOR_HOME": home.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.hasPrefix("sockettutor: warning: progress store \(path) is not a readable SQLite database"), "\(r.stderr)")
            #expect(r.stderr.contains("moved it to \(path).damaged-"), "\(r.stderr)")
            let aside = try FileManager.default.contentsOfDirectory(atPath: home.path).filter { $0.hasPrefix("progress.sqlite.damaged-") }
            #expect(aside.count == 1)
            #expect(FileManager.default.contents(atPath: home.appendingPathComponent(aside[0]).path) == Data("not a database\n".utf8))
            #expect(r.stdout.contains("not started"))
        }
    }

    @Test func aStoreThatCannotBeMadeIsAnErrorNamingTheFile() throws {
        try withHome { home in
            let notADirectory = home.appendingPathComponent("file")
            try Data("x".utf8).write(to: notADirectory)
            let r = try cli.run(["progress"], environment: ["SOCKETTUTOR_HOME": notADirectory.path])
            #expect(r.status == 1)
            #expect(r.stderr.contains("progress store \(notADirectory.path)/progress.sqlite: cannot create its directory"), "\(r.stderr)")
            #expect(FileManager.default.contents(atPath: notADirectory.path) == Data("x".utf8), "nothing moved or replaced")
        }
    }

    @Test func listNeverOpensTheStore() throws {
        try withHome { home in
            let r = try cli.run(["list"], environment: ["SOCKETTUTOR_HOME": home.path])
            #expect(r.status == 0)
            #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("progress.sqlite").path))
        }
    }
}
