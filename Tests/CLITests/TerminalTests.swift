import Foundation
import Glibc
import Testing

/// The full-screen interface driven in a real terminal (tmux), the way a learner uses it.
@Suite(.serialized, .enabled(if: Tmux.available, "needs tmux (.ci/run installs it)"))
struct TerminalTests {
    let binary = CLITests.binary.path

    /// Presses Space until the screen shows accept blocked in the kernel (skipping the
    /// predict questions of steps 5 and 7; PredictTerminalTests answers them).
    func stepUntilAcceptBlocks(_ tmux: Tmux) throws -> String {
        try tmux.waitFor(text: "step 1/17")
        // One key at a time, each awaited on screen, so no step is run twice by mistake.
        for step in 2...7 { try tmux.nextStep(step, of: 17) }
        return try tmux.waitFor(text: "⏳ blocked")
    }

    @Test func tcpWorkflowShowsAcceptBlockedThenReturningTheNewDescriptor() throws {
        let tmux = try Tmux([binary, "learn", "tcp-workflow"])
        let blocked = try stepUntilAcceptBlocks(tmux)
        #expect(blocked.contains("accept("))
        #expect(try tmux.display("#{alternate_on}") == "1", "the lesson runs on the alternate screen")

        // The elapsed counter moves while accept waits: the interface is not frozen.
        let first = try tmux.screen()
        let later = try tmux.waitFor("the elapsed time to change") { $0 != first && $0.contains("⏳ blocked") }
        #expect(later != first)

        // The client's socket. (Waiting for "socket.socket(" here returned at once: the
        // server's own socket line already had it.)
        try tmux.nextStep(8, of: 17)
        try tmux.send("Space")  // connect: accept returns the new descriptor with the client's address
        let connected = try tmux.waitFor("accept to return") { $0.range(of: #"accept\(\d+, …\) = \d+ \{127\.0\.0\.1:\d+\}"#, options: .regularExpression) != nil }
        #expect(!connected.contains("⏳ blocked"))
        // As root (CI) the handshake is captured on lo and shown in the packets pane.
        if geteuid() == 0 { try tmux.waitFor(text: "SYN-ACK seq 0 ack 1") }

        // Back in time, and forward again to the present.
        // The history header and the panes below it can be captured half drawn (tmux reads
        // the frame in pieces): wait for the whole frame, not for the header alone.
        try tmux.waitFor(text: "step 9/17")
        try tmux.send("b")
        let past = try tmux.waitFor("history with accept still waiting") { $0.contains("◀ history: after step 8/17") && $0.contains("⏳ blocked") }
        #expect(past.contains("⏳ blocked"), "after the step before, accept was still waiting")
        try tmux.send("Space")
        try tmux.waitFor("the present") { !$0.contains("◀ history") && $0.contains("= ") }

        // A storm of resizes (as when a window is dragged), while accept's clock ticks elsewhere.
        for (index, size) in [(81, 24), (120, 40), (60, 20), (200, 50), (80, 24), (79, 23), (100, 30), (90, 26)].enumerated() {
            try tmux.resize(columns: size.0, rows: size.1)
            if index % 2 == 0 { usleep(20_000) }
        }
        try tmux.waitFor(text: "Lesson \(Course.number("tcp-workflow"))/\(Course.ids.count)")

        // Too small, then back.
        try tmux.resize(columns: 60, rows: 20)
        try tmux.waitFor(text: "terminal too small: need 80×24, have 60×20")
        try tmux.resize(columns: 100, rows: 30)
        try tmux.waitFor(text: "Lesson \(Course.number("tcp-workflow"))/\(Course.ids.count)")

        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
        #expect(try tmux.display("#{alternate_on}") == "0", "the alternate screen is left")
    }

    @Test func sigtermWhileAcceptBlocksRestoresTheTerminalAndExits143() throws {
        let tmux = try Tmux([binary, "learn", "tcp-workflow"])
        _ = try stepUntilAcceptBlocks(tmux)
        let pid = try #require(try tmux.programPID())
        kill(pid, SIGTERM)
        #expect(tmux.exitStatus() == 143)
        #expect(try tmux.display("#{alternate_on}") == "0")
    }

    @Test func ctrlCInALessonOpenedFromTheMenuExits130() throws {
        let tmux = try Tmux([binary])
        try tmux.waitFor(text: "q quit")
        try tmux.send(contentsOf: Array(repeating: "Down", count: Course.number("tcp-workflow") - 1) + ["Enter"])
        try tmux.waitFor(text: "Lesson \(Course.number("tcp-workflow"))/\(Course.ids.count)")
        try tmux.send("C-c")
        #expect(tmux.exitStatus() == 130)
        #expect(try tmux.display("#{alternate_on}") == "0")
    }

    @Test func sighupExits129AndQuitFromTheMenuExits0() throws {
        let hup = try Tmux([binary, "learn", "layers"])
        try hup.waitFor(text: "Lesson 2/\(PythonTruthTests.courseIDs.count)")
        kill(try #require(try hup.programPID()), SIGHUP)
        #expect(hup.exitStatus() == 129)

        let menu = try Tmux([binary])
        try menu.waitFor(text: "q quit")
        try menu.send("Enter")
        try menu.waitFor(text: "Lesson 1/\(PythonTruthTests.courseIDs.count)")
        try menu.send("q")
        try menu.waitFor(text: "q quit")  // q in a lesson from the menu goes back to it
        try menu.send("q")
        #expect(menu.exitStatus() == 0)
    }

    @Test func anErrorAfterTheScreenStartedIsPrintedOnTheRestoredTerminal() throws {
        // The lesson cannot make its private directory: the error must not vanish with the screen.
        let tmux = try Tmux([binary, "learn", "tcp-workflow"], environment: ["TMPDIR": "/nonexistent-sockettutor"])
        let status = tmux.exitStatus()
        #expect(status != nil && status != 0)
        #expect(try tmux.display("#{alternate_on}") == "0")
        let screen = try tmux.waitFor(text: "cannot make a private directory in /nonexistent-sockettutor")
        #expect(screen.contains("No such file or directory") || screen.contains("ENOENT"))
    }

    @Test func enterOnABrokenLessonInTheMenuRestoresTheTerminalAndPrintsItsPositionedError() throws {
        try CLITests().withBrokenThirdLesson { dir in
            let tmux = try Tmux([binary, "--lessons", dir])
            try tmux.waitFor(text: "A workflow with a broken step")  // the menu lists it
            try tmux.send(contentsOf: Array(repeating: "Down", count: Course.number("tcp-workflow") - 1) + ["Enter"])
            #expect(tmux.exitStatus() == 1)
            #expect(try tmux.display("#{alternate_on}") == "0")
            try tmux.waitFor(text: "tcp-workflow.yaml:12:15: unknown call 'acept'")
        }
    }

    @Test func chineseLessonLinesUpInARealTerminal() throws {
        try CLITests().withChineseLesson { dir in
            let tmux = try Tmux([binary, "learn", "zh-echo", "--lang", "zh", "--lessons", dir], columns: 80, rows: 24)
            try tmux.waitFor(text: "服务器先创建套接字")
            for step in 2...4 {
                try tmux.send("Space")
                try tmux.waitFor(text: "第 \(step)/8 步")
            }
            // tmux draws each line by its own idea of character widths: the pane border must
            // still sit in column 36 on every row of the top panes.
            let screen = try tmux.screen()
            let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0).unicodeScalars) }
            for (index, row) in rows.enumerated() where index >= 1 && index < 19 {
                var column = 0
                var found: Int?
                for scalar in row {
                    if "│├┬".unicodeScalars.contains(scalar) { found = column; break }
                    // An independent oracle: CJK ideographs and full-width punctuation take two.
                    let v = scalar.value
                    column += (0x2E80...0xA4CF).contains(v) || (0xFF00...0xFF60).contains(v) || (0x3000...0x303F).contains(v) ? 2 : 1
                }
                #expect(found == 36, "row \(index): \(String(String.UnicodeScalarView(row)))")
            }
            try tmux.send("q")
            #expect(tmux.exitStatus() == 0)
        }
    }

    @Test func noColorLeavesOutColoursButKeepsAttributes() throws {
        let plain = try Tmux([binary, "learn", "tcp-workflow"], environment: ["NO_COLOR": "1"])
        try plain.waitFor(text: "step 1/17")
        let styled = try plain.styledScreen()
        // SGR 30–38 set a foreground colour (39, the default, tmux writes anyway).
        let colour = #"\[(\d+;)*3[0-8][;m]"#
        #expect(styled.range(of: colour, options: .regularExpression) == nil, "no foreground colour codes")
        #expect(styled.contains("\u{1B}[7m") || styled.contains(";7m"), "the header is in reverse video instead")
        try plain.send("q")

        let coloured = try Tmux([binary, "learn", "tcp-workflow"])
        try coloured.waitFor(text: "step 1/17")
        let withColour = try coloured.styledScreen()
        #expect(withColour.range(of: colour, options: .regularExpression) != nil, "colours when NO_COLOR is not set: \(withColour.prefix(300).debugDescription)")
        try coloured.send("q")
    }
}
