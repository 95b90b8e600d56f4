import Foundation
import Glibc
import LessonKit
import Testing

/// Every lesson of the course, run by the real binary with `--record`, then its Python lines
/// run for real by python3 (PythonTruth/harness.py): one thread per actor, in the lesson's
/// order, the real ports substituted. Each step must give what the C line beside it gave:
/// return value and fd numbers, byte counts, data, b'', the exception and errno, and blocking
/// (still asleep in the kernel, released only by the step that released it in C).
@Suite(.serialized) struct PythonTruthTests {
    static let lessonsDirectory = CLITests.sourceLessons
    static let harness = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("PythonTruth/harness.py").path

    /// The course's lessons, read from course.yaml itself: lessons added later are checked too.
    static var courseIDs: [String] {
        (try? LessonCatalog.load(directory: URL(fileURLWithPath: lessonsDirectory)))?.ids ?? []
    }

    struct Finished { var status: Int32; var stdout: String; var stderr: String }

    /// Runs a process with a deadline: killed (and the test failed) if it takes longer.
    static func run(_ executable: String, _ arguments: [String], stdin: String?, timeout: Double) throws -> Finished? {
        let p = Process()
        // Through a wrapper that closes every inherited descriptor above 2 (the test runner's,
        // the shell's): both runs start as a learner's program does, with 0, 1, 2 only.
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import os, sys; os.closerange(3, 65536); os.execvp(sys.argv[1], sys.argv[1:])",
                       executable] + arguments
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"; env.removeValue(forKey: "LC_ALL")
        p.environment = env
        // Output to files, not pipes: nothing to drain while waiting with a deadline.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("truth-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: base + ".out", contents: nil)
        FileManager.default.createFile(atPath: base + ".err", contents: nil)
        defer { try? FileManager.default.removeItem(atPath: base + ".out"); try? FileManager.default.removeItem(atPath: base + ".err") }
        p.standardOutput = FileHandle(forWritingAtPath: base + ".out")
        p.standardError = FileHandle(forWritingAtPath: base + ".err")
        // No input file: a pipe kept open until the end (closing stdin would end a serving lesson).
        let held = Pipe()
        defer { try? held.fileHandleForWriting.close() }
        p.standardInput = stdin.flatMap { FileHandle(forReadingAtPath: $0) } ?? held
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        try p.run()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            kill(p.processIdentifier, SIGKILL)
            _ = done.wait(timeout: .now() + 5)
            return nil
        }
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return Finished(status: p.terminationStatus, stdout: read(base + ".out"), stderr: read(base + ".err"))
    }

    @Test func theCourseIsReadFromCourseYaml() {
        #expect(PythonTruthTests.courseIDs.count >= 6)
        #expect(PythonTruthTests.courseIDs.first == "client-server")
    }

    @Test(arguments: PythonTruthTests.courseIDs)
    func everyPythonLineGivesTheCResultBesideIt(_ id: String) throws {
        let record = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(id)-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: record) }
        let wait = ["--wait", "0.3"]
        guard let c = try PythonTruthTests.run(CLITests.binary.path,
                                               ["learn", id, "--plain", "--auto", "--record", record, "--lessons", PythonTruthTests.lessonsDirectory] + wait,
                                               stdin: nil, timeout: 60) else {
            Issue.record("\(id): the lesson did not finish within 60 s"); return
        }
        #expect(c.status == 0, "\(id): \(c.stderr)")
        guard let py = try PythonTruthTests.run("/usr/bin/env", ["python3", "-I", PythonTruthTests.harness, id], stdin: record, timeout: 60) else {
            Issue.record("\(id): the Python run did not finish within 60 s"); return
        }
        let lines = py.stdout.split(separator: "\n").map(String.init)
        let summary = lines.last ?? ""
        #expect(summary.contains("\"mismatches\": 0"), "\(id): python3 exited \(py.status)\n\(py.stdout)\(py.stderr)")
        #expect(py.status == 0)
        #expect(!summary.contains("\"steps\": 0"), "\(id): the record held no step")
    }
}
