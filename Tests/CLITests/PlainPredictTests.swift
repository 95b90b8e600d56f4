import Foundation
import Progress
import Testing

/// The plain lesson's predict-the-result questions and the progress it keeps.
@Suite(.serialized) struct PlainPredictTests {
    let cli = CLITests()

    func withHome<R>(_ body: (URL) throws -> R) throws -> R {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("st-predict-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        return try body(home)
    }

    /// On a terminal: Enter through the first steps until the question before
    /// `send-on-listener` comes; a hint, junk, then the right prediction, shown beside what
    /// the send really did and kept as `.predict`; the step reached is kept too.
    @Test(.enabled(if: Tmux.available, "needs tmux"))
    func aPredictionIsAskedBeforeItsStepShownBesideTheRealResultAndKept() throws {
        try withHome { home in
            let tmux = try Tmux([CLITests.binary.path, "learn", "tcp-workflow", "--plain"], rows: 40,
                                environment: ["SOCKETTUTOR_HOME": home.path])
            let deadline = Date().addingTimeInterval(20)
            var screen = ""
            // Extra Enters are harmless: one pressed ahead is dropped when the question comes,
            // one after it is asked again.
            while Date() < deadline {
                screen = try tmux.screen()
                if screen.contains("Your prediction") { break }
                if screen.hasSuffixLine("[Enter: next step · Ctrl-D: leave]") { try tmux.send("Enter") }
                usleep(150_000)
            }
            #expect(screen.contains("Predict: what will the next step do?"))
            #expect(screen.contains("  2) fails with EPIPE (BrokenPipeError)"))
            #expect(!screen.contains("send(3, \"hello?\""))   // the step has not run
            try tmux.send("h", "Enter")
            _ = try tmux.waitFor(text: "Hint: Is there anyone on the other end of a listening socket?")
            try tmux.send("x", "Enter")
            _ = try tmux.waitFor(text: "Type a number from 1 to 4, or h for a hint.")
            try tmux.send("2", "Enter")
            _ = try tmux.waitFor(text: "You predicted: fails with EPIPE (BrokenPipeError) — it failed with EPIPE: right")
            try tmux.send("C-d")
            #expect(tmux.exitStatus() == 0)
            let store = try ProgressStore.open(directory: home).store
            let answers = try store.answers()
            #expect(answers.map(\.questionID) == ["tcp-workflow/predict-send-on-listener"])
            #expect(answers.first?.kind == .predict && answers.first?.correct == true && answers.first?.answer == "b")
            let progress = try store.summary()["tcp-workflow"]
            #expect(progress?.step?.stepID == "send-on-listener" && progress?.isCompleted == false)
        }
    }

    /// A wrong prediction is scored against what the kernel did, and Ctrl-D at the next
    /// question (before server-accept) leaves the lesson with the answer kept.
    @Test(.enabled(if: Tmux.available, "needs tmux"))
    func aWrongPredictionIsShownWrongAndCtrlDAtAQuestionLeaves() throws {
        try withHome { home in
            let tmux = try Tmux([CLITests.binary.path, "learn", "tcp-workflow", "--plain", "--no-capture"], rows: 60,
                                environment: ["SOCKETTUTOR_HOME": home.path])
            func enterUntilQuestion(_ count: Int) throws {
                let deadline = Date().addingTimeInterval(20)
                while Date() < deadline {
                    let screen = try tmux.screen()
                    if screen.components(separatedBy: "Your prediction").count > count { return }
                    if screen.hasSuffixLine("[Enter: next step · Ctrl-D: leave]") { try tmux.send("Enter") }
                    usleep(150_000)
                }
                Issue.record("no question came: \(try tmux.screen())")
            }
            try enterUntilQuestion(1)
            try tmux.send("1", "Enter")
            _ = try tmux.waitFor(text: "You predicted: returns 6: the bytes were sent — it failed with EPIPE: wrong")
            try enterUntilQuestion(2)
            #expect(try tmux.screen().contains("No client has connected yet. What will the server's accept() do?"))
            try tmux.send("C-d")
            #expect(tmux.exitStatus() == 0)
            let answers = try ProgressStore.open(directory: home).store.answers()
            #expect(answers.map(\.questionID) == ["tcp-workflow/predict-send-on-listener"])
            #expect(answers.first?.correct == false && answers.first?.answer == "a" && answers.first?.kind == .predict)
        }
    }

    /// From a pipe nothing is asked; the lesson runs to its end and is kept as completed.
    @Test func aPipedLessonAsksNothingAndIsKeptAsCompleted() throws {
        try withHome { home in
            let r = try cli.run(["learn", "tcp-workflow", "--plain"], environment: ["SOCKETTUTOR_HOME": home.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(!r.stdout.contains("Predict:") && !r.stdout.contains("You predicted"))
            #expect(!r.stdout.contains("Take the quiz"))   // stdout is not a terminal
            let store = try ProgressStore.open(directory: home).store
            #expect(try store.answers().isEmpty)
            let progress = try store.summary()["tcp-workflow"]
            #expect(progress?.isCompleted == true && progress?.step?.stepID == "server-close")
        }
    }

    /// A finished lesson on a terminal offers its quiz.
    @Test(.enabled(if: Tmux.available, "needs tmux"))
    func aFinishedLessonOnATerminalOffersTheQuiz() throws {
        try withHome { home in
            let tmux = try Tmux([CLITests.binary.path, "learn", "layers", "--plain", "--auto"], rows: 40,
                                environment: ["SOCKETTUTOR_HOME": home.path])
            _ = try tmux.waitFor(text: "Take the quiz: sockettutor quiz layers", timeout: 20)
            #expect(tmux.exitStatus() == 0)
            #expect(try ProgressStore.open(directory: home).store.summary()["layers"]?.isCompleted == true)
        }
    }
}

extension String {
    /// Whether the last non-empty line of a screen contains `text`.
    func hasSuffixLine(_ text: String) -> Bool {
        split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.contains(text) ?? false
    }
}
