import Foundation
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// The tcp-is-a-stream lesson, run for real: sends lose their boundaries, recv returns at
/// most what it is asked, a non-blocking send can be short, and a length prefix restores
/// the messages, every recv of it real.
@Suite(.serialized) struct CourseTcpIsAStreamTests {
    func calls(_ h: SessionHarness, _ step: String) -> [SessionState.TraceEntry] {
        h.state.traces.values.flatMap { $0 }.filter { $0.stepID == step }.sorted { $0.callID < $1.callID }
    }

    func text(_ o: CallOutcome?) -> String? { o?.bytes.map { String(decoding: $0, as: UTF8.self) } }

    @Test func twoSendsComeOutOfOneRecvAndOneSendOutOfTwo() throws {
        let (_, h) = try CourseRun.run("tcp-is-a-stream")
        #expect(text(calls(h, "recv-both").last?.outcome) == "helloworld", "one recv returned both sends")
        #expect(calls(h, "recv-both").count == 1)
        #expect(text(calls(h, "recv-four").last?.outcome) == "one ", "recv(4) returned at most 4 bytes")
        #expect(text(calls(h, "recv-rest").last?.outcome) == "long message\n")
    }

    @Test func aNonBlockingSendIntoFullBuffersIsShort() throws {
        let (_, h) = try CourseRun.run("tcp-is-a-stream")
        #expect(calls(h, "read-sndbuf").last?.outcome?.value == "8192", "SO_SNDBUF 4096 reads back doubled")
        let send = try #require(calls(h, "big-send").last)
        guard case .send(_, let data, _) = send.call else { Issue.record("not a send: \(send.call)"); return }
        #expect(data.count == 100_000 && data.allSatisfy { $0 == UInt8(ascii: "x") }, "the generated data, really sent")
        let sent = try #require(send.outcome?.returnValue)
        #expect(sent > 0 && sent < 100_000, "a short count: \(sent)")
        #expect(send.outcome?.bytes?.count == sent)
    }

    @Test func aLengthPrefixKeepsTheMessagesApartWithEveryRecvTraced() throws {
        let (_, h) = try CourseRun.run("tcp-is-a-stream")
        let sent = try #require(calls(h, "frame-one").first)
        guard case .send(_, let data, _) = sent.call else { Issue.record("not a send"); return }
        #expect(Array(data.prefix(4)) == [0, 0, 0, 13], "4-byte big-endian length of 'first message'")
        #expect(String(decoding: data.dropFirst(4), as: UTF8.self) == "first message")

        for (step, message) in [("read-frame-one", "first message"), ("read-frame-two", "second, longer message")] {
            let recvs = calls(h, step)
            #expect(recvs.count == 2, "\(step): recv of the header, then of the body")
            guard recvs.count == 2, case .recv(_, let headerSize, _) = recvs[0].call, case .recv(_, let bodySize, _) = recvs[1].call else { continue }
            #expect(headerSize == 4 && recvs[0].outcome?.returnValue == 4)
            #expect(bodySize == message.utf8.count, "\(step) asks for exactly the length the header gave")
            #expect(text(recvs[1].outcome) == message)
            #expect(h.state.stepResults[step] == .returned)
        }
    }
}
