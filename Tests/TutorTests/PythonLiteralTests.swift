import Foundation
import LessonKit
import Testing
@testable import Tutor

/// A Python line is code a learner can paste: a long send must not come out cut ("…").
@Suite(.serialized) struct PythonLiteralTests {
    @Test func aLongSendIsShownWholeAndPythonReadsTheSameBytes() throws {
        let payload = "GET / HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\nUser-Agent: sockettutor-test/1.0 (a long line)\\r\\n\\r\\n"
        let lesson = try Fixtures.lesson("""
            format_version: 1
            id: fixture
            title: long send
            summary: a long send
            actors: [a]
            sections:
              - id: s
                text: t
                steps:
                  - {id: pair, actor: a, call: socketpair, as: p}
                  - {id: send, actor: a, call: send, fd: $p.0, data: "\(payload)"}
            """)
        let h = try SessionHarness(lesson)
        #expect(h.runToEnd())
        #expect(h.leave())
        let python = try #require(h.state.traces["a"]?.last?.python)
        #expect(!python.contains("…"), "\(python)")
        // The literal, evaluated by Python 3, is the bytes the C call sent.
        let literal = try #require(python.range(of: "b'").map { String(python[$0.lowerBound...].dropLast()) })
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sys; sys.stdout.write(str(len(eval(sys.argv[1]))))", literal]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        let count = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 0)
        let sent = h.state.traces["a"]?.last?.outcome?.returnValue
        #expect(count == sent.map(String.init), "Python's bytes: \(count), C sent: \(String(describing: sent))")
        #expect((sent ?? 0) > 60)
    }
}
