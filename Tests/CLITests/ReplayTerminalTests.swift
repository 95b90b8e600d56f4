import Foundation
import Glibc
import Testing

/// The full-screen player in a real terminal (tmux): keys move it, the end shows the
/// lesson's last calls, and a step looks as it did live.
@Suite(.serialized, .enabled(if: Tmux.available, "needs tmux (.ci/run installs it)"))
struct ReplayTerminalTests {
    let binary = CLITests.binary.path

    /// A fresh directory for the test's files, removed after.
    func withDirectory<R>(_ body: (URL) throws -> R) throws -> R {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("replay-tmux-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir)
    }

    func recordWholeLesson(_ dir: URL) throws -> String {
        let record = dir.appendingPathComponent("tcp.jsonl").path
        let live = try CLITests().run(["learn", "tcp-workflow", "--plain", "--auto", "--record", record, "--no-capture"])
        #expect(live.status == 0, "\(live.stderr)")
        return record
    }

    /// Rows between the header and the key bar: the panes alone.
    static func panes(_ screen: String) -> [Substring] {
        Array(screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().prefix(28))
    }

    @Test func keysStepBackJumpToAStepAndToTheEnd() throws {
        try withDirectory { dir in
            let record = try recordWholeLesson(dir)
            let tmux = try Tmux([binary, "replay", record], columns: 100, rows: 30)
            // The recording lasts milliseconds: it plays to its end at once.
            let end = try tmux.waitFor(text: "■ end")
            #expect(end.contains("REPLAY · The TCP workflow, call by call"))
            #expect(end.contains("all 17 steps done"))
            #expect(end.contains("close(3) = 0"), "the lesson's last call is on screen")
            #expect(try tmux.display("#{alternate_on}") == "1")

            try tmux.send(",")
            let back = try tmux.waitFor(text: "‖ paused")
            #expect(!back.contains("■ end"))

            try tmux.send("g")
            try tmux.waitFor(text: "step 0/17")
            try tmux.send("]")
            let opening = try tmux.waitFor(text: "The server gets ready")
            #expect(opening.contains("no calls yet"), "before the first step no call is shown")
            try tmux.send("]")
            try tmux.waitFor(text: "step 1/17")
            try tmux.waitFor(text: "socket(AF_INET, SOCK_STREAM, 0) = 3")

            try tmux.send("G")
            let again = try tmux.waitFor(text: "■ end")
            #expect(again.contains("close(3) = 0"))

            try tmux.send("?")
            try tmux.waitFor(text: "Replay keys")
            try tmux.send("x")
            try tmux.waitFor("the help to close") { !$0.contains("Replay keys") }

            try tmux.send("q")
            #expect(tmux.exitStatus() == 0)
            #expect(try tmux.display("#{alternate_on}") == "0", "the alternate screen is left")
        }
    }

    @Test func aStepReplayedLooksAsItDidLive() throws {
        try withDirectory { dir in
            let record = dir.appendingPathComponent("live.jsonl").path
            let live = try Tmux([binary, "learn", "tcp-workflow", "--record", record, "--no-capture"], columns: 100, rows: 30)
            try live.waitFor(text: "step 1/17")
            for step in 2...5 { try live.nextStep(step, of: 17) }
            // The step's last events (Python's exception, the kernel's view) have come when
            // the screen stops changing.
            var liveScreen = try live.screen()
            for _ in 0..<20 {
                usleep(50_000)
                let now = try live.screen()
                if now == liveScreen { break }
                liveScreen = now
            }
            // One step more, so that step 5 is not the end of the recording.
            try live.send("Space")
            try live.waitFor(text: "step 6/17")
            try live.send("q")
            #expect(live.exitStatus() == 0)

            let replay = try Tmux([binary, "replay", record], columns: 100, rows: 30)
            // Playing would take a few seconds of real gaps: go to the start, then six
            // marks (before the first step, then steps 1…5).
            try replay.send("g")
            for _ in 0..<6 { try replay.send("]") }
            let replayed = try replay.waitFor(text: "step 5/17")
            #expect(replayed.contains("‖ paused"))
            #expect(Self.panes(replayed) == Self.panes(liveScreen), "live:\n\(liveScreen)\nreplay:\n\(replayed)")
            try replay.send("q")
            #expect(replay.exitStatus() == 0)
        }
    }

    @Test func recentSessionsFromTheMenuOpenThePlayerAndQGoesBackToTheList() throws {
        try withDirectory { dir in
            let record = try recordWholeLesson(dir)
            let empty = try Tmux([binary], columns: 100, rows: 30, environment: ["SOCKETTUTOR_HOME": dir.path])
            try empty.waitFor(text: "h recent")
            try empty.send("h")
            try empty.waitFor(text: "No recorded sessions yet.")
            try empty.waitFor(text: dir.appendingPathComponent("recordings").path)
            try empty.send("q")
            try empty.waitFor(text: "h recent")
            try empty.send("q")
            #expect(empty.exitStatus() == 0)

            let store = dir.appendingPathComponent("recordings")
            try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: record, toPath: store.appendingPathComponent("20261204T050000Z-tcp-workflow.jsonl").path)
            let tmux = try Tmux([binary], columns: 100, rows: 30, environment: ["SOCKETTUTOR_HOME": dir.path])
            try tmux.waitFor(text: "h recent")
            try tmux.send("h")
            try tmux.waitFor(text: "tcp-workflow · The TCP workflow, call by call")
            try tmux.send("Enter")
            try tmux.waitFor(text: "REPLAY · The TCP workflow")
            try tmux.waitFor(text: "q back")
            try tmux.send("q")
            try tmux.waitFor(text: "Enter replay")
            try tmux.send("q")
            try tmux.waitFor(text: "h recent")
            try tmux.send("q")
            #expect(tmux.exitStatus() == 0)
        }
    }

    @Test func sigtermDuringAReplayRestoresTheTerminalAndExits143() throws {
        try withDirectory { dir in
            let record = try recordWholeLesson(dir)
            let tmux = try Tmux([binary, "replay", record], columns: 100, rows: 30)
            try tmux.waitFor(text: "REPLAY ·")
            kill(try #require(try tmux.programPID()), SIGTERM)
            #expect(tmux.exitStatus() == 143)
            #expect(try tmux.display("#{alternate_on}") == "0")
        }
    }
}
