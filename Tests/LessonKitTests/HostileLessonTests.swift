import Foundation
import Testing
@testable import LessonKit

/// Lesson files are shared by strangers: each hostile input found in review is refused by
/// the loader at its own FILE:LINE:COL, never a crash, never slow.
@Suite struct HostileLessonTests {
    /// One actor `a` with a socket `$s`, then `steps` (YAML, indented as steps).
    static func lesson(_ steps: String, id: String = "hostile") -> String {
        """
        format_version: 1
        id: \(id)
        title: T
        summary: S
        actors: [a, b]
        sections:
          - id: one
            text: t
            steps:
              - id: mk
                actor: a
                call: socket
                as: s
        \(steps)
        """
    }

    static func errors(_ text: String) -> [String] {
        switch LessonLoader.parse(text, file: "hostile.yaml", expectedID: "hostile") {
        case .success: return []
        case .failure(let e): return e.errors.map(\.description)
        }
    }

    static func step(_ call: String, _ args: String) -> String {
        "      - id: x\n        actor: a\n        call: \(call)\n        fd: $s\n" + args.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n")
    }

    @Test(arguments: [
        ("listen", "backlog: 99999999999", "hostile.yaml:18:18: listen: 'backlog' must be in 0…65535"),
        ("poll", "timeout_ms: 99999999999", "hostile.yaml:18:21: poll: 'timeout_ms' must be in -1…3600000"),
        ("recv", "size: 9000000000000000000", "hostile.yaml:18:15: recv: 'size' must be in 0…1048576 (at most 1 MiB"),
        ("recv", "size: 8000000000", "hostile.yaml:18:15: recv: 'size' must be in 0…1048576"),
        ("recv", "size: -1", "hostile.yaml:18:15: recv: 'size' must be in 0…1048576"),
        ("settimeout", "seconds: 1e10", "hostile.yaml:18:18: settimeout: 'seconds' must be in 0…3600"),
        ("settimeout", "seconds: .inf", "hostile.yaml:18:18: settimeout: 'seconds' must be in 0…3600 (got inf)"),
        ("setsockopt", "option: SO_RCVBUF\nvalue: 1e300", "hostile.yaml:19:16: setsockopt: 'value' must be in -2147483648…2147483647"),
        ("setsockopt", "option: SO_RCVBUF\nvalue: .nan", "hostile.yaml:19:16: setsockopt: 'value' must be in -2147483648…2147483647 (got nan)"),
        ("setsockopt", "option: SO_RCVBUF\nvalue: 2147483648", "hostile.yaml:19:16: setsockopt: 'value' must be in"),
    ])
    func everyNumberHasARangeCheckedWithItsPosition(call: String, args: String, expected: String) {
        let errors = Self.errors(Self.lesson(Self.step(call, args)))
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix(expected) == true, "\(errors)")
    }

    @Test func socketProtocolPastAnyCTypeIsRefusedNotTrapped() {
        let text = Self.lesson("      - id: p\n        actor: a\n        call: socket\n        protocol: 99999999999\n        as: p")
        #expect(Self.errors(text).first?.hasPrefix("hostile.yaml:17:19: socket: 'protocol' must be in 0…255") == true)
    }

    @Test(arguments: ["AF_PACKET", "AF_NETLINK", "17", "16", "AF_AX25"])
    func familiesOffTheListAreRefused(family: String) {
        let text = Self.lesson("      - id: p\n        actor: a\n        call: socket\n        family: \(family)\n        as: p")
        let errors = Self.errors(text)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("hostile.yaml:17:17: 'family' of socket: address family '\(family)' is not one a lesson may use") == true, "\(errors)")
    }

    @Test func aRawSocketMayOnlyBeTriedAndClosed() {
        let tried = """
              - id: raw
                actor: a
                call: socket
                type: SOCK_RAW
                protocol: 1
                as: r
              - id: bind-raw
                actor: a
                call: bind
                fd: $r
                address: 127.0.0.1:0
              - id: close-raw
                actor: a
                call: close
                fd: $r
              - id: ipx
                actor: a
                call: socket
                family: AF_IPX
                type: SOCK_DGRAM
                as: x
              - id: send-ipx
                actor: a
                call: sendto
                fd: $x
                data: hi
                address: 127.0.0.1:9
        """
        let errors = Self.errors(Self.lesson(tried))
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.first?.hasPrefix("hostile.yaml:23:13: '$r' is a socket a lesson may only try to make and then close") == true)
        #expect(errors.last?.hasPrefix("hostile.yaml:38:13: '$x' is a socket a lesson may only try") == true)
    }

    @Test func getaddrinfoAllowsLoopbackAndHostsFileNamesOnly() {
        let query = { (host: String) in
            Self.errors(Self.lesson("      - id: g\n        actor: a\n        call: getaddrinfo\n        host: \(host)\n        as: g"))
        }
        #expect(query("127.0.0.1").isEmpty)
        #expect(query("\"::1\"").isEmpty)
        #expect(query("localhost").isEmpty)  // /etc/hosts answers it with 127.0.0.1
        let dns = query("example.com")
        #expect(dns.first?.hasPrefix("hostile.yaml:17:15: getaddrinfo host 'example.com' is neither numeric loopback") == true, "\(dns)")
        #expect(query("10.0.0.1").count == 1)
    }

    @Test func aGetaddrinfoResultWithAFixedPortCannotBeBound() {
        let steps = """
              - id: g
                actor: a
                call: getaddrinfo
                host: 127.0.0.1
                service: "8765"
                as: addr
              - id: b
                actor: a
                call: bind
                fd: $s
                address: $addr
        """
        let errors = Self.errors(Self.lesson(steps))
        #expect(errors == ["hostile.yaml:24:18: '$addr' comes from getaddrinfo with a fixed port: lessons bind to port 0 and let the kernel choose"])
    }

    @Test func anIdWithATrailingNewlineFailsTheIdCheck() {
        let text = Self.lesson("      - id: \"late\\n\"\n        actor: a\n        call: close\n        fd: $s")
        let errors = Self.errors(text)
        #expect(errors == [#"hostile.yaml:14:13: step id 'late\n' must be lower-case letters, digits and dashes"#])
        #expect(!errors[0].contains("\n"))
    }

    @Test func aMessageWhoseValueHoldsANewlineStaysOneLine() {
        let text = Self.lesson("      - id: y\n        actor: a\n        call: \"acc\\nept\"")
        let errors = Self.errors(text)
        #expect(errors.count == 1)
        #expect(errors.first?.contains(#"unknown call 'acc\nept'"#) == true, "\(errors)")
        #expect(errors.allSatisfy { !$0.contains("\n") })
    }

    @Test func aNulByteIsReportedAtItsLineAndColumn() {
        let errors = Self.errors("format_version: 1\nid: ab\u{0}c\n")
        #expect(errors == ["hostile.yaml:2:7: a NUL byte is not allowed in a lesson file"])
    }

    @Test func anAliasBombAsAMappingKeyIsRefusedBeforeParsing() {
        var text = "format_version: 1\nid: hostile\nl0: &l0 [x, x, x, x, x, x, x, x, x]\n"
        for i in 1...10 { text += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
        text += "? *l10\n: boom\n"
        let start = ContinuousClock.now
        let errors = Self.errors(text)
        #expect(ContinuousClock.now - start < .seconds(2))  // a bound on a hang, not a benchmark
        #expect(errors == ["hostile.yaml:3:5: YAML anchors (&name) are not allowed in a lesson file; write the value out (or quote it)"])
        let aliasOnly = Self.errors("format_version: 1\nid: hostile\n? *a\n: x\n")
        #expect(aliasOnly == ["hostile.yaml:3:3: YAML aliases (*name) are not allowed in a lesson file; write the value out (or quote it)"])
    }

    @Test func anAsteriskInsideTextIsNotTakenForAnAlias() {
        let text = Self.lesson("      - id: n\n        actor: a\n        call: close\n        fd: $s\n        note: a *word* and & too, [*x] \"*y\"")
        #expect(Self.errors(text).isEmpty)
        let block = Self.lesson("      - id: n\n        actor: a\n        call: close\n        fd: $s\n        note: |\n          *emphasis* and &more\n          - *list")
        #expect(Self.errors(block).isEmpty)
    }

    @Test func aHugeUnknownCallNameIsCutInTheMessageAndQuick() {
        let name = String(repeating: "x", count: 1900)
        let start = ContinuousClock.now
        let errors = Self.errors(Self.lesson("      - id: y\n        actor: a\n        call: \(name)"))
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(errors.count == 1)
        #expect(errors.first?.hasSuffix("… (1900 bytes)'") == true)
        #expect((errors.first?.count ?? 0) < 200)
    }

    @Test func longLinesAndDeepNestingAreRefusedWithPositions() {
        let long = Self.errors("format_version: 1\nid: x\ntitle: " + String(repeating: "y", count: 3000) + "\n")
        #expect(long == ["hostile.yaml:3:1: line 3 is 3007 bytes long; a lesson file's lines may have at most 2000"])
        let deep = Self.errors("format_version: 1\nid: x\ntitle: " + String(repeating: "[", count: 100) + "\n")
        #expect(deep == ["hostile.yaml:3:72: brackets nested more than 64 deep"])
    }

    @Test func aCourseListingAPathIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("course-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "format_version: 1\nlessons:\n  - ../outside\n  - \"ok\\n\"\n".write(to: dir.appendingPathComponent("course.yaml"), atomically: true, encoding: .utf8)
        #expect {
            try LessonLibrary.load(directory: dir, displayPrefix: "L")
        } throws: { error in
            let text = (error as? LessonErrors)?.description ?? ""
            return text == #"""
                L/course.yaml:3:5: lesson id '../outside' must be lower-case letters, digits and dashes (a name, not a path)
                L/course.yaml:4:5: lesson id 'ok\n' must be lower-case letters, digits and dashes (a name, not a path)
                """#
        }
    }

    @Test func unixNamesAreBoundedSoTheyFitTheSocketPath() {
        let name = String(repeating: "u", count: 49)
        let errors = Self.errors(Self.lesson(Self.step("bind", "address: unix:\(name)")))
        #expect(errors.first?.hasPrefix("hostile.yaml:18:18: 'address' of bind: unix:\(name) is longer than 48 bytes") == true, "\(errors)")
    }
}

@Suite struct LongValueMessageTests {
    /// Found by LessonFuzzTests (seed 1626513830935051589): an unknown sysctl name was
    /// quoted whole in its message.
    @Test func aLongUnknownSettingNameIsCutInItsMessage() throws {
        let name = String(repeating: "net.ipv4.x", count: 150)
        let text = """
        format_version: 1
        id: longname
        title: t
        summary: s
        actors: [server]
        sections:
          - id: a
            text: t
            steps:
              - {id: r, actor: server, call: sysctl, name: \(name), as: v}
        """
        guard case .failure(let errors) = LessonLoader.parse(text, file: "longname.yaml") else { Issue.record("accepted"); return }
        let message = try #require(errors.errors.first { $0.message.contains("is not a setting") })
        #expect(message.description.utf8.count < 600, "\(message.description.prefix(200))")
        #expect(message.description.contains("(1500 bytes)"))
    }
}
