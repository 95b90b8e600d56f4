import Foundation
import Testing

/// `--plain` in Chinese, for screen readers: the transcript's own words in Chinese, the C
/// calls, errno names and Python's messages as they are, and no box drawing.
@Suite struct ChinesePlainTests {
    @Test func aPlainLessonInChineseKeepsTheCAndPythonTruth() throws {
        let r = try CLITests().run(["learn", "tcp-workflow", "--plain", "--auto", "--no-record", "--no-capture", "--lang", "zh"])
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout
        #expect(out.contains("[server] send(3, \"hello?\", 6, 0) = -1 EPIPE（管道破裂：对端已关闭）"), "the errno's name stays, its meaning in Chinese")
        #expect(out.contains("    # 抛出 BrokenPipeError: [Errno 32] Broken pipe"), "Python's message as Python prints it")
        #expect(out.contains("[内核] tcp LISTEN 127.0.0.1:"))
        #expect(out.contains("[数据包] 未抓取数据包：抓包已关闭（--no-capture）"))
        #expect(out.contains("\n== 本课结束 ==\n"))
        #expect(out.contains("[会话] 已离开：回收 2 个角色线程"))
        #expect(!out.contains("(Broken pipe)") && !out.contains("[kernel]") && !out.contains("end of lesson"))
        #expect(out.unicodeScalars.allSatisfy { !(0x2500...0x257F).contains($0.value) }, "no box drawing for a screen reader")
    }

    @Test func aPlainQuizInChinese() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("st-zh-quiz-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let r = try QuizCLITests().run(["quiz", "layers", "--plain", "--lang", "zh"], input: "9\n", home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("第 1 题，共 "), "\(r.stdout)")
        #expect(r.stdout.contains("按正确顺序输入 1 到 4，每个一次"), "a bad answer is told in Chinese")
        #expect(r.stdout.contains("输入结束：测验到此为止。已保存 0 个答案。"))
    }

    @Test func anUnknownLessonIsToldInTheLearnersLanguage() throws {
        let r = try CLITests().run(["learn", "no-such-lesson", "--plain", "--lang", "zh"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("没有这一课：「no-such-lesson」。现有的课：client-server, layers"), "\(r.stderr)")
    }
}
