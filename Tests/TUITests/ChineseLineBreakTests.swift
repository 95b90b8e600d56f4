import Testing
@testable import TUI

/// Chinese line breaking (禁则) in `TextWidth.wrap`: closing punctuation never begins a
/// line, an opening bracket never ends one, Chinese breaks between any two characters,
/// Latin words and code stay whole when they fit, and a wide character never straddles.
@Suite struct ChineseLineBreakTests {
    @Test(arguments: [
        // 一二三四 fills 8 columns, but "。" may not start the next line: 四 goes down with it.
        ("一二三四。五六", 8, ["一二三", "四。五六"]),
        ("服务器等待，然后返回。", 8, ["服务器等", "待，然后", "返回。"]),
        // "「" may not end a line; "」" may not start one.
        ("服务器「监听」端口", 8, ["服务器", "「监听」", "端口"]),
        ("服务器（监听）端口", 9, ["服务器", "（监听）", "端口"]),
        // Closing marks in a row stay together, with the character before them.
        ("好。」然后", 6, ["好。」", "然后"]),
        // Chinese text breaks between characters, code only at its edges.
        ("调用accept()之后返回", 10, ["调用", "accept()之", "后返回"]),
        ("调用 accept() 之后返回", 13, ["调用 accept()", "之后返回"]),
        ("内核返回ECONNREFUSED错误", 12, ["内核返回", "ECONNREFUSED", "错误"]),
        ("绑定到127.0.0.1:0，端口由内核挑选", 14, ["绑定到", "127.0.0.1:0，", "端口由内核挑选"]),
        // Longer than a line with its comma: cut, but the comma still does not lead.
        ("绑定到127.0.0.1:0，端口由内核挑选", 12, ["绑定到", "127.0.0.1:", "0，端口由内", "核挑选"]),
        ("abcdefgh，", 8, ["abcdefg", "h，"]),
        // A wide character goes whole to the next line rather than straddle the edge.
        ("ab套接字", 3, ["ab", "套", "接", "字"]),
        ("a套接字", 4, ["a套", "接字"]),
    ])
    func wrapping(_ text: String, _ width: Int, _ expected: [String]) {
        let lines = TextWidth.wrap(text, width: width)
        #expect(lines == expected)
        for line in lines { #expect(TextWidth.columns(line) <= width, "\(line) fits \(width)") }
    }

    static let texts = [
        "服务器先创建套接字，绑定到本机回环地址（127.0.0.1），然后开始监听。端口写 0，由内核挑一个空闲端口。",
        "accept() 会一直阻塞，直到有客户端连进来：它返回一个新的文件描述符，原来的套接字继续监听。",
        "他说：“连接被拒绝了！”我们再看看 connect() 返回的 ECONNREFUSED（错误号 111）。",
        "《套接字》一书写道：「socket() 向内核要一个新的端点」，然后【bind()】给它地址……",
        "send_frame(b'hello') 先写长度，再写内容；recv_frame() 读满为止。",
    ]

    /// Every run of narrow characters (code, numbers, words) fits a line with a wide mark on each side.
    func codeFits(_ text: String, _ width: Int) -> Bool {
        text.split { $0 == " " || TextWidth.columns($0) >= 2 }.allSatisfy { TextWidth.columns($0) + 4 <= width }
    }

    /// Over every width from narrow to wide, the rules hold and no character is lost.
    /// (Lines starting with ASCII marks are checked below at widths where no code is cut.)
    @Test(arguments: texts)
    func theRulesHoldAtEveryWidth(_ text: String) {
        let words = text.split { $0 == " " || TextWidth.columns($0) >= 2 || TextWidth.closing.contains($0) || TextWidth.opening.contains($0) }
            .map(String.init).filter { $0.allSatisfy(\.isLetter) }
        for width in 6...60 {
            let lines = TextWidth.wrap(text, width: width)
            #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " }, "width \(width): \(lines)")
            for (index, line) in lines.enumerated() {
                #expect(TextWidth.columns(line) <= width, "width \(width): \(line)")
                // Chinese marks always; an ASCII mark may lead only where code longer than the line was cut.
                if index > 0, let first = line.first, !first.isASCII { #expect(!TextWidth.closing.contains(first), "width \(width) starts with \(first): \(lines)") }
                if index < lines.count - 1, let last = line.last, !last.isASCII { #expect(!TextWidth.opening.contains(last), "width \(width) ends with \(last): \(lines)") }
            }
            // Where every run of code fits a line with a mark beside it, ASCII marks obey too.
            if words.allSatisfy({ TextWidth.columns($0) + 2 <= width }) && codeFits(text, width) {
                #expect(lines.dropFirst().allSatisfy { $0.first.map { !TextWidth.closing.contains($0) } ?? true }, "width \(width): \(lines)")
                #expect(lines.dropLast().allSatisfy { $0.last.map { !TextWidth.opening.contains($0) } ?? true }, "width \(width): \(lines)")
            }
            // A word with room for a mark beside it is never cut.
            for word in words where TextWidth.columns(word) + 2 <= width {
                #expect(lines.contains { $0.contains(word) }, "width \(width): '\(word)' cut in \(lines)")
            }
        }
    }
}
