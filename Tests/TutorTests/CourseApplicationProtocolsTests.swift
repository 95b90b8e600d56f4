import Foundation
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// The application-protocols lesson, run for real: a web server that stays silent until
/// it has read a request (the client's recv times out), then a real HTTP/1.0 exchange.
@Suite(.serialized) struct CourseApplicationProtocolsTests {
    func calls(_ h: SessionHarness, _ actor: String, step: String) -> [SessionState.TraceEntry] {
        h.state.traces[actor]?.filter { $0.stepID == step } ?? []
    }

    @Test func theSilentServerMakesTheClientTimeOutThenAnswersAGETWithAStatusLine() throws {
        let (_, h) = try CourseRun.run("application-protocols")

        // Connected, and nothing comes: the server sleeps in recv, the client's poll runs out.
        let serverWait = try #require(calls(h, "server", step: "server-wait-request").first)
        #expect(serverWait.blocked, "the server waits for the request")
        #expect(h.state.stepResults["client-wait-greeting"] == .timedOut)
        let poll = try #require(calls(h, "client", step: "client-wait-greeting").first)
        #expect(poll.call.name == "poll" && poll.blocked && poll.outcome?.returnValue == 0)
        #expect((poll.outcome?.durationNanoseconds ?? 0) >= 950_000_000)

        // The request the client sent is exactly what the server's blocked recv returned.
        let request = Data("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        #expect(serverWait.outcome?.bytes == request)

        // The response: a status line, a Content-Length that matches the body, then b''.
        let response = try #require(calls(h, "client", step: "client-response").last?.outcome?.bytes)
        let text = String(decoding: response, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.0 200 OK\r\n"), "status line: \(text)")
        let parts = text.components(separatedBy: "\r\n\r\n")
        #expect(parts.count == 2, "headers, an empty line, a body: \(text)")
        let length = parts.first?.components(separatedBy: "\r\n").first { $0.hasPrefix("Content-Length: ") }
            .flatMap { Int($0.dropFirst("Content-Length: ".count)) }
        #expect(length == parts.last?.utf8.count && length == 6, "Content-Length \(String(describing: length)) for \(parts.last ?? "")")
        #expect(h.state.stepResults["client-end"] == .endOfStream, "the HTTP/1.0 server closed after its response")

        // The lesson's text shows the real response it read.
        let recap = try #require(h.state.narration.first { $0.sectionID == "recap" }?.text)
        #expect(recap.contains("b'HTTP/1.0 200 OK\\r\\nContent-Length: 6\\r\\n\\r\\nhello\\n'"), "\(recap)")
    }
}
