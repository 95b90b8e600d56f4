import Foundation
import Testing

/// Lesson files from strangers, through the binary as a teacher would run them.
extension CLITests {
    static let unixLesson = """
        format_version: 1
        id: unixy
        title: U
        summary: s
        actors: [server, client]
        sections:
          - id: a
            text: t
            steps:
              - {id: s, actor: server, call: socket, family: AF_UNIX, as: s}
              - {id: b, actor: server, call: bind, fd: $s, address: "unix:a-socket-name-of-forty-eight-bytes-exactly-xx"}
              - {id: l, actor: server, call: listen, fd: $s, backlog: 1}
              - {id: c, actor: client, call: socket, family: AF_UNIX, as: c}
              - {id: k, actor: client, call: connect, fd: $c, address: "unix:a-socket-name-of-forty-eight-bytes-exactly-xx"}
        """

    @Test func aLongTMPDIRCannotPushAUnixSocketOutsideThePrivateDirectory() throws {
        let long = "/tmp/" + String(repeating: "t", count: 90)
        try FileManager.default.createDirectory(atPath: long, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: long) }
        let r = try withLessonFile("unixy", Self.unixLesson) { try run(["lint", "--run", "--languages", "en", $0], environment: ["TMPDIR": long]) }
        #expect(r.status == 0, "\(r.stderr)")
        // The private directory went to /tmp, the whole path fitted, and nothing is left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: long).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "a-socket-name-of-forty-eight-bytes-exactly-xx"))
    }

    @Test func lintRunPlacesARunTimeRefusalAtItsStep() throws {
        let text = """
            format_version: 1
            id: wide
            title: W
            summary: s
            actors: [server]
            sections:
              - id: a
                text: t
                steps:
                  - {id: s, actor: server, call: socket, as: s}
                  - {id: l, actor: server, call: listen, fd: $s, backlog: 1}
            """
        let r = try withLessonFile("wide", text) { try run(["lint", "--run", "--languages", "en", $0]) }
        #expect(r.status == 1)
        #expect(r.stderr.contains("wide.yaml:11:9: step l refused: listen on a socket not bound to loopback (no bind, connect or accept of this lesson gave it an address) would listen on every interface"), "\(r.stderr)")
        #expect(!r.stderr.contains(":1:1:"))
    }

    @Test func lintRefusesAnAliasBombAndAHugeNameAtOnce() throws {
        var bomb = "format_version: 1\nid: bomb\nl0: &l0 [x, x, x, x, x, x, x, x, x]\n"
        for i in 1...10 { bomb += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
        bomb += "? *l10\n: boom\n"
        let r = try withLessonFile("bomb", bomb) { try run(["lint", $0]) }
        #expect(r.status == 1)
        #expect(r.stderr.hasSuffix("bomb.yaml:3:5: YAML anchors (&name) are not allowed in a lesson file; write the value out (or quote it)\n"), "\(r.stderr)")
        let huge = "format_version: 1\nid: huge\ntitle: t\nsummary: s\nactors: [a]\nsections:\n  - id: x\n    text: t\n    steps:\n      - {id: s, actor: a, call: " + String(repeating: "x", count: 2_000_000) + "}\n"
        let h = try withLessonFile("huge", huge) { try run(["lint", $0]) }
        #expect(h.status == 1)
        #expect(h.stderr.hasSuffix("huge.yaml:1:1: the file is 2000136 bytes; a lesson file may have at most 524288\n"), "\(h.stderr)")
    }
}
