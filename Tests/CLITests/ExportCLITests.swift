import Foundation
import Testing
import Tutor

/// `sockettutor export` through the real binary, with pipes for stdout and /dev/null for
/// stdin (no terminal anywhere), as a CI job would run it.
extension CLITests {
    /// A fresh directory of the test's own, removed after `body`.
    func withDirectory<R>(_ body: (String) throws -> R) throws -> R {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try body(dir)
    }

    /// Records tcp-workflow run to the end, as a learner's `--record` would.
    func recordTCPWorkflow(in dir: String) throws -> String {
        let path = dir + "/tcp-workflow.rec"
        let r = try run(["learn", "tcp-workflow", "--plain", "--auto", "--no-capture", "--record", path])
        try #require(r.status == 0, "\(r.stderr)")
        return path
    }

    /// The cast's lines as JSON values: the header, then the events.
    func readCast(_ path: String) throws -> (header: [String: Any], events: [[Any]]) {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let events = try lines.dropFirst().map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [Any]) }
        return (header, events)
    }

    @Test func exportOfARecordedLessonWritesAValidCastWithoutATerminal() throws {
        try withDirectory { dir in
            let recording = try recordTCPWorkflow(in: dir)
            let out = dir + "/lesson.cast"
            // NO_COLOR empty: the test runner may have it set.
            let r = try run(["export", recording, "--asciicast", out, "--size", "120x40"], environment: ["NO_COLOR": ""])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.isEmpty, "\(r.stderr)")
            #expect(r.stdout.hasPrefix(out + ": "), "\(r.stdout)")

            let read = try RecordingReader.read(path: recording)
            let cast = try readCast(out)
            #expect(cast.header["version"] as? Int == 2)
            #expect(cast.header["width"] as? Int == 120 && cast.header["height"] as? Int == 40)
            #expect(cast.header["timestamp"] as? Int == Int(read.header.startedAt.timeIntervalSince1970))
            #expect(cast.events.allSatisfy { $0.count == 3 && $0[0] is NSNumber && $0[2] is String })
            #expect(cast.events.filter { $0[1] as? String == "o" }.count == read.events.count)
            var steps = 0
            if case .started(let info)? = read.events.first?.event { steps = info.stepCount }
            #expect(steps > 0 && cast.events.filter { $0[1] as? String == "m" }.count == steps)
            // Written whole through a temporary file that is gone now.
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["lesson.cast", "tcp-workflow.rec"])

            // NO_COLOR: attributes only (the title bar in reverse video), no colour codes.
            let plain = dir + "/plain.cast"
            let p = try run(["export", recording, "--asciicast", plain], environment: ["NO_COLOR": "1"])
            #expect(p.status == 0, "\(p.stderr)")
            let text = try String(contentsOfFile: plain, encoding: .utf8)
            #expect(text.contains(#"\u001b[0;7m Lesson "#))
            #expect(text.range(of: #";[34][0-7]m"#, options: .regularExpression) == nil, "no colour in a NO_COLOR cast")
            #expect(try String(contentsOfFile: out, encoding: .utf8).contains(#"\u001b[0;30;46m Lesson "#))
            try FileManager.default.removeItem(atPath: plain)
        }
    }

    @Test func aMissingRecordingABadSizeOrAnUnwritablePathFailsNamingIt() throws {
        try withDirectory { dir in
            let out = dir + "/out.cast"
            try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: out))
            let missing = try run(["export", dir + "/no-such.rec", "--asciicast", out])
            #expect(missing.status != 0)
            #expect(missing.stderr.contains(dir + "/no-such.rec"), "\(missing.stderr)")
            #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep me\n", "a failed export leaves OUT as it was")

            let recording = try recordTCPWorkflow(in: dir)
            for size in ["79x24", "80x23", "501x30", "100x201", "100", "100x30x2", "axb", "-100x30"] {
                let r = try run(["export", recording, "--asciicast", out, "--size", size])
                #expect(r.status == 64, "\(size): \(r.status)")
                #expect(r.stderr.contains("--size \(size)") && r.stderr.contains("80x24"), "\(size): \(r.stderr)")
            }
            let idle = try run(["export", recording, "--asciicast", out, "--idle-limit", "-1"])
            #expect(idle.status == 64 && idle.stderr.contains("--idle-limit"), "\(idle.stderr)")

            let unwritable = dir + "/no-such-dir/out.cast"
            let r = try run(["export", recording, "--asciicast", unwritable])
            #expect(r.status != 0)
            #expect(r.stderr.contains(unwritable) && r.stderr.contains("ENOENT"), "\(r.stderr)")
            let device = try run(["export", recording, "--asciicast", "/dev/null"])
            #expect(device.status != 0 && device.stderr.contains("/dev/null: not a regular file"), "\(device.stderr)")
            #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep me\n")
        }
    }

    @Test func aRecordingCutShortIsExportedWithAWarning() throws {
        try withDirectory { dir in
            let recording = try recordTCPWorkflow(in: dir)
            let lines = try String(contentsOfFile: recording, encoding: .utf8).split(separator: "\n")
            let cut = dir + "/cut.rec"
            try (lines.prefix(30).joined(separator: "\n") + "\n").write(toFile: cut, atomically: true, encoding: .utf8)
            let out = dir + "/cut.cast"
            let r = try run(["export", cut, "--asciicast", out])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains("cut short") && r.stderr.contains(cut), "\(r.stderr)")
            let read = try RecordingReader.read(path: cut)
            #expect(try readCast(out).events.filter { $0[1] as? String == "o" }.count == read.events.count)
        }
    }
}
