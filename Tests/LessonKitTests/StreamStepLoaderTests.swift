import Foundation
import Testing
@testable import LessonKit

/// The loader's rules for the steps about names, descriptors and framing: generated data
/// is bounded, and the host lookups may not make the C library ask a name server.
@Suite struct StreamStepLoaderTests {
    static func errors(_ steps: String) -> [String] { HostileLessonTests.errors(HostileLessonTests.lesson(steps)) }

    static func send(_ data: String) -> String {
        "      - id: x\n        actor: a\n        call: send\n        fd: $s\n        data: \(data)"
    }

    @Test func generatedDataLoadsAsRepeatedBytes() throws {
        let text = HostileLessonTests.lesson(Self.send("{repeat: \"ab\", count: 3}"))
        let lesson = try LessonLoader.parse(text, file: "hostile.yaml", expectedID: "hostile").get()
        #expect(lesson.steps.last?.arguments["data"] == .repeated("ab", count: 3))
    }

    @Test(arguments: [
        ("{repeat: \"x\", count: 262145}", "hostile.yaml:18:36: 'data' of send: 262145 × 1 bytes is more than 262144 (256 KiB), the most a step may generate"),
        ("{repeat: \"xy\", count: 131073}", "hostile.yaml:18:37: 'data' of send: 131073 × 2 bytes is more than 262144 (256 KiB), the most a step may generate"),
        ("{repeat: \"x\", count: 0}", "hostile.yaml:18:36: 'data' of send: 'count' must be a whole number, at least 1"),
        ("{repeat: \"\", count: 5}", "hostile.yaml:18:24: 'data' of send: 'repeat' must be 1 to 64 bytes of text"),
        ("{repeat: \"x\"}", "hostile.yaml:18:15: 'data' of send: generated data needs 'repeat' (the text) and 'count' (how many times)"),
        ("{repeat: \"x\", count: 2, extra: 1}", "hostile.yaml:18:39: unknown key 'extra'"),
    ])
    func generatedDataIsBounded(data: String, message: String) {
        let errors = Self.errors(Self.send(data))
        #expect(errors.first?.hasPrefix(message) == true, "\(errors)")
    }

    @Test func hostLookupsAllowOnlyWhatEtcHostsAnswersWithLoopback() {
        let byName = { (name: String) in Self.errors("      - id: g\n        actor: a\n        call: gethostbyname\n        name: \(name)\n        as: g") }
        #expect(byName("localhost").isEmpty)
        #expect(byName("127.0.0.1").isEmpty)
        #expect(byName("example.com").first?.hasPrefix("hostile.yaml:17:15: gethostbyname name 'example.com' is neither numeric IPv4 loopback") == true)
        #expect(byName("\"::1\"").count == 1, "gethostbyname is IPv4 only")
        let byAddress = { (a: String) in Self.errors("      - id: g\n        actor: a\n        call: gethostbyaddr\n        address: \(a)\n        as: g") }
        #expect(byAddress("127.0.0.1").isEmpty)
        #expect(byAddress("10.0.0.1").first?.hasPrefix("hostile.yaml:17:18: gethostbyaddr of '10.0.0.1': only a loopback address /etc/hosts names") == true)
        #expect(byAddress("127.9.9.9").count == 1, "loopback, but /etc/hosts has no name for it: DNS would be asked")
    }

    @Test func theNewCallsTakeTheirArgumentsAndNameTheirResults() {
        let steps = """
              - id: f
                actor: a
                call: fileno
                fd: $s
                as: n
              - id: t
                actor: a
                call: list_fds
                as: table
              - id: sf
                actor: a
                call: send_frame
                fd: $s
                data: "hi"
              - id: rf
                actor: a
                call: recv_frame
                fd: $s
                as: msg
              - id: again
                actor: a
                call: send
                fd: $s
                data: $msg
                note: "{$n} {$table}"
        """
        #expect(Self.errors(steps).isEmpty, "\(Self.errors(steps))")
        #expect(Self.errors("      - id: t\n        actor: a\n        call: list_fds\n        fd: $s").first?.contains("'list_fds' has no argument 'fd' (it takes none)") == true)
    }
}
