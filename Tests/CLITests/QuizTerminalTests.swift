import Foundation
import Testing

/// The full-screen quiz in a real terminal: opened from the menu with z, answered with
/// arrows, digits, u/d and typed text (Chinese included), to the score and back.
@Suite(.serialized) struct QuizTerminalTests {
    let binary = CLITests.binary.path

    /// Columns a row takes by an independent oracle: CJK ideographs and full-width forms two.
    static func columns(_ row: Substring) -> Int {
        row.unicodeScalars.reduce(0) { total, scalar in
            let v = scalar.value
            return total + ((0x2E80...0xA4CF).contains(v) || (0xFF00...0xFF60).contains(v) || (0x3000...0x303F).contains(v) ? 2 : 1)
        }
    }

    @Test func aLessonsQuizTakenFromTheMenuReachesTheScoreAndQGoesBack() throws {
        guard Tmux.available else { return }
        let tmux = try Tmux([binary], columns: 80, rows: 24)
        _ = try tmux.waitFor(text: "Lessons")
        try tmux.send("Down", "z")  // the second lesson, layers
        var screen = try tmux.waitFor(text: "question 1/7")
        #expect(screen.contains("Put TCP/IP's four layers in order"))

        // The order question: read the shuffled items and sort them with u, as a learner would.
        let right = ["Application", "Transport", "Network", "Link"]
        var shown: [String] = screen.split(separator: "\n").compactMap { row in
            let text = row.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "▸ ", with: "").replacingOccurrences(of: " ⇅", with: "")
            guard let dot = text.firstIndex(of: "."), Int(text[..<dot]) != nil else { return nil }
            return String(text[text.index(dot, offsetBy: 2)...])
        }
        #expect(shown.sorted() == right.sorted(), "\(shown)")
        var cursor = 0
        for (target, item) in right.enumerated() {
            guard let at = shown.firstIndex(of: item) else { break }
            for _ in 0..<abs(at - cursor) { try tmux.send(at > cursor ? "Down" : "Up") }
            for _ in 0..<(at - target) { try tmux.send("u") }
            shown.remove(at: at)
            shown.insert(item, at: target)
            cursor = target
        }
        try tmux.waitFor("the items in order") { $0.contains("1. Application") && $0.contains("4. Link") }
        try tmux.send("Enter")
        _ = try tmux.waitFor(text: "✓ Right.")
        try tmux.send("Space")

        // Multiple: tick 1 and 2 with digits, Enter.
        _ = try tmux.waitFor(text: "question 2/7")
        try tmux.send("1", "2")
        _ = try tmux.waitFor(text: "[x] UDP")
        try tmux.send("Enter")
        _ = try tmux.waitFor(text: "✓ Right.")
        try tmux.send("n")

        // Single, with arrows: down, up, Enter picks the first.
        _ = try tmux.waitFor(text: "question 3/7")
        try tmux.send("Down", "Down", "Up", "Up", "Enter")
        _ = try tmux.waitFor(text: "✓ Right.")
        try tmux.send("Enter")
        // True or false: False is the second.
        _ = try tmux.waitFor(text: "question 4/7")
        try tmux.send("Down", "Enter")
        _ = try tmux.waitFor(text: "✓ Right.")
        try tmux.send("Enter")
        _ = try tmux.waitFor(text: "question 5/7")
        try tmux.send("1")
        _ = try tmux.waitFor(text: "✓ Right.")
        try tmux.send("Enter")

        // Fill-in: Chinese typed literally (wrong), edited, the cursor after it; columns line up.
        _ = try tmux.waitFor(text: "question 6/7")
        try tmux.tmux(["send-keys", "-t", "t", "-l", "七层网络"])
        try tmux.send("Left", "BSpace")
        screen = try tmux.waitFor(text: "> 七层▏络")
        for (index, row) in screen.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            #expect(Self.columns(row) <= 80, "row \(index) is wider than the pane: \(row)")
        }
        let header = screen.split(separator: "\n").first ?? ""
        #expect(header.hasSuffix("question 6/7") && Self.columns(header) == 78, "the header's right edge: \(header)")
        try tmux.send("End", "Enter")
        screen = try tmux.waitFor(text: "✗ Not right.")
        #expect(screen.contains("Your answer: 七层络"))
        #expect(screen.contains("comes again at the end"))
        try tmux.send("Enter")
        _ = try tmux.waitFor(text: "question 7/7")
        try tmux.send("1")
        _ = try tmux.waitFor(text: "✓ Right.")
        try tmux.send("Enter")

        // The missed question again; q is typed into the answer there, not a key.
        _ = try tmux.waitFor(text: "question 8/8 (again)")
        try tmux.tmux(["send-keys", "-t", "t", "-l", "q"])
        try tmux.send("BSpace")
        try tmux.tmux(["send-keys", "-t", "t", "-l", "7"])
        try tmux.send("Enter")
        _ = try tmux.waitFor(text: "✓ Right.")
        try tmux.send("Enter")
        screen = try tmux.waitFor(text: "Quiz done: 6/7 right on the first try.")
        #expect(screen.contains("✗ How many layers"))

        try tmux.send("q")
        screen = try tmux.waitFor(text: "Lessons")
        #expect(screen.contains("▸  2  layers"), "the quiz's lesson stays selected")
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }

    @Test func theEndOfALessonOffersItsQuizAndQReturnsToTheLesson() throws {
        guard Tmux.available else { return }
        let tmux = try Tmux([binary, "learn", "tcp-workflow"], columns: 100, rows: 30)
        _ = try tmux.waitFor(text: "step 1/")
        var screen = ""
        for _ in 0..<80 {
            screen = try tmux.screen()
            if screen.contains("press z for the quiz") { break }
            #expect(!screen.contains("Quiz ·"), "z is offered only at the end")
            // Space does not run past a predict question: s skips it.
            try tmux.send(screen.contains(Tmux.predictQuestion) ? "s" : "Space")
            usleep(120_000)
        }
        screen = try tmux.waitFor(text: "press z for the quiz")
        #expect(screen.contains("steps done"))
        try tmux.send("z")
        screen = try tmux.waitFor(text: "Quiz · The TCP workflow")
        #expect(screen.contains("question 1/"))
        try tmux.send("q")
        _ = try tmux.waitFor(text: "press z for the quiz")  // the finished lesson, still open
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }

    @Test(.enabled(if: Tmux.available)) func quizIDOnATerminalIsFullScreenAndKeepsEachAnswerAndTheScore() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("qz-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let tmux = try Tmux([binary, "quiz", "tcp-workflow"], columns: 100, rows: 30, environment: ["SOCKETTUTOR_HOME": home])
        _ = try tmux.waitFor(text: "question 1/")
        // Answer every question as it comes, then the missed ones again, to the score.
        try tmux.answerQuizToTheEnd()
        _ = try tmux.waitFor(text: "right on the first try")
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
        let export = try CLITests().run(["progress", "--export", "-"], environment: ["SOCKETTUTOR_HOME": home])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        let answers = try #require(json["answers"] as? [[String: Any]])
        #expect(answers.count >= 5, "every answer kept: \(answers.count)")
        #expect(answers.allSatisfy { ($0["question"] as? String)?.hasPrefix("tcp-workflow/") == true && $0["kind"] as? String == "quiz" })
        let scores = try #require(json["quiz_scores"] as? [[String: Any]])
        #expect(scores.contains { $0["quiz"] as? String == "tcp-workflow" && $0["total"] as? Int == 5 })
    }
}
