import Catalogue
import Testing
import Tutor
@testable import TUI

/// Why packets are not captured, on a Chinese screen: a recording holds the reason as it was
/// written (the header, and recordings made before the session said it in Chinese, in
/// English), and the packets pane says it in the screen's language.
@Suite struct CaptureReasonScreenTests {
    static func lines(_ reason: String, _ language: InterfaceLanguage) -> String {
        var state = SessionState()
        state.capture = .unavailable(reason: reason)
        return LessonScreen.packetLines(state, width: 200, Words(language)).map { $0.segments.map(\.text).joined() }.joined(separator: "\n")
    }

    @Test func anEnglishReasonIsSaidInChinese() {
        #expect(Self.lines("packet capture is off (--no-capture)", .zh) == Words(.zh)(.captureOff))
        #expect(Self.lines(CaptureWords.hostLoopbackPlanned, .zh) == Words(.zh)(.captureHostLoopback))
        #expect(Self.lines("no CAP_NET_RAW, and unshare failed", .zh).hasPrefix("没有 CAP_NET_RAW，而且"))
    }

    @Test func aReasonAlreadyInTheLanguageStaysAsItIs() {
        #expect(Self.lines(Words(.zh)(.captureOff), .zh) == Words(.zh)(.captureOff))
        #expect(Self.lines("packet capture is off (--no-capture)", .en) == "packet capture is off (--no-capture)")
    }
}
