import Foundation
import Testing

/// Predict questions in the full-screen lesson, in a real terminal (tmux) at 80×24: asked
/// before their step runs, answered with the arrow keys, shown beside what the kernel did,
/// and kept in the progress store.
@Suite(.serialized, .enabled(if: Tmux.available, "needs tmux (.ci/run installs it)"))
struct PredictTerminalTests {
    let binary = CLITests.binary.path

    /// Space, then the header's step count: each step awaited on screen, none run twice.
    func step(_ tmux: Tmux, to step: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try tmux.send("Space")
        return try tmux.waitFor(text: "step \(step)/17", sourceLocation: sourceLocation)
    }

    @Test func sendOnListenerIsPredictedWithArrowsAndEnterThenShownBesideTheRealEPIPEAndKept() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("pt-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let tmux = try Tmux([binary, "learn", "tcp-workflow"], columns: 80, rows: 24, environment: ["SOCKETTUTOR_HOME": home])
        try tmux.waitFor(text: "step 1/17")
        for number in 2...4 { _ = try step(tmux, to: number) }

        // Space would run send-on-listener: its question comes first, and nothing runs.
        try tmux.send("Space")
        // The whole frame: its box's title can be on screen before the rest is drawn.
        let asked = try tmux.waitFor("the question with its choices and keys") {
            // The key bar too: it is drawn in pieces ("Enter predict" came before "s skip").
            $0.contains(Tmux.predictQuestion) && $0.contains("4. fails with ECONNREFUSED")
                && $0.contains("Enter predict") && $0.contains("s skip") && ($0.contains("q quit") || $0.contains("q menu"))
        }
        #expect(asked.contains("step 4/17") && !asked.contains("send(3"), "asked before the step runs")
        #expect(asked.contains("4. fails with ECONNREFUSED"), "all four choices fit at 80×24")
        #expect(asked.contains("Enter predict") && asked.contains("s skip"), "the key bar says how to answer or skip")
        try tmux.send("Space")  // Space does not run past the question
        usleep(200_000)
        #expect(try tmux.screen().contains(Tmux.predictQuestion))
        try tmux.send("Down")
        try tmux.waitFor(text: "▸ 2. fails with EPIPE")
        try tmux.send("Enter")
        let shown = try tmux.waitFor("the prediction beside the real EPIPE") {
            $0.contains("✓ Right: it failed with EPIPE.") && $0.contains("= -1 EPIPE") && $0.contains("step 5/17")
        }
        #expect(shown.contains("You predicted: fails with EPIPE"))
        #expect(!shown.contains(Tmux.predictQuestion))

        // Back in time and forward again: history, not a new run of the step; no question.
        try tmux.send("b")
        try tmux.waitFor(text: "◀ history: after step 4/17")
        try tmux.send("Space")
        let present = try tmux.waitFor("the present") { !$0.contains("◀ history") && $0.contains("step 5/17") }
        #expect(!present.contains(Tmux.predictQuestion))

        // On to accept's question, answered with its number: 1, "returns at once", is wrong.
        _ = try step(tmux, to: 6)
        try tmux.send("Space")
        try tmux.waitFor(text: "No client has connected yet")
        try tmux.send("1")
        let blocked = try tmux.waitFor("accept blocked, and the wrong prediction beside it") {
            $0.contains("⏳ blocked") && $0.contains("step 7/17") && $0.contains("✗ Wrong: it blocked.")
        }
        #expect(!blocked.contains(Tmux.predictQuestion))

        // Restarted with fresh sockets: the questions already asked are not asked again.
        try tmux.send("r")
        try tmux.waitFor(text: "step 1/17")
        for number in 2...7 {
            let screen = try step(tmux, to: number)
            #expect(!screen.contains(Tmux.predictQuestion), "asked again at step \(number) after r")
        }
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)

        // Kept as the plain lesson keeps them: .predict answers, scored by what the kernel did.
        let export = try CLITests().run(["progress", "--export", "-"], environment: ["SOCKETTUTOR_HOME": home])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        let answers = try #require(json["answers"] as? [[String: Any]])
        let kept = answers.map { answer in
            [answer["question"] as? String, answer["answer"] as? String, (answer["correct"] as? Bool).map { $0 ? "right" : "wrong" }]
                .map { $0 ?? "?" }.joined(separator: " ")
        }
        #expect(kept == ["tcp-workflow/predict-send-on-listener b right", "tcp-workflow/predict-accept a wrong"])
        #expect(answers.allSatisfy { $0["kind"] as? String == "predict" })
        #expect((json["quiz_scores"] as? [Any])?.isEmpty == true, "a prediction is no quiz score")
    }

    /// A lesson whose first step has a question asks it before anything runs (the opening
    /// advance waits for it); its number answers at once.
    @Test func aFirstStepsQuestionComesBeforeAnythingRunsAndItsNumberAnswers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("first-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
            format_version: 1
            id: first
            title: A question first
            summary: The first step has a predict question.
            actors: [server]
            sections:
              - id: only
                title: Only
                text: One socket, closed.
                steps:
                  - {id: make, actor: server, call: socket, family: AF_INET, type: SOCK_STREAM, as: s}
                  - {id: done, actor: server, call: close, fd: $s}
            quiz:
              - id: predict-make
                type: predict
                step: make
                question: What will socket() do?
                choices:
                  a: {text: returns a new descriptor, outcome: returns}
                  b: {text: "fails with EACCES", outcome: EACCES}
                answer: b
                explanation: Making a socket needs no privilege.

            """.write(to: dir.appendingPathComponent("first.yaml"), atomically: true, encoding: .utf8)
        try "format_version: 1\nlessons: [first]\n".write(to: dir.appendingPathComponent("course.yaml"), atomically: true, encoding: .utf8)
        let home = dir.appendingPathComponent("home").path
        let tmux = try Tmux([binary, "learn", "first", "--lessons", dir.path], columns: 80, rows: 24, environment: ["SOCKETTUTOR_HOME": home])
        // (The header counts the steps once the session's start has come: a moment after.)
        let asked = try tmux.waitFor("the first step's question") {
            $0.contains(Tmux.predictQuestion) && $0.contains("2. fails with EACCES") && $0.contains("step 0/2")
        }
        #expect(!asked.contains("socket(AF_INET"), "nothing has run")
        try tmux.send("1")
        // The stored answer says EACCES; the kernel returned a descriptor, and that decides.
        let shown = try tmux.waitFor("the result") { $0.contains("✓ Right: it returned.") && $0.contains("socket(AF_INET, SOCK_STREAM, 0) = 3") }
        #expect(shown.contains("step 1/2"))
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }
}
