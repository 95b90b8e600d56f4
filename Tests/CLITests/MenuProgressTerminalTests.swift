import Foundation
import Progress
import Testing

/// The menu's progress in a real terminal: a lesson left at step 5 and resumed live after a
/// restart, the review count after wrong answers, `quiz --review` and the final quiz full screen.
@Suite(.serialized) struct MenuProgressTerminalTests {
    let binary = CLITests.binary.path

    func withHome<R>(_ body: (URL) throws -> R) throws -> R {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("st-menu-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        return try body(home)
    }

    /// Ports of the TCP sockets listening on 127.0.0.1, as the kernel lists them now.
    static func listeningPorts() -> Set<Int> {
        let table = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
        return Set(table.split(separator: "\n").dropFirst().compactMap { line -> Int? in
            let fields = line.split(separator: " ")
            guard fields.count > 3, fields[3] == "0A" else { return nil }
            let local = fields[1].split(separator: ":")
            guard local.count == 2, local[0] == "0100007F" else { return nil }
            return Int(local[1], radix: 16)
        })
    }

    /// Two wrong first answers to the layers quiz, for real through `quiz --plain`; input then
    /// ends, and the quiz keeps them (each due again a day later).
    func answerWrongly(home: URL) throws {
        let order = QuizCLITests().rightOrderTyped().split(separator: " ").reversed().joined(separator: " ")
        let r = try QuizCLITests().run(["quiz", "layers", "--plain"], input: "\(order)\n1 3\n", home: home)
        #expect(r.status == 0 && r.stdout.components(separatedBy: "Wrong.").count == 3, "\(r.stdout)")
    }

    /// The menu key of tcp-workflow: its number in the course (a single digit).
    static var key: String { String(Course.number("tcp-workflow")) }

    /// Two days on, in seconds since 1970: the missed answers are due then.
    static var twoDaysOn: String { String(Int(Date().timeIntervalSince1970) + 2 * 86_400) }

    @Test(.enabled(if: Tmux.available)) func aLessonLeftAtStepFiveIsResumedLiveThereAfterARestart() throws {
        try withHome { home in
            let env = ["SOCKETTUTOR_HOME": home.path]
            do {
                let tmux = try Tmux([binary, "--no-capture"], columns: 80, rows: 24, environment: env)
                _ = try tmux.waitFor(text: "Lessons")
                try tmux.send(Self.key, "Enter")
                _ = try tmux.waitFor(text: "step 1/17")
                for step in 2...5 { try tmux.nextStep(step, of: 17) }  // step 5's question skipped
                try tmux.send("q")
                // The whole frame, with the step count (filled in just after the menu's first frame).
                let menu = try tmux.waitFor("the menu marking step 5/17") {
                    $0.split(separator: "\n").contains { $0.contains("tcp-workflow") && $0.hasSuffix("step 5/17") }
                }
                #expect(menu.contains("Lessons"))
                try tmux.send("q")
                #expect(tmux.exitStatus() == 0)
            }
            #expect(try ProgressStore.open(directory: home).store.summary()["tcp-workflow"]?.step?.index == 4)

            // A new program, the same home.
            let tmux = try Tmux([binary, "--no-capture"], columns: 80, rows: 24, environment: env)
            var screen = try tmux.waitFor(text: "step 5/17")
            #expect(screen.split(separator: "\n").contains { $0.contains("\(Self.key)  tcp-workflow") && $0.hasSuffix("step 5/17") })
            try tmux.send(Self.key)
            screen = try tmux.waitFor(text: "r resumes there")
            #expect(screen.contains("You got to step 5 of 17") && screen.contains("r resume"))
            let before = Self.listeningPorts()
            try tmux.send("r")
            screen = try tmux.waitFor("the lesson at step 5 with its listener") { $0.contains("Lesson \(Self.key)/\(Course.ids.count)") && $0.contains("step 5/17") && $0.contains("LISTEN 127.0.0.1:") }
            // The port on screen is a socket listening now, made by this run (not the first one's).
            let shown = screen.split(separator: "\n").compactMap { row -> Int? in
                guard let range = row.range(of: "LISTEN 127.0.0.1:") else { return nil }
                return Int(row[range.upperBound...].prefix { $0.isNumber })
            }.first
            let port = try #require(shown)
            #expect(Self.listeningPorts().contains(port) && !before.contains(port), "port \(port) listens now, from the resumed run")
            #expect(screen.contains("send(3, \"hello?\", 6, 0) = -1 EPIPE"), "step 5's real result")
            // It waits there for the learner: nothing more runs by itself.
            usleep(500_000)
            #expect(try tmux.screen().contains("step 5/17"))
            try tmux.nextStep(6, of: 17)  // a new program asks accept's question: skipped
            try tmux.send("q")
            _ = try tmux.waitFor(text: "step 6/17")  // the menu, with the step now reached
            try tmux.send("q")
            #expect(tmux.exitStatus() == 0)
        }
    }

    @Test(.enabled(if: Tmux.available)) func aLessonRunToItsEndFullScreenIsMarkedDoneAndOffersNoResume() throws {
        try withHome { home in
            let tmux = try Tmux([binary, "--no-capture"], columns: 80, rows: 24, environment: ["SOCKETTUTOR_HOME": home.path])
            _ = try tmux.waitFor(text: "Lessons")
            try tmux.send(Self.key, "Enter")
            _ = try tmux.waitFor(text: "step 1/17")
            // Space until the end; each waits for the step it ran (a blocked one settles too),
            // predict questions skipped.
            for step in 2...16 { try tmux.nextStep(step, of: 17) }
            try tmux.send("Space")
            let last = try tmux.waitFor("the end or a question") { $0.contains("all 17 steps done") || $0.contains(Tmux.predictQuestion) }
            if !last.contains("all 17 steps done") { try tmux.send("s") }
            try tmux.waitFor(text: "all 17 steps done")
            try tmux.send("q")
            let menu = try tmux.waitFor(text: "✓ done")
            #expect(menu.split(separator: "\n").contains { $0.contains("\(Self.key)  tcp-workflow") && $0.hasSuffix("✓ done") })
            #expect(!menu.contains("r resume"))
            try tmux.send("r")
            _ = try tmux.waitFor(text: "Nothing to resume here")
            try tmux.send("q")
            #expect(tmux.exitStatus() == 0)
            let summary = try ProgressStore.open(directory: home).store.summary()["tcp-workflow"]
            #expect(summary?.isCompleted == true && summary?.step?.index == 16)
        }
    }

    @Test(.enabled(if: Tmux.available)) func theMenuCountsTheQuestionsDueAfterWrongAnswersAndVOpensThem() throws {
        try withHome { home in
            try answerWrongly(home: home)
            do {
                let now = try Tmux([binary], columns: 80, rows: 24, environment: ["SOCKETTUTOR_HOME": home.path])
                _ = try now.waitFor(text: "Review: none due")  // missed questions come back a day later
                try now.send("v")
                _ = try now.waitFor(text: "No questions are due for review now")
                try now.send("q")
                #expect(now.exitStatus() == 0)
            }
            let later = try Tmux([binary], columns: 80, rows: 24, environment: ["SOCKETTUTOR_HOME": home.path, "SOCKETTUTOR_NOW": Self.twoDaysOn])
            _ = try later.waitFor(text: "Review: 2 due — press v")
            try later.send("v")
            let screen = try later.waitFor(text: "Quiz · Review")
            #expect(screen.contains("question 1/2"))
            #expect(screen.contains("From the lesson: Layers, and where the socket sits"), "a review says which lesson each question is from")
            try later.send("q")
            _ = try later.waitFor(text: "Review: 2 due")  // nothing answered: still due
            try later.send("q")
            #expect(later.exitStatus() == 0)
        }
    }

    @Test(.enabled(if: Tmux.available)) func quizReviewOnATerminalIsFullScreenAndKeepsItsAnswersAsReview() throws {
        try withHome { home in
            try answerWrongly(home: home)
            let now = Self.twoDaysOn
            let tmux = try Tmux([binary, "quiz", "--review"], columns: 80, rows: 24,
                                environment: ["SOCKETTUTOR_HOME": home.path, "SOCKETTUTOR_NOW": now])
            let screen = try tmux.waitFor(text: "Quiz · Review")
            #expect(screen.contains("question 1/2"))
            try tmux.answerQuizToTheEnd()
            try tmux.send("q")
            #expect(tmux.exitStatus() == 0)
            let store = try ProgressStore.open(directory: home).store
            let review = try store.answers().filter { $0.kind == .review }
            #expect(review.count >= 2 && review.allSatisfy { $0.questionID.hasPrefix("layers/") }, "\(review)")
            let stamped = Date(timeIntervalSince1970: try #require(Double(now)))
            #expect(review.allSatisfy { abs($0.answeredAt.timeIntervalSince(stamped)) < 60 }, "stamped at SOCKETTUTOR_NOW")
            #expect(try store.scores().isEmpty, "a review keeps no score of its own, as --plain")
        }
    }

    @Test(.enabled(if: Tmux.available)) func theFinalQuizOnATerminalIsFullScreenAndKeepsItsScoreAsFinal() throws {
        try withHome { home in
            let tmux = try Tmux([binary, "quiz"], columns: 80, rows: 24,
                                environment: ["SOCKETTUTOR_HOME": home.path, "SOCKETTUTOR_QUIZ_SEED": "7"])
            let screen = try tmux.waitFor(text: "Quiz · Final quiz")
            #expect(screen.contains("question 1/\(2 * Course.ids.count)"))
            #expect(screen.contains("From the lesson: Clients and servers"), "seed 7 asks of the first lesson first")
            try tmux.answerQuizToTheEnd()
            try tmux.send("q")
            #expect(tmux.exitStatus() == 0)
            let store = try ProgressStore.open(directory: home).store
            #expect(try store.scores().map(\.quiz) == ["final"])
            #expect(try store.scores().first?.total == 2 * Course.ids.count)
            #expect(try store.answers().count >= 2 * Course.ids.count && store.answers().allSatisfy { $0.kind == .quiz })
        }
    }

    @Test(.enabled(if: Tmux.available)) func withoutAStoreTheMenuStillOffersTheFinalQuizAndSaysWhyThereIsNoReview() throws {
        try withHome { home in
            // A file where the store's directory would go: the store cannot be opened.
            let notADirectory = home.appendingPathComponent("file")
            try Data("x".utf8).write(to: notADirectory)
            // Seed 7 draws a multiple-choice question first (q leaves it; a fill-in would take q as text).
            let tmux = try Tmux([binary], columns: 80, rows: 24,
                                environment: ["SOCKETTUTOR_HOME": notADirectory.path, "SOCKETTUTOR_QUIZ_SEED": "7"])
            let menu = try tmux.waitFor(text: "Lessons")
            #expect(!menu.contains("Review:"), "no count without a store")
            try tmux.send("v")
            _ = try tmux.waitFor(text: "No review: your progress is not being kept.")
            try tmux.send("f")
            _ = try tmux.waitFor(text: "Quiz · Final quiz")
            try tmux.send("q")
            _ = try tmux.waitFor(text: "Lessons")
            try tmux.send("q")
            #expect(tmux.exitStatus() == 0)
        }
    }

    @Test func aBadSOCKETTUTORNOWIsRefusedWithItsName() throws {
        try withHome { home in
            let bad = try CLITests().run(["quiz", "--review"], environment: ["SOCKETTUTOR_HOME": home.path, "SOCKETTUTOR_NOW": "tomorrow"])
            #expect(bad.status != 0 && bad.stderr.contains("SOCKETTUTOR_NOW='tomorrow': give seconds since 1970-01-01 UTC"), "\(bad.stderr)")
        }
    }
}

extension Tmux {
    /// Answers whatever question is on screen until the score shows: the choice under the
    /// cursor, a tick for a multiple one, text for a fill-in; on after each feedback. A key is
    /// sent only for a screen recognised whole (a capture can catch a redraw half done, and
    /// Enter on the score screen quits), then the next screen is awaited.
    /// The first and last lines of a screen: the question's number and the mode's keys.
    static func frame(_ screen: String) -> [Substring] {
        let rows = screen.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }
        return [rows.first ?? "", rows.last ?? ""]
    }

    func answerQuizToTheEnd(timeout: Double = 180) throws {
        let end = Date(timeIntervalSinceNow: timeout)
        while Date() < end {
            let screen = try screen()
            if screen.contains("right on the first try") { return }
            let feedback = screen.contains("✓ Right.") || screen.contains("✗ Not right.")
            if feedback && screen.contains("any key") {
                try send("Space")
            } else if feedback {
                usleep(50_000)
                continue
            } else if screen.contains("Space tick") {
                try send("1")
                try send("Enter")
            } else if screen.contains("type your answer") {
                try send("-l", "socket")
                try send("Enter")
            } else if screen.contains("Enter answer") {
                try send("Enter")
            } else {
                usleep(50_000)
                continue
            }
            // Typed text changes the screen before Enter is taken: wait for the header or
            // the key bar to change (another question, its feedback, the score).
            let deadline = Date(timeIntervalSinceNow: 30)
            while Date() < deadline, Self.frame(try self.screen()) == Self.frame(screen) { usleep(20_000) }
        }
        _ = try waitFor(text: "right on the first try", timeout: 1)
    }
}
