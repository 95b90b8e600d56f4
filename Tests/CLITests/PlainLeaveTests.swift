import Foundation
import Glibc
import Testing

/// Every way out of `--plain` on a terminal goes through teardown: signals, Ctrl-D after
/// typed text; and a crashed run's private directory is cleaned up by the next start.
@Suite(.serialized, .enabled(if: Tmux.available, "needs tmux (.ci/run installs it)"))
struct PlainLeaveTests {
    let binary = CLITests.binary.path

    /// A fresh short TMPDIR of the test's own (unix socket paths must fit in 107 bytes).
    func makeTMPDIR() throws -> String {
        var template = Array("/tmp/st-plain-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        return String(cString: made)
    }

    func privateDirectories(in tmpdir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: tmpdir)) ?? []).filter { $0.hasPrefix("sockettutor.") }
    }

    /// Presses Enter one step at a time until accept is blocked; a predict question on the
    /// way is answered with its first choice.
    func stepUntilAcceptBlocks(_ tmux: Tmux) throws {
        try tmux.waitFor(text: "[Enter: next step")
        for _ in 0..<12 {
            if try tmux.screen().contains("accept(") && tmux.screen().contains("<blocked>") { return }
            // A prompt is Enter's, or a predict question's (asked instead of Enter's).
            func prompts(_ screen: String) -> Int {
                screen.components(separatedBy: "[Enter: next step").count + screen.components(separatedBy: "Your prediction").count
            }
            let before = try prompts(tmux.screen())
            if try tmux.screen().hasSuffixLine("Your prediction") { try tmux.send("1") }
            try tmux.send("Enter")
            try tmux.waitFor("the next prompt") { prompts($0) > before || $0.contains("<blocked>") }
        }
        try tmux.waitFor(text: "<blocked>")
    }

    @Test(arguments: [SIGTERM, SIGHUP, SIGINT] as [Int32])
    func aSignalWhileAcceptBlocksLeavesThroughTeardownAndExits128PlusSignal(signal: Int32) throws {
        let status = 128 + signal   // 143, 129, 130
        let tmpdir = try makeTMPDIR()
        defer { try? FileManager.default.removeItem(atPath: tmpdir) }
        let tmux = try Tmux([binary, "learn", "tcp-workflow", "--plain"], rows: 200, environment: ["TMPDIR": tmpdir])
        try stepUntilAcceptBlocks(tmux)
        #expect(privateDirectories(in: tmpdir).count == 1, "the lesson's private directory exists while it runs")
        let pid = try #require(try tmux.programPID())
        kill(pid, signal)
        #expect(tmux.exitStatus() == status)
        let screen = try tmux.waitFor(text: "[session] left:")
        #expect(screen.contains("received: leaving the lesson"))
        #expect(screen.range(of: #"\[teardown\] shutdown\(\d+, SHUT_RDWR\) = 0"#, options: .regularExpression) != nil, "\(screen)")
        #expect(screen.range(of: #"\[teardown\] close\(\d+\) = 0"#, options: .regularExpression) != nil, "\(screen)")
        #expect(privateDirectories(in: tmpdir).isEmpty, "teardown removed the private directory")
    }

    @Test func typedTextThenCtrlDLeavesTheLesson() throws {
        let tmpdir = try makeTMPDIR()
        defer { try? FileManager.default.removeItem(atPath: tmpdir) }
        let tmux = try Tmux([binary, "learn", "tcp-workflow", "--plain"], rows: 200, environment: ["TMPDIR": tmpdir])
        try tmux.waitFor(text: "[Enter: next step")
        try tmux.send("-l", "abc")
        try tmux.waitFor(text: "abc")
        try tmux.send("C-d")
        #expect(tmux.exitStatus() == 0)
        let screen = try tmux.waitFor(text: "[session] left:")
        #expect(!screen.contains("== end of lesson =="), "it left, it did not run to the end")
        #expect(privateDirectories(in: tmpdir).isEmpty)
    }

    @Test func enterAdvancesAndAcceptResumesWhileTheRunnerWaits() throws {
        let tmpdir = try makeTMPDIR()
        defer { try? FileManager.default.removeItem(atPath: tmpdir) }
        let tmux = try Tmux([binary, "learn", "tcp-workflow", "--plain"], rows: 200, environment: ["TMPDIR": tmpdir])
        try stepUntilAcceptBlocks(tmux)
        // Two steps of the client (socket, connect): the server's accept then resumes on its own thread.
        try tmux.send("Enter")
        try tmux.waitFor(text: "[client] socket(")
        try tmux.send("Enter")
        try tmux.waitFor("accept to resume") { $0.range(of: #"\[server\] <… accept resumed> = \d+ \{127\.0\.0\.1:\d+\}"#, options: .regularExpression) != nil }
        try tmux.send("C-d")
        #expect(tmux.exitStatus() == 0)
        try tmux.waitFor(text: "[session] left:")
    }
}

/// What a crashed run left behind is removed at the next start; nothing else is.
@Suite(.serialized) struct StalePrivateDirectoryTests {
    let cli = CLITests()

    func directory(_ base: String, _ name: String, owner: String?) throws -> String {
        let path = base + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        if let owner { try owner.write(toFile: path + "/.owner", atomically: false, encoding: .utf8) }
        return path
    }

    @Test func aDeadRunsDirectoryIsRemovedAtStartAndALiveOnesIsKept() throws {
        var template = Array("/tmp/st-stale-XXXXXX".utf8CString)
        let tmpdir = String(cString: try #require(mkdtemp(&template)))
        defer { try? FileManager.default.removeItem(atPath: tmpdir) }

        // A pid that is surely gone: a child that has exited and been reaped.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = try directory(tmpdir, "sockettutor.dead01", owner: "\(child.processIdentifier)\n")
        FileManager.default.createFile(atPath: dead + "/echo.sock", contents: nil)
        // pid 1 is alive but no sockettutor: the owner is gone, its pid reused.
        let reused = try directory(tmpdir, "sockettutor.reuse1", owner: "1\n")

        // A live sockettutor: a lesson that serves outside clients waits while stdin stays open.
        let liveTMPDIR = tmpdir + "/live"
        try FileManager.default.createDirectory(atPath: liveTMPDIR, withIntermediateDirectories: false)
        let live = Process()
        live.executableURL = CLITests.binary
        live.arguments = ["learn", "your-client", "--plain"]
        live.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": liveTMPDIR]) { $1 }
        let stdin = Pipe()
        live.standardInput = stdin
        live.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try live.run()
        defer {
            try? stdin.fileHandleForWriting.close()   // stdin closed: it leaves
            live.waitUntilExit()
        }
        let alive = try directory(tmpdir, "sockettutor.alive1", owner: "\(live.processIdentifier)\n")
        // Without an owner file (an older version's, or one being made): never touched.
        let unowned = try directory(tmpdir, "sockettutor.noown1", owner: nil)
        let other = try directory(tmpdir, "sockettutor-other", owner: "\(child.processIdentifier)\n")

        let r = try cli.run(["learn", "layers", "--plain"], environment: ["TMPDIR": tmpdir])
        #expect(r.status == 0, "\(r.stderr)")
        let fm = FileManager.default
        #expect(!fm.fileExists(atPath: dead), "the dead run's directory and its socket file are gone")
        #expect(!fm.fileExists(atPath: reused))
        #expect(fm.fileExists(atPath: alive + "/.owner"), "a running sockettutor's directory is kept")
        #expect(fm.fileExists(atPath: unowned))
        #expect(fm.fileExists(atPath: other + "/.owner"))
        // And the run's own directory went with its teardown.
        let left = try fm.contentsOfDirectory(atPath: tmpdir).filter { $0.hasPrefix("sockettutor.") }.sorted()
        #expect(left == ["sockettutor.alive1", "sockettutor.noown1"])
    }
}
