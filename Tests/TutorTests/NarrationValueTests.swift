import Foundation
import LessonKit
import Testing
@testable import Tutor

/// A section's text that shows a value bound by a step still in its call: the value, not
/// "not known yet" (application-protocols showed `{$request: not known yet}` under load).
@Suite(.serialized) struct NarrationValueTests {
    static func lesson(releasedInSection first: Bool) throws -> Lesson {
        // A big frame: the server's recv_frame needs many recv calls after the send is done,
        // so the next section comes before the value unless the narration waits for it.
        let send = "{id: send, actor: client, call: send_frame, fd: $c, data: {repeat: \"GET /\", count: 40000}}"
        return try Fixtures.lesson("""
            format_version: 1
            id: fixture
            title: values
            summary: s
            actors: [server, client]
            sections:
              - id: a
                text: t
                steps:
                  - {id: s, actor: server, call: socket, as: s}
                  - {id: b, actor: server, call: bind, fd: $s, address: "127.0.0.1:0"}
                  - {id: n, actor: server, call: getsockname, fd: $s, as: addr}
                  - {id: l, actor: server, call: listen, fd: $s}
                  - {id: c, actor: client, call: socket, as: c}
                  - {id: k, actor: client, call: connect, fd: $c, address: $addr}
                  - {id: a, actor: server, call: accept, fd: $s, as: conn}
                  - {id: recv, actor: server, call: recv_frame, fd: $conn, as: request, expect: blocks}
            \(first ? "      - " + send : "")
              - id: b
                text: "The server read {$request}."
                steps:
            \(first ? "" : "      - " + send)
                  - {id: close, actor: server, call: close, fd: $conn}
            """)
    }

    static func narration(_ h: SessionHarness, _ id: String) -> (text: String, at: Int64)? {
        for e in h.events { if case .narration(id, _, let text) = e.event { return (text, Int64(e.offsetNanoseconds)) } }
        return nil
    }

    @Test func theNextSectionShowsTheValueTheBlockedRecvReturnsOnceReleased() throws {
        for _ in 0..<10 {
            let h = try SessionHarness(try Self.lesson(releasedInSection: true))
            #expect(h.runToEnd())
            #expect(h.leave())
            let text = try #require(Self.narration(h, "b")?.text)
            #expect(text.contains("GET /") && !text.contains("not known yet"), "\(text)")
        }
    }

    /// A value no step will bring before the section: the wait is bounded, then the text says so.
    @Test func aValueThatCannotComeYetIsWaitedForAtMostTwoSeconds() throws {
        let h = try SessionHarness(try Self.lesson(releasedInSection: false))
        let start = Date()
        #expect(h.runToEnd())
        #expect(h.leave())
        #expect(Date().timeIntervalSince(start) < 5)
        let (text, at) = try #require(Self.narration(h, "b"))
        #expect(text.contains("not known yet"), "\(text)")
        // It did wait for the recv still in its call, and no longer than the bound.
        let settled = h.events.first { if case .stepSettled("recv", true) = $0.event { true } else { false } }
        let waited = Double(at - Int64(try #require(settled).offsetNanoseconds)) / 1e9
        #expect(waited >= 1.9 && waited < 4, "waited \(waited) s")
    }
}
