import Foundation
import Testing

/// `sockettutor replay` driven as a script would: the transcript of a replay is the live
/// run's, bad files are errors that name them, and a replay makes no socket of its own.
@Suite(.serialized) struct ReplayCLITests {
    let cli = CLITests()

    /// A fresh directory for the test's files, removed after.
    func withDirectory<R>(_ body: (URL) throws -> R) throws -> R {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir)
    }

    static func callLines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("[server] ") || $0.hasPrefix("[client] ") || $0.hasPrefix("[kernel] ") }
    }

    @Test func replayPlainPrintsTheLiveRunsCallsLineForLine() throws {
        try withDirectory { dir in
            let record = dir.appendingPathComponent("tcp.jsonl").path
            let live = try cli.run(["learn", "tcp-workflow", "--plain", "--auto", "--record", record, "--no-capture"])
            #expect(live.status == 0, "\(live.stderr)")
            let replay = try cli.run(["replay", record, "--plain"])
            #expect(replay.status == 0, "\(replay.stderr)")
            #expect(replay.stderr.isEmpty, "\(replay.stderr)")
            let calls = Self.callLines(live.stdout)
            #expect(calls.count > 20)
            #expect(Self.callLines(replay.stdout) == calls)
            // Without prompts (from a pipe) the whole transcript is the same.
            #expect(replay.stdout == live.stdout)
            // Off a terminal the full screen falls back to the transcript, with a note.
            let fallback = try cli.run(["replay", record])
            #expect(fallback.status == 0)
            #expect(fallback.stderr == "sockettutor: standard output is not a terminal: showing the plain transcript (--plain)\n")
            #expect(fallback.stdout == live.stdout)
        }
    }

    @Test func aRecordingCutShortIsReplayedAndSaysSoOnStandardError() throws {
        try withDirectory { dir in
            let record = dir.appendingPathComponent("whole.jsonl").path
            #expect(try cli.run(["learn", "tcp-workflow", "--plain", "--auto", "--record", record, "--no-capture"]).status == 0)
            let lines = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n")
            let cut = dir.appendingPathComponent("cut.jsonl").path
            try (lines.prefix(lines.count / 2).joined(separator: "\n") + "\n").write(toFile: cut, atomically: true, encoding: .utf8)
            let r = try cli.run(["replay", cut, "--plain"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("[server] socket("))
            #expect(!r.stdout.contains("== end of lesson =="))
            #expect(r.stderr.contains("\(cut): the recording has no end record: the session was cut short"), "\(r.stderr)")
            // Said once (the reader's notice and the replay's said it twice), after the transcript.
            #expect(r.stderr.components(separatedBy: "no end record").count == 2, "\(r.stderr)")
            // In the language asked for; the transcript stays in the recorded one.
            let zh = try cli.run(["replay", cut, "--plain", "--lang", "zh"])
            #expect(zh.status == 0)
            #expect(zh.stderr == "sockettutor: \(cut)：这份录制文件没有结束记录：会话中途中断了（已写下的内容全部显示）\n", "\(zh.stderr)")
            #expect(zh.stdout == r.stdout)
        }
    }

    @Test func aMissingOrGarbageFileIsAnErrorNamingIt() throws {
        try withDirectory { dir in
            let missing = dir.appendingPathComponent("nothing-here.jsonl").path
            for arguments in [["replay", missing], ["replay", missing, "--plain"]] {
                let r = try cli.run(arguments)
                #expect(r.status != 0)
                #expect(r.stderr.contains(missing), "\(r.stderr)")
                #expect(r.stdout.isEmpty)
            }
            let garbage = dir.appendingPathComponent("garbage.jsonl").path
            try Data([0xff, 0xfe, 0x00, 0x41, 0x0a, 0x7b, 0x7b]).write(to: URL(fileURLWithPath: garbage))
            let r = try cli.run(["replay", garbage, "--plain"])
            #expect(r.status != 0 && r.status < 128, "an error, not a crash: \(r.status)")
            #expect(r.stderr.contains("\(garbage):"), "\(r.stderr)")
            let directory = try cli.run(["replay", dir.path, "--plain"])
            #expect(directory.status != 0 && directory.status < 128)
            #expect(directory.stderr.contains(dir.path))
        }
    }

    @Test func lastWithNoRecordingsSaysWhereTheyAreKept() throws {
        try withDirectory { dir in
            let r = try cli.run(["replay", "--last", "--plain"], environment: ["SOCKETTUTOR_HOME": dir.path])
            #expect(r.status == 1)
            #expect(r.stderr.contains("no recorded sessions yet"), "\(r.stderr)")
            #expect(r.stderr.contains(dir.appendingPathComponent("recordings").path))
        }
    }

    @Test func anIdleLimitOutOfRangeOrNoFileIsAUsageError() throws {
        for value in [["--idle-limit=0"], ["--idle-limit", "-1"], ["--idle-limit=nan"], ["--idle-limit=3601"], ["--idle-limit=inf"]] {
            let r = try cli.run(["replay", "x.jsonl"] + value)
            #expect(r.status == 64, "\(value): \(r.status)")
            #expect(r.stderr.contains("--idle-limit") && r.stderr.contains("3600"), "\(value): \(r.stderr)")
        }
        let none = try cli.run(["replay"])
        #expect(none.status == 64)
        #expect(none.stderr.contains("--last"))
        let both = try cli.run(["replay", "x.jsonl", "--last"])
        #expect(both.status == 64)
    }

    /// Replay never opens a socket: no network socket of any family, and no namespace.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace")))
    func replayMakesNoSocketAndEntersNoNamespace() throws {
        try withDirectory { dir in
            let record = dir.appendingPathComponent("tcp.jsonl").path
            #expect(try cli.run(["learn", "tcp-workflow", "--plain", "--auto", "--record", record]).status == 0)
            let log = dir.appendingPathComponent("strace.txt").path
            let r = try cli.run(["-f", "-e", "trace=socket,unshare", "-o", log, CLITests.binary.path, "replay", record, "--plain"],
                                executable: URL(fileURLWithPath: "/usr/bin/strace"))
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("[server] socket("), "the replay printed the recorded calls")
            let straced = try String(contentsOfFile: log, encoding: .utf8)
            for forbidden in ["AF_INET", "AF_INET6", "AF_PACKET", "AF_NETLINK", "unshare("] {
                #expect(!straced.contains(forbidden), "\(forbidden) in:\n\(straced)")
            }
        }
    }
}
