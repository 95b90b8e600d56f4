import Foundation
import Progress
import Testing
import Tutor

/// `sockettutor quiz` in plain text, answers piped in, each run with a private store.
@Suite(.serialized) struct QuizCLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary with `input` on stdin and SOCKETTUTOR_HOME at `home`.
    func run(_ arguments: [String], input: String, home: URL, seed: UInt64 = 7) throws -> Run {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env.removeValue(forKey: "LC_ALL")
        env["SOCKETTUTOR_HOME"] = home.path
        env["SOCKETTUTOR_QUIZ_SEED"] = String(seed)
        process.environment = env
        let stdin = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Small enough for the pipe's buffer: written whole, then closed (end of input).
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    func withHome<R>(_ body: (URL) throws -> R) throws -> R {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("st-quiz-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        return try body(home)
    }

    /// The layers quiz opens with its order question (Application, Transport, Network, Link):
    /// with the seed the binary is given, its items are shown in this shuffle, and the
    /// right answer is typed as the shown numbers of the items in the right order.
    func rightOrderTyped(seed: UInt64 = 7) -> String {
        var generator = SeededGenerator(seed: seed)
        let shown = TypedAnswer.shuffledOrder(count: 4, using: &generator)
        return (0..<4).map { String(shown.firstIndex(of: $0)! + 1) }.joined(separator: " ")
    }

    @Test func aPlainQuizTakesPipedAnswersAsksJunkAgainRetriesTheMissedOneAndKeepsEverything() throws {
        try withHome { home in
            let input = ["junk", rightOrderTyped(),          // order: junk, then right
                         "1 3",                                  // multiple: wrong (TCP and IP)
                         "9", "1",                               // single: out of range, then right
                         "maybe", "f",                           // true/false
                         "1",                                    // single
                         "  SEVEN ",                             // fill-in, forgiving spelling
                         "1",                                    // single
                         "1,2"].joined(separator: "\n") + "\n"   // the missed multiple, asked again
            let r = try run(["quiz", "layers", "--plain"], input: input, home: home)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("Type the numbers 1 to 4 in the right order, each once (e.g. 4 3 2 1)."))
            #expect(r.stdout.contains("Type a number from 1 to 3."))
            #expect(r.stdout.contains("Type t for true or f for false."))
            #expect(r.stdout.contains("Wrong. The answers: 1) TCP; 2) UDP"))
            #expect(r.stdout.contains("Question 8 of 8 (asked again) [layers/transport-protocols]"))
            #expect(r.stdout.contains("Score: 6/7"))
            #expect(!r.stdout.contains("┌") && !r.stdout.contains("│"))
            let store = try ProgressStore.open(directory: home).store
            let answers = try store.answers()
            #expect(answers.count == 8)
            #expect(answers.allSatisfy { $0.kind == .quiz && $0.lessonID == "layers" && $0.milliseconds >= 0 })
            #expect(answers.map(\.correct) == [true, false, true, true, true, true, true, true])
            #expect(answers.first { $0.questionID == "layers/osi-layer-count" }?.answer == "SEVEN")
            #expect(answers.last?.questionID == "layers/transport-protocols" && answers.last?.answer == "a,b")
            #expect(try store.scores().map { "\($0.quiz) \($0.score)/\($0.total)" } == ["layers 6/7"])
            // The same answers through the learner's own export.
            let export = try CLITests().run(["progress", "--export", "-"], environment: ["SOCKETTUTOR_HOME": home.path])
            #expect(export.stdout.contains("layers/osi-layer-count"))
        }
    }

    @Test func endOfInputMidQuizEndsItAndKeepsTheAnswersGiven() throws {
        try withHome { home in
            let r = try run(["quiz", "layers"], input: rightOrderTyped() + "\n1 2\n", home: home)
            #expect(r.status == 0)
            #expect(r.stdout.contains("End of input: the quiz stops here. 2 answers kept."))
            #expect(!r.stdout.contains("Score:"))
            let store = try ProgressStore.open(directory: home).store
            #expect(try store.answers().map(\.questionID) == ["layers/tcp-ip-layers", "layers/transport-protocols"])
            #expect(try store.answers().allSatisfy(\.correct))
            #expect(try store.scores().isEmpty)
        }
    }

    @Test func anUnknownLessonFailsNamingIt() throws {
        try withHome { home in
            let r = try run(["quiz", "nosuchlesson"], input: "", home: home)
            #expect(r.status == 64)
            #expect(r.stderr.contains("unknown lesson 'nosuchlesson'"))
            #expect(r.stderr.contains("layers"))
            #expect(r.stderr.contains("Usage: sockettutor quiz [<id>]"), "\(r.stderr)")
        }
    }

    @Test func reviewWithNothingDueSaysSo() throws {
        try withHome { home in
            let r = try run(["quiz", "--review"], input: "", home: home)
            #expect(r.status == 0)
            #expect(r.stdout.contains("No questions are due for review."))
        }
    }

    @Test func reviewAsksTheDueQuestionsThatStillExistAndLogsThemAsReview() throws {
        try withHome { home in
            let (store, _) = try ProgressStore.open(directory: home)
            let twoDaysAgo = Date().addingTimeInterval(-2 * 86_400)
            for id in ["layers/socket-place", "gone/removed-question", "layers/no-such-question"] {
                try store.record(AnswerRecord(questionID: id, lessonID: String(id.split(separator: "/")[0]), answeredAt: twoDaysAgo,
                                              answer: "b", correct: false, milliseconds: 500, kind: .quiz))
            }
            let r = try run(["quiz", "--review", "--plain"], input: "1\n", home: home)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("Question 1 of 1 [layers/socket-place]"))
            #expect(r.stdout.contains("Score: 1/1"))
            let review = try store.answers().filter { $0.kind == .review }
            #expect(review.map(\.questionID) == ["layers/socket-place"] && review.first?.correct == true)
            #expect(try store.scores().isEmpty)
        }
    }

    @Test func theFinalQuizDrawsTwelveQuestionsFromTheLessons() throws {
        try withHome { home in
            // Two questions of each lesson of the course. Only the draw is checked here: "1" is
            // not an answer to every kind, so the run may end at end of input.
            let r = try run(["quiz"], input: "1\n1\n", home: home)
            #expect(r.status == 0)
            let lessons = Set(PythonTruthTests.courseIDs)
            #expect(r.stdout.contains("Question 1 of \(2 * lessons.count) ["))
            #expect(try ProgressStore.open(directory: home).store.answers().allSatisfy { lessons.contains($0.lessonID) })
        }
    }
}
