import Foundation
import Glibc
import Testing

/// The full-screen interface when things go wrong around it: a crash, or a stdin that is
/// not a terminal. Each run in a real terminal (tmux).
@Suite(.serialized, .enabled(if: Tmux.available, "needs tmux (.ci/run installs it)"))
struct TerminalFaultTests {
    let binary = CLITests.binary.path

    /// The pane's tty settings as `stty -a` prints them, read from outside the pane.
    func ttySettings(_ tmux: Tmux) throws -> String {
        let tty = try tmux.display("#{pane_tty}")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/stty")
        process.arguments = ["-a", "-F", tty]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aCrashInFullScreenRestoresTheTerminalAndStillEndsBySignal() throws {
        // SWIFT_BACKTRACE empty: the backtracer's default, which prompts on a terminal; the
        // crash handler's /dev/null stdin must keep it from waiting there.
        let tmux = try Tmux([binary, "learn", "layers", "--no-capture"], rows: 40,
                            environment: ["SOCKETTUTOR_TEST_CRASH": "1", "SWIFT_BACKTRACE": ""])
        // Ended (no backtracer prompt waiting on the terminal), by SIGILL: 128 + 4.
        #expect(tmux.exitStatus(timeout: 30) == 128 + SIGILL)
        #expect(try tmux.display("#{alternate_on}") == "0", "the alternate screen is left")
        #expect(try tmux.display("#{cursor_flag}") == "1", "the cursor is shown")
        let words = try ttySettings(tmux).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" })
        #expect(words.contains("echo") && words.contains("icanon"), "echo and canonical mode are back")
        // The crash is still reported, on the normal screen.
        try tmux.waitFor("the crash report") { $0.contains("Illegal instruction") || $0.contains("Crashed") }
    }

    @Test func learnWithStdinAtDevNullFallsBackToThePlainTranscriptAndEnds() throws {
        let tmux = try Tmux(["sh", "-c", "exec </dev/null; exec \(binary) learn layers --no-capture"], rows: 30)
        #expect(tmux.exitStatus(timeout: 20) == 0, "returns promptly instead of spinning")
        _ = try tmux.waitFor(text: "== end of lesson ==")
        // The note is the first line: scrolled off by now, so read the pane's history too.
        let screen = try tmux.tmux(["capture-pane", "-p", "-S", "-", "-t", "t"])
        #expect(screen.contains("sockettutor: standard input is not a terminal: showing the plain transcript (--plain)"))
        #expect(try tmux.display("#{alternate_on}") == "0")
    }

    @Test func theMenuWithStdinClosedShowsTheLessonListAndEnds() throws {
        let tmux = try Tmux(["sh", "-c", "exec 0<&-; exec \(binary)"])
        #expect(tmux.exitStatus(timeout: 20) == 0, "returns promptly instead of spinning")
        let screen = try tmux.waitFor(text: "sockettutor learn client-server")
        #expect(screen.contains("sockettutor: standard input is not a terminal: showing the lesson list"))
        #expect(screen.contains("(No menu: standard input is not a terminal.)"))
    }

    @Test func learnWithStdinClosedRunsThePlainTranscriptToTheEnd() throws {
        // With fd 0 closed, the lesson's first socket would have been descriptor 0.
        let tmux = try Tmux(["sh", "-c", "exec 0<&-; exec \(binary) learn client-server --no-capture"], rows: 30)
        #expect(tmux.exitStatus(timeout: 20) == 0)
        _ = try tmux.waitFor(text: "== end of lesson ==")
        let screen = try tmux.tmux(["capture-pane", "-p", "-S", "-", "-t", "t"])
        #expect(screen.contains("standard input is not a terminal"))
    }
}
