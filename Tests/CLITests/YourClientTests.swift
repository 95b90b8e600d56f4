import Foundation
import Glibc
import Testing

/// The your-client lesson, served to real clients from outside the process: Python's socket
/// module and nc, as a learner would run them in another terminal.
@Suite(.serialized) struct YourClientTests {
    /// Starts `learn your-client --plain` with a pipe for stdin (closing it ends the lesson).
    final class Lesson: @unchecked Sendable {
        let process = Process()
        let input = Pipe(), output = Pipe()
        private var text = ""
        private let lock = NSLock()

        init(wait: Int) throws {
            process.executableURL = CLITests.binary
            process.arguments = ["learn", "your-client", "--plain", "--wait", String(wait)]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            output.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                lock.lock(); text += String(decoding: data, as: UTF8.self); lock.unlock()
            }
            try process.run()
        }

        var transcript: String { lock.lock(); defer { lock.unlock() }; return text }

        /// Waits until the transcript matches, or fails after `timeout` seconds.
        func waitFor(_ what: String, timeout: Double = 10, _ matches: (String) -> Bool) throws -> String {
            let deadline = Date(timeIntervalSinceNow: timeout)
            while Date() < deadline {
                let now = transcript
                if matches(now) { return now }
                usleep(20_000)
            }
            throw Failure(description: "timed out waiting for \(what); transcript:\n\(transcript)")
        }

        func finish() -> Int32 {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            output.fileHandleForReading.readabilityHandler = nil
            // The handler may not have seen the last bytes yet: read what is left.
            let rest = output.fileHandleForReading.readDataToEndOfFile()
            lock.lock(); text += String(decoding: rest, as: UTF8.self); lock.unlock()
            return process.terminationStatus
        }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The port from `[you] In another terminal, connect to this server:  nc 127.0.0.1 PORT`.
    static func port(_ transcript: String) -> Int? {
        transcript.firstMatch(of: /\[you\] In another terminal, connect to this server:  nc 127\.0\.0\.1 (\d+)/).flatMap { Int($0.1) }
    }

