import Testing
@testable import TUI

/// Columns as the terminal draws them: the one measure for wrapping, cutting and padding.
@Suite struct TextWidthTests {
    @Test(arguments: [
        ("socket", 6),
        ("", 0),
        ("套接字", 6),                      // CJK: two columns each
        ("bind() 绑定", 11),
        ("，。", 4),                         // full-width punctuation
        ("ＡＢＣ", 6),                        // full-width Latin
        ("e\u{301}", 1),                     // e + combining acute: one column
        ("Ame\u{301}lie", 6),
        ("😀", 2),                            // emoji
        ("👩‍💻", 2),                          // ZWJ sequence: one glyph, two columns
        ("⏳ 2.1 s", 8),
        ("tab\there", 7),                    // control characters take no column
        ("─│┬", 3),                          // box drawing: one each
    ])
    func columnsOf(_ text: String, _ expected: Int) {
        #expect(TextWidth.columns(text) == expected, "\(text.debugDescription)")
    }

    @Test(arguments: [
        ("socket()", 8, "socket()"),
        ("socket(AF_INET)", 8, "socket(…"),
        ("套接字编程", 5, "套接…"),            // 2+2+1: never half a character
        ("套接字编程", 6, "套接…"),
        ("a套接字", 4, "a套…"),
        ("e\u{301}e\u{301}e\u{301}", 2, "e\u{301}…"),
        ("😀😀😀", 4, "😀…"),
    ])
    func truncation(_ text: String, _ width: Int, _ expected: String) {
        let cut = TextWidth.truncate(text, to: width)
        #expect(cut == expected)
        #expect(TextWidth.columns(cut) <= width)
    }

    @Test func paddingFillsToExactColumns() {
        #expect(TextWidth.pad("套接字", to: 8) == "套接字  ")
        #expect(TextWidth.columns(TextWidth.pad("套接字编程", to: 7)) == 7)
        #expect(TextWidth.pad("ab", to: 4) == "ab  ")
    }

    @Test(arguments: [
        ("the server waits in accept", 10, ["the server", "waits in", "accept"]),
        ("服务器在内核里等待连接", 10, ["服务器在内", "核里等待连", "接"]),
        ("服务器等待，然后返回。", 8, ["服务器等", "待，然后", "返回。"]),   // "，" stays with 待, never starts a line
        ("accept() 会一直阻塞", 12, ["accept() 会", "一直阻塞"]),
        ("supercalifragilistic", 8, ["supercal", "ifragili", "stic"]),
        ("one\n\ntwo", 10, ["one", "", "two"]),
    ])
    func wrapping(_ text: String, _ width: Int, _ expected: [String]) {
        let lines = TextWidth.wrap(text, width: width)
        #expect(lines == expected)
        for line in lines { #expect(TextWidth.columns(line) <= width, "\(line) fits \(width)") }
    }

    @Test func gridKeepsWideCharactersWholeAtTheEdge() {
        var grid = Grid(width: 5, height: 1)
        let used = grid.put("ab套接", row: 0, column: 0)
        #expect(used == 5)
        #expect(grid.text == "ab套")     // the second character would need columns 5 and 6
        grid.put("x", row: 0, column: 3)  // overwriting half of 套 clears the other half
        #expect(grid.text == "ab x")
    }

    @Test func reflowJoinsHardWrappedLinesButKeepsParagraphsAndLists() {
        let text = "One line\nand the next.\n\n- first\n- second\n服务器\n等待"
        #expect(LessonScreen.reflow(text) == "One line and the next.\n\n- first\n- second服务器等待")
    }
}

extension TextWidthTests {
    /// A Chinese note wrapped over three lines or more: the lines are rejoined without
    /// spaces between wide characters (one showed "对 端。").
    @Test func aWrappedChineseNoteGetsNoSpaceBetweenItsCharacters() {
        let note = "▸ server: 客户端已经关闭了它的套接字，所以服务器下一次调用 recv() 时立刻返回零字节，这就是对端已经关闭连接的信号。"
        let lines = LessonScreen.hanging(note, width: 20, indent: 2)
        #expect(lines.count >= 3)
        for line in lines {
            let chars = Array(line.trimmingCharacters(in: .whitespaces))
            for i in chars.indices.dropFirst().dropLast() where chars[i] == " " {
                #expect(!(TextWidth.columns(chars[i - 1]) == 2 && TextWidth.columns(chars[i + 1]) == 2), "\(line)")
            }
        }
    }

    /// Each wrapped line is the note's own text: no space added inside Chinese, none lost
    /// beside a Latin word ("以ECONNREFUSED" once showed).
    @Test func everyWrappedNoteLineIsTheNotesOwnText() {
        let note = "▸ client: 连接一个没有人监听的端口，connect() 会以 ECONNREFUSED 失败，详见 concurrency 那一课和 backlog 那一课的说明。"
        for width in 14...40 {
            for line in LessonScreen.hanging(note, width: width, indent: 2) {
                let text = line.trimmingCharacters(in: .whitespaces)
                #expect(note.contains(text), "width \(width): '\(text)'")
            }
        }
    }
}
