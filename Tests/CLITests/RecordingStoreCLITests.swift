import Foundation
import Testing

/// The automatic recordings: every live session kept under SOCKETTUTOR_HOME/recordings,
/// the newest 50 only, none with --no-record; the end record says how it ended.
@Suite(.serialized) struct RecordingStoreCLITests {
    let cli = CLITests()

    func home() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("st-home-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func recordings(_ home: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: home + "/recordings")) ?? []).sorted()
    }

    /// The file's lines as JSON objects.
    func lines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func aLiveSessionIsKeptWithItsHeaderEventsAndEnd() throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let r = try cli.run(["learn", "tcp-workflow", "--plain", "--auto", "--no-capture"], environment: ["SOCKETTUTOR_HOME": home])
        #expect(r.status == 0, "\(r.stderr)")
        let kept = recordings(home)
        try #require(kept.count == 1)
        #expect(kept[0].hasSuffix(".jsonl") && kept[0].contains("-tcp-workflow-"))
        let attributes = try FileManager.default.attributesOfItem(atPath: home + "/recordings/" + kept[0])
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "a learner's own sessions are private")
        let l = try lines(home + "/recordings/" + kept[0])
        #expect(l.first?["format"] as? String == "sockettutor-recording")
        #expect((l.first?["lesson"] as? [String: Any])?["id"] as? String == "tcp-workflow")
        #expect(l.last?["end"] as? String == "finished")
        #expect(l.last?["events"] as? Int == l.count - 2)
        // Never recorded: keystrokes, the environment, the user's name or home.
        let text = try String(contentsOfFile: home + "/recordings/" + kept[0], encoding: .utf8)
        if let user = ProcessInfo.processInfo.environment["HOME"], user.count > 1 { #expect(!text.contains(user + "/")) }
        #expect(!text.contains("SOCKETTUTOR_HOME") && !text.contains("PATH="))
    }

    @Test func noRecordKeepsNothing() throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let r = try cli.run(["learn", "layers", "--plain", "--auto", "--no-capture", "--no-record"], environment: ["SOCKETTUTOR_HOME": home])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(recordings(home).isEmpty)
    }

    @Test func theStoreKeepsTheNewestFifty() throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/recordings", withIntermediateDirectories: true)
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TUITests/Fixtures/client-server.jsonl").path
        // 55 older sessions, named as the store names them (UTC start time first).
        for day in 1...55 {
            let name = String(format: "202601%02dT100000.000Z-client-server-1.jsonl", day % 28 + 1) .replacingOccurrences(of: "T10", with: day > 28 ? "T11" : "T10")
            try FileManager.default.copyItem(atPath: fixture, toPath: home + "/recordings/" + name)
        }
        let unrelated = home + "/recordings/notes.txt"
        FileManager.default.createFile(atPath: unrelated, contents: Data("mine".utf8))
        let r = try cli.run(["learn", "layers", "--plain", "--auto", "--no-capture"], environment: ["SOCKETTUTOR_HOME": home])
        #expect(r.status == 0, "\(r.stderr)")
        let kept = recordings(home).filter { $0.hasSuffix(".jsonl") }
        #expect(kept.count == 50)
        #expect(kept.last?.contains("-layers-") == true, "the new session is kept")
        #expect(!kept.contains("20260102T100000.000Z-client-server-1.jsonl"), "the oldest went")
        #expect(FileManager.default.fileExists(atPath: unrelated), "only recordings are pruned")
    }

    /// `learn your-client --plain` recording to `record`, started and waited for until its
    /// serve step waits for a client (the instructions are written); stdin stays open.
    func startServing(record: String, home: String, extra: [String] = []) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["learn", "your-client", "--plain", "--wait", "60", "--record", record] + extra
        process.environment = ProcessInfo.processInfo.environment.merging(["SOCKETTUTOR_HOME": home]) { $1 }
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let deadline = Date(timeIntervalSinceNow: 20)
        while Date() < deadline, !((try? String(contentsOfFile: record, encoding: .utf8)) ?? "").contains(#""kind":"instructions""#) {
            usleep(50_000)
        }
        return (process, stdin)
    }

    @Test func theEndRecordNamesTheSignalThatEndedTheSession() throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let record = home + "/explicit.jsonl"
        let (process, stdin) = try startServing(record: record, home: home)
        defer { try? stdin.fileHandleForWriting.close() }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
        for path in [record, home + "/recordings/" + (recordings(home).first ?? "?")] {
            let last = try lines(path).last
            #expect(last?["end"] as? String == "signal", "\(path)")
            #expect(last?["signal"] as? Int == 15)
        }
    }

    @Test func aSessionKilledOutrightLeavesARecordingWithoutAnEnd() throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let record = home + "/killed.jsonl"
        let (process, stdin) = try startServing(record: record, home: home, extra: ["--no-record"])
        defer { try? stdin.fileHandleForWriting.close() }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Every line written is whole: flushed as it went, and no end record.
        let l = try lines(record)
        #expect(l.count > 5)
        #expect(l.allSatisfy { $0["end"] == nil })
        #expect(l.dropFirst().enumerated().allSatisfy { $0.element["seq"] as? Int == $0.offset + 1 })
    }

    @Test(.enabled(if: Tmux.available)) func aFullScreenSessionIsRecordedWithItsTerminalSize() throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let record = home + "/tui.jsonl"
        let tmux = try Tmux([CLITests.binary.path, "learn", "tcp-workflow", "--record", record, "--no-capture"],
                            columns: 100, rows: 30, environment: ["SOCKETTUTOR_HOME": home])
        _ = try tmux.waitFor(text: "quit")
        try tmux.send("Space")
        _ = try tmux.waitFor(text: "bind(")
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
        let l = try lines(record)
        #expect((l.first?["terminal"] as? [String: Any])?["columns"] as? Int == 100)
        #expect((l.first?["terminal"] as? [String: Any])?["rows"] as? Int == 30)
        #expect(l.contains { $0["kind"] as? String == "call_finished" })
        #expect(l.last?["end"] as? String == "left", "q before the last step: left")
        #expect(recordings(home).count == 1, "the automatic copy too")
    }

    @Test func aRecordFileThatCannotBeWrittenStopsBeforeTheLessonNamingIt() throws {
        let r = try cli.run(["learn", "layers", "--plain", "--auto", "--no-capture", "--record", "/nonexistent-dir/x.jsonl", "--no-record"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/nonexistent-dir/x.jsonl") && r.stderr.contains("ENOENT"), "\(r.stderr)")
        #expect(!r.stdout.contains("[server]"), "no call was made")
    }

    @Test func replayLastOpensTheNewestSession() throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        for id in ["client-server", "layers"] {
            let r = try cli.run(["learn", id, "--plain", "--auto", "--no-capture"], environment: ["SOCKETTUTOR_HOME": home])
            #expect(r.status == 0, "\(r.stderr)")
            usleep(5_000)  // names carry milliseconds: the second sorts after the first
        }
        let live = try cli.run(["learn", "tcp-workflow", "--plain", "--auto", "--no-capture"], environment: ["SOCKETTUTOR_HOME": home])
        #expect(recordings(home).count == 3)
        let replayed = try cli.run(["replay", "--last", "--plain"], environment: ["SOCKETTUTOR_HOME": home])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        let calls = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("[server]") || $0.hasPrefix("[client]") } }
        #expect(!calls(replayed.stdout).isEmpty)
        #expect(calls(replayed.stdout) == calls(live.stdout), "the newest is tcp-workflow's")
    }
}