    func client(_ executable: String, _ arguments: [String], stdin: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let inPipe = Pipe(), outPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        try p.run()
        inPipe.fileHandleForWriting.write(Data(stdin.utf8))
        try inPipe.fileHandleForWriting.close()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: out, as: UTF8.self)
    }

    @Test func aPythonClientAndThenNcAreServedAndTheLessonEndsWhenStdinCloses() throws {
        let lesson = try Lesson(wait: 60)
        defer { if lesson.process.isRunning { lesson.process.terminate() } }
        // The instructions come at once, flushed, with the real port.
        let first = try lesson.waitFor("the instructions") { Self.port($0) != nil && $0.contains("poll(") }
        let port = try #require(Self.port(first))

        let script = """
        import socket, sys
        s = socket.create_connection(('127.0.0.1', \(port)))
        print(s.getsockname()[1])
        print(s.recv(1024).decode(), end='')
        s.sendall(b'hi from python\\n')
        print(s.recv(1024).decode(), end='')
        s.close()
        """
        let python = try client("/usr/bin/env", ["python3", "-c", script], stdin: "")
        let pythonPort = try #require(python.split(separator: "\n").first.flatMap { Int($0) }, "\(python)")
        #expect(python.contains("hello from sockettutor"), "\(python)")
        #expect(python.contains("echo: hi from python"), "\(python)")
        // The server shows the accept with the Python client's real port, its bytes, its reply.
        let served = try lesson.waitFor("the Python client to be served") { $0.contains("{127.0.0.1:\(pythonPort)}") && $0.contains("close(") }
        #expect(served.contains(#"recv(5, "hi from python\n", 1024, 0) = 15"#) || served.contains(#""hi from python\n""#), "\(served)")
        #expect(served.contains(#"send(5, "echo: hi from python\n""#) || served.contains(#""echo: hi from python\n""#))

        if FileManager.default.isExecutableFile(atPath: "/usr/bin/nc") {
            // -N: shut down the sending side at the end of input, then read until the server closes.
            let nc = try client("/usr/bin/nc", ["-N", "127.0.0.1", String(port)], stdin: "hi from nc\n")
            #expect(nc.contains("hello from sockettutor") && nc.contains("echo: hi from nc"), "\(nc)")
            _ = try lesson.waitFor("the nc client to be served") { $0.contains(#""hi from nc\n""#) }
        }
        // Still waiting for the next client until stdin closes.
        #expect(lesson.transcript.components(separatedBy: "poll(").count >= 3)
        #expect(lesson.finish() == 0)
        #expect(lesson.transcript.contains("[note] standard input closed: leaving the lesson"))
        #expect(lesson.transcript.contains("[session] left: 1 actor thread joined"))
    }

    /// The Python one-liner the lesson prints is run as printed, several times: it gets the
    /// greeting and the echo whatever way TCP splits them (it reads until the server closes).
    @Test func thePrintedPythonClientWorksAsPrinted() throws {
        let lesson = try Lesson(wait: 30)
        defer { if lesson.process.isRunning { lesson.process.terminate() } }
        let first = try lesson.waitFor("the instructions") { $0.contains("[you] or with Python:  ") && Self.port($0) != nil }
        let line = try #require(first.split(separator: "\n").first { $0.hasPrefix("[you] or with Python:  ") })
        let command = String(line.dropFirst("[you] or with Python:  ".count))
        for run in 1...5 {
            let out = try client("/bin/sh", ["-c", "timeout 10 " + command], stdin: "")
            #expect(out.contains("hello from sockettutor") && out.contains("echo: hi"), "run \(run): \(out)")
        }
        #expect(lesson.finish() == 0)
    }

    @Test func withNoClientTheLessonStopsAfterWait() throws {
        let lesson = try Lesson(wait: 1)
        defer { if lesson.process.isRunning { lesson.process.terminate() } }
        _ = try lesson.waitFor("the lesson's end", timeout: 15) { $0.contains("== end of lesson ==") }
        #expect(lesson.transcript.contains("[you] no client came for 1 s: the server stops waiting"))
        // Shown whole, or as blocked then resumed, depending on when the driver looked.
        let gaveUp = lesson.transcript.contains(", 1000) = 0") || lesson.transcript.contains("poll resumed> = 0")
        #expect(gaveUp, "poll gave up after --wait: \(lesson.transcript)")
        #expect(lesson.finish() == 0)
    }

    /// The --plain serve used to stop 2 s after it began (the driver's "still waits" timer
    /// ended the lesson): later clients were refused and an open connection was cut.
    @Test func clientsAt3And5SecondsAreServedAndAnOpenConnectionIsNotCut() throws {
        let lesson = try Lesson(wait: 60)
        defer { if lesson.process.isRunning { lesson.process.terminate() } }
        let first = try lesson.waitFor("the instructions") { Self.port($0) != nil }
        let port = try #require(Self.port(first))
        let started = Date()
        func exchange(holdSeconds: Double, text: String) throws -> String {
            let script = """
            import socket, time
            s = socket.create_connection(('127.0.0.1', \(port)))
            got = b''
            while b'\\n' not in got: got += s.recv(1024)
            time.sleep(\(holdSeconds))
            s.sendall(b'\(text)\\n')
            want = b'echo: \(text)\\n'
            while want not in got:
                more = s.recv(1024)
                if not more: break
                got += more
            print(got.decode(), end='')
            s.close()
            """
            return try client("/usr/bin/env", ["python3", "-c", script], stdin: "")
        }
        usleep(useconds_t(max(0, 3 - Date().timeIntervalSince(started)) * 1e6))
        let at3 = try exchange(holdSeconds: 0, text: "at three")
        #expect(at3.contains("hello from sockettutor") && at3.contains("echo: at three"), "\(at3)")
        usleep(useconds_t(max(0, 5 - Date().timeIntervalSince(started)) * 1e6))
        // Held open 2.5 s after the greeting before it says anything: past the old 2 s cut.
        let held = try exchange(holdSeconds: 2.5, text: "held open")
        #expect(held.contains("echo: held open"), "\(held)")
        _ = try lesson.waitFor("the held client's echo") { $0.contains(#""echo: held open\n""#) }
        let before = lesson.transcript
        #expect(!before.contains("[teardown]"), "the lesson tore down while serving: \(before)")
        #expect(!before.contains("still waits"), "\(before)")
        #expect(!before.contains("== end of lesson =="), "\(before)")
        #expect(lesson.finish() == 0)
        #expect(lesson.transcript.contains("[session] left: 1 actor thread joined"))
    }
}
