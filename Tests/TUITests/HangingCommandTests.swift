import Testing
@testable import TUI

/// A notice that carries a command to copy (your-client's instructions): wrapped in the
/// lesson pane, every line is the command's own text and none is wider than the pane.
/// (Once "127.0.0.1" showed as "127.0 .0 .1", and "import" lost its "t" at the edge.)
@Suite struct HangingCommandTests {
    static let notice = """
        ! In another terminal, connect to this server:  nc 127.0.0.1 53353
        or with Python:  python3 -c "import socket; s = socket.create_connection(('127.0.0.1', 53353)); s.sendall(b'hi\\n')"
        """

    @Test func eachLineIsTheCommandsOwnTextAndFitsThePane() {
        for width in 20...60 {
            let lines = LessonScreen.hanging(Self.notice, width: width, indent: 2)
            let text = Self.notice.replacingOccurrences(of: "  ", with: " ")
            for line in lines {
                #expect(TextWidth.columns(line) <= width, "width \(width): '\(line)' is wider than the pane")
                #expect(text.contains(line.trimmingCharacters(in: .whitespaces)), "width \(width): '\(line)'")
            }
            // Nothing lost and nothing added: the lines hold every character of the notice.
            #expect(lines.joined().filter { $0 != " " } == Self.notice.filter { $0 != " " && $0 != "\n" }, "width \(width)")
        }
    }

    @Test func theRemainderFollowsTheHeadOverCollapsedSpaces() {
        #expect(LessonScreen.remainder(of: "a:  b c", after: "a: b") == "c")
        #expect(LessonScreen.remainder(of: "客户端 连上", after: "客户端") == "连上")
        #expect(LessonScreen.remainder(of: "abc", after: "abd") == nil)
    }
}
