import Foundation
import Testing

/// Drives the built `sockettutor` binary as a learner or a CI script would.
@Suite(.serialized) struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    }

    static var binary: URL {
        _ = isolatedHome
        // The test bundle sits in the build directory beside the product.
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("sockettutor")
    }

    /// Every program the tests start keeps its automatic recordings here, never in the
    /// user's own ~/.local/state (children and tmux servers inherit the environment).
    static let isolatedHome: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sockettutor-tests-\(getpid())").path
        setenv("SOCKETTUTOR_HOME", path, 1)
        return path
    }()

    static var sourceLessons: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Lessons").path
    }

    func run(_ arguments: [String], executable: URL = CLITests.binary, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env.removeValue(forKey: "LC_ALL")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        // stderr to a file, not a second pipe: read one pipe to its end while the child fills
        // the other (lint's hundreds of lines) and both wait for ever.
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errFile) }
        let err = try FileHandle(forWritingTo: errFile)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try process.run()
        try err.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? Data(contentsOf: errFile)) ?? Data()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Writes `text` as ID.yaml in a fresh directory, passes its path, and removes it after.
    func withLessonFile<R>(_ id: String, _ text: String, _ body: (String) throws -> R) throws -> R {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("\(id).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try body(file.path)
    }

    @Test func listShowsTheLessonsInTeachingOrder() throws {
        let r = try run(["list"])
        #expect(r.status == 0)
        let ids = r.lines.compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map(String.init) }
        // The order of Lessons/course.yaml (read there, so that a lesson added to it is expected too).
        #expect(ids == PythonTruthTests.courseIDs)
        #expect(Array(ids.prefix(2)) == ["client-server", "layers"])
        #expect(ids.firstIndex(of: "tcp-workflow")! < ids.firstIndex(of: "closing")!)
    }

    @Test func noArgumentsWithoutATerminalShowsTheListAndWhyThereIsNoMenu() throws {
        let r = try run([])
        #expect(r.status == 0)
        #expect(r.stdout.contains("tcp-workflow"))
        #expect(r.stdout.contains("sockettutor learn client-server"))
        #expect(r.stdout.contains("(No menu: standard output is not a terminal.)"))
    }

    @Test func learnWithoutATerminalFallsBackToPlainWithOneLineNote() throws {
        let r = try run(["learn", "layers"])
        #expect(r.status == 0)
        #expect(r.stderr == "sockettutor: standard output is not a terminal: showing the plain transcript (--plain)\n")
        #expect(r.stdout.contains("== end of lesson =="))
    }

    @Test func thePlainTranscriptHasStracesShapeAndPythonBeneath() throws {
        let r = try run(["learn", "tcp-workflow", "--plain"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.lines
        let calls = lines.filter { $0.hasPrefix("[server] ") || $0.hasPrefix("[client] ") }
        #expect(calls.first?.hasPrefix("[server] socket(AF_INET, SOCK_STREAM, 0) = ") == true)
        #expect(calls.contains { $0.range(of: #"^\[server\] bind\(\d+, \{AF_INET, 127\.0\.0\.1:0\}\) = 0$"#, options: .regularExpression) != nil })
        #expect(calls.contains { $0.range(of: #"^\[server\] accept\(\d+, …\) <blocked>$"#, options: .regularExpression) != nil })
        #expect(calls.contains { $0.range(of: #"^\[server\] <… accept resumed> = \d+ \{127\.0\.0\.1:\d+\}$"#, options: .regularExpression) != nil })
        #expect(calls.contains { $0.hasSuffix("= -1 EPIPE (Broken pipe)") })
        // Every complete call line is followed by its Python line, indented (after the
        // import it needs, the first time a module is used).
        for (i, line) in lines.enumerated() where line.hasPrefix("[server] socket(") || line.hasPrefix("[client] connect(") {
            let python = lines[(i + 1)...].prefix { $0.hasPrefix("    ") }.filter { !$0.hasPrefix("    import ") }
            #expect(python.first.map { $0.contains("socket.") || $0.contains(".connect(") } == true, "\(line): \(python)")
        }
        #expect(lines.filter { $0 == "    import socket" }.count == 1, "import socket shown once")
        #expect(lines.contains("== end of lesson =="))
    }

    @Test func anUnknownLessonIsAnErrorThatListsTheLessons() throws {
        let r = try run(["learn", "tcp-wrokflow", "--plain"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("unknown lesson 'tcp-wrokflow'"))
        #expect(r.stderr.contains(Course.ids.joined(separator: ", ")))
        // A usage error of learn's: learn's usage under it, not the root command's.
        #expect(r.status == 64)
        #expect(r.stderr.contains("Usage: sockettutor learn <id>"), "\(r.stderr)")
    }

    @Test func aWaitOutOfRangeOrAnEmptyLessonsPathIsAUsageErrorNotACrash() throws {
        // `--wait -1` with a space too: a value to check, not a "Missing value" and a flag.
        for value in [["--wait=nan"], ["--wait=-inf"], ["--wait=1e300"], ["--wait=-1"], ["--wait=0"],
                      ["--wait", "-1"], ["--wait", "-inf"]] {
            let r = try run(["learn", "your-client", "--plain"] + value)
            #expect(r.status == 64, "\(value): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("--wait") && r.stderr.contains("86400"), "\(value): \(r.stderr)")
        }
        let empty = try run(["list", "--lessons", ""])
        #expect(empty.status == 64, "\(empty.stderr)")
        #expect(empty.stderr.contains("--lessons: the directory path is empty"), "\(empty.stderr)")
    }

    @Test func aWrongFlagOrLanguageIsAUsageError() throws {
        let flag = try run(["learn", "tcp-workflow", "--plian"])
        #expect(flag.status == 64)
        #expect(flag.stderr.contains("--plian"))
        let lang = try run(["list", "--lang", "fr"])
        #expect(lang.status == 64)
        #expect(lang.stderr.contains("--lang: unknown language 'fr': choose one of en, zh"), "\(lang.stderr)")
    }

    @Test func lintPassesTheRealLessonsAndRunsThem() throws {
        // Running them is this test's part; that every text has both languages is the next one's.
        let r = try run(["lint", "--run", "--languages", "en", Self.sourceLessons])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\(PythonTruthTests.courseIDs.count) lessons OK"), "\(r.stdout)")
    }

    @Test func everyTextOfTheCourseIsInEnglishAndChinese() throws {
        let r = try run(["lint", Self.sourceLessons])
        let missing = r.stderr.split(separator: "\n")
        #expect(r.status == 0, "\(missing.count) problems, the first: \(missing.prefix(5).joined(separator: "\n"))")
    }

    @Test func lintNamesTheFileAndPositionOfEachProblem() throws {
        let broken = """
        format_version: 1
        id: broken
        title: Broken
        summary: s
        actors: [server]
        sections:
          - id: a
            text: t
            steps:
              - id: s
                actor: server
                call: acept
        """
        let r = try withLessonFile("broken", broken) { try run(["lint", $0]) }
        #expect(r.status == 1)
        #expect(r.stderr.contains("broken.yaml:12:15: unknown call 'acept' (did you mean 'accept'?)"))
    }

    @Test func lintRunCatchesAnExpectationTheKernelDoesNotMeet() throws {
        let wrong = """
        format_version: 1
        id: wrong
        title: Wrong
        summary: s
        actors: [server]
        sections:
          - id: a
            text: t
            steps:
              - {id: s, actor: server, call: socket, as: s}
              - {id: l, actor: server, call: send, fd: $s, data: x, expect: ENOTCONN}
              - {id: c, actor: server, call: close, fd: $s}
        """
        let r = try withLessonFile("wrong", wrong) { try run(["lint", "--run", "--languages", "en", $0]) }
        #expect(r.status == 1)
        #expect(r.stderr.contains("wrong.yaml:11:9: step 'l' was expected to fail with ENOTCONN, but it raised BrokenPipeError (EPIPE)"))
    }

    @Test func aMissingLessonsDirectoryIsNamed() throws {
        let r = try run(["list", "--lessons", "/nonexistent/lessons"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/nonexistent/lessons:1:1: no such lessons directory"))
    }

    /// The real course, its lesson tcp-workflow replaced by a file whose sections are broken.
    func withBrokenThirdLesson<R>(_ body: (String) throws -> R) throws -> R {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lazy-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Self.sourceLessons, toPath: dir.path)
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = """
        format_version: 1
        id: tcp-workflow
        title: A workflow with a broken step
        summary: s
        actors: [server]
        sections:
          - id: a
            text: t
            steps:
              - id: s
                actor: server
                call: acept
        """
        try broken.write(to: dir.appendingPathComponent("tcp-workflow.yaml"), atomically: true, encoding: .utf8)
        return try body(dir.path)
    }

    @Test func listReadsOnlyHeadersSoABrokenSectionsStillListsEveryTitleAndLearnReportsIt() throws {
        try withBrokenThirdLesson { dir in
            let list = try run(["list", "--lessons", dir])
            #expect(list.status == 0, "\(list.stderr)")
            #expect(list.lines.count == PythonTruthTests.courseIDs.count + 1)  // the lessons and the final newline
            // The id column is as wide as the longest id of the course.
            let row = list.lines[Course.number("tcp-workflow") - 1]
            #expect(row.hasPrefix(Course.row("tcp-workflow") + "  ") && row.hasSuffix("  A workflow with a broken step"), "\(row)")
            #expect(list.stdout.contains("your-client"))

            let learn = try run(["learn", "tcp-workflow", "--plain", "--auto", "--lessons", dir])
            #expect(learn.status != 0)
            #expect(learn.stderr.contains("\(dir)/tcp-workflow.yaml:12:15: unknown call 'acept' (did you mean 'accept'?)"), "\(learn.stderr)")
            #expect(!learn.stdout.contains("socket("))

            // The other lessons still open; lint still parses every file in full.
            let other = try run(["learn", "layers", "--plain", "--auto", "--lessons", dir])
            #expect(other.status == 0, "\(other.stderr)")
            let lint = try run(["lint", dir])
            #expect(lint.status == 1)
            #expect(lint.stderr.contains("\(dir)/tcp-workflow.yaml:12:15: unknown call 'acept'"))
        }
    }

    /// The transcript's calls and return values agree with what strace saw the process do.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace")))
    func theTranscriptAgreesWithStrace() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("strace-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: log) }
        let r = try run(["-f", "-e", "trace=network", "-o", log.path, Self.binary.path, "learn", "tcp-workflow", "--plain"],
                        executable: URL(fileURLWithPath: "/usr/bin/strace"))
        #expect(r.status == 0, "\(r.stderr)")
        let straced = try String(contentsOf: log, encoding: .utf8)
        // strace: "123 accept(3, {...}, [128 => 16]) = 5" or "<... accept resumed>..." — keep name and result.
        // The session's own thread looks at the kernel (sock_diag over netlink, TCP_INFO,
        // the names, packet capture), and the main thread tries AF_PACKET at start-up: set
        // their calls apart, and check that they only look.
        let lines = straced.split(separator: "\n")
        let observers = Set(lines.filter { $0.contains("socket(AF_NETLINK") || $0.contains("socket(AF_PACKET") || $0.contains("TCP_INFO") }
            .compactMap { $0.split(separator: " ").first })
        #expect(!observers.isEmpty, "the kernel view's calls were expected in strace's log")
        let looking: Set<String> = ["socket", "sendto", "recvfrom", "recvmsg", "getsockopt", "getsockname", "getpeername",
                                    "setsockopt", "bind"]
        for line in lines where observers.contains(line.split(separator: " ").first ?? "") {
            guard let name = line.firstMatch(of: /^\d+\s+(?:<\.\.\. )?(\w+)/)?.1 else { continue }
            #expect(looking.contains(String(name)), "the kernel view made a call that changes something: \(line)")
            if name == "socket" { #expect(line.contains("AF_NETLINK") || line.contains("AF_PACKET"), "\(line)") }
        }
        var fromStrace: [String] = []
        for line in lines where !observers.contains(line.split(separator: " ").first ?? "") {
            guard let m = line.firstMatch(of: /^\d+\s+(?:<\.\.\. )?(\w+)(?:\(| resumed>).*?= (-?\d+)(?: (E[A-Z]+))?/) else { continue }
            if line.contains("unfinished") { continue }
            var name = String(m.1)
            name = ["sendto": "send", "recvfrom": "recv", "accept4": "accept"][name] ?? name
            fromStrace.append("\(name) = \(m.2)\(m.3.map { " " + $0 } ?? "")")
        }
        var fromTranscript: [String] = []
        for line in r.lines where line.hasPrefix("[server] ") || line.hasPrefix("[client] ") {
            guard !line.hasSuffix("<blocked>"),
                  let m = line.firstMatch(of: /^\[\w+\] (?:<… )?(\w+)(?:\(| resumed>).*?= (-?\d+)(?: (E[A-Z]+))?/) else { continue }
            let name = String(m.1)
            // close is not a network call for strace.
            if name == "close" { continue }
            fromTranscript.append("\(name) = \(m.2)\(m.3.map { " " + $0 } ?? "")")
        }
        #expect(!fromTranscript.isEmpty)
        #expect(fromStrace.sorted() == fromTranscript.sorted())
    }
}
