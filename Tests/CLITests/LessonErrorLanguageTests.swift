import Foundation
import Testing

/// A broken lesson file's problems in the run's language: the same FILE:LINE:COL as in
/// English, the words from the Chinese catalogue, on stderr, with a non-zero exit.
extension CLITests {
    static let sound = """
    format_version: 1
    id: broken
    title: {en: Broken, zh: 坏的}
    summary: {en: A broken lesson, zh: 一个坏课程}
    actors: [server]
    sections:
      - id: a
        text: {en: Make a socket., zh: 创建套接字。}
        steps:
          - {id: s, actor: server, call: socket, as: s}
          - {id: c, actor: server, call: close, fd: $s}
    quiz:
      - id: q1
        type: single
        question: {en: Which?, zh: 哪个？}
        explanation: {en: This one., zh: 这个。}
        choices: {a: {en: One, zh: 一}, b: {en: Two, zh: 二}}
        answer: a

    """

    /// Each kind of break: what is changed in the sound lesson, and the Chinese message
    /// expected after the position (which must be the English message's position).
    static let breaks: [(name: String, from: String, to: String, chinese: String)] = [
        ("YAML syntax", "title: {en: Broken, zh: 坏的}", "title: {en: Broken, zh: 坏的", "YAML 语法错误：解析流式映射（花括号）时，没有找到应有的「,」或「}」"),
        ("unknown key", "  - id: a\n", "  - id: a\n    titel: A\n", "小节中有未知的键「titel」（是不是「title」？）"),
        ("missing text", "    text: {en: Make a socket., zh: 创建套接字。}\n", "", "小节「a」需要「text」"),
        ("bad quiz answer", "answer: a", "answer: c", "题目「q1」的答案「c」不是它的选项之一（a、b）（是不是「a」？）"),
        ("unknown call", "call: close", "call: clsoe", "未知的调用「clsoe」（是不是「close」？）"),
    ]

    /// `path:line:col: ` of a message line.
    static func position(_ line: Substring, file: String) -> String? {
        guard line.hasPrefix(file + ":") else { return nil }
        let rest = line.dropFirst(file.count + 1)
        let parts = rest.split(separator: ":", maxSplits: 2)
        guard parts.count == 3, Int(parts[0]) != nil, Int(parts[1]) != nil else { return nil }
        return "\(file):\(parts[0]):\(parts[1]): "
    }

    @Test(arguments: 0..<5)
    func lintShowsABrokenLessonInChineseAtTheEnglishPosition(index: Int) throws {
        let broken = Self.breaks[index]
        #expect(Self.sound.contains(broken.from), "\(broken.name): the change must apply")
        let text = Self.sound.replacingOccurrences(of: broken.from, with: broken.to)
        try withLessonFile("broken", text) { path in
            let english = try run(["lint", path])
            let chinese = try run(["lint", path, "--lang", "zh"])
            #expect(english.status == 1 && chinese.status == 1, "\(broken.name): \(english.stderr) \(chinese.stderr)")
            #expect(chinese.stdout.isEmpty)
            let enLines = english.stderr.split(separator: "\n"), zhLines = chinese.stderr.split(separator: "\n")
            // One problem each, in the same place.
            #expect(enLines.count == 1 && zhLines.count == 1, "\(broken.name): \(english.stderr)\n\(chinese.stderr)")
            guard let en = enLines.first, let zh = zhLines.first, let at = Self.position(en, file: path) else {
                Issue.record("\(broken.name): no positioned line in \(english.stderr)")
                return
            }
            #expect(zh.hasPrefix(at + broken.chinese), "\(broken.name): \(zh) (English: \(en))")
            #expect(!zh.contains("(did you mean"), "\(zh)")
            // The locale chooses Chinese too when no --lang is given.
            let byLocale = try run(["lint", path], environment: ["LANG": "zh_CN.UTF-8"])
            #expect(byLocale.stderr == chinese.stderr)
        }
    }

    @Test(arguments: 0..<5)
    func learnStopsOnABrokenLessonWithTheChineseMessage(index: Int) throws {
        let broken = Self.breaks[index]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "format_version: 1\nlessons: [broken]\n".write(to: dir.appendingPathComponent("course.yaml"), atomically: true, encoding: .utf8)
        try Self.sound.replacingOccurrences(of: broken.from, with: broken.to)
            .write(to: dir.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let english = try run(["learn", "broken", "--lessons", dir.path, "--plain", "--auto", "--no-record"])
        let chinese = try run(["learn", "broken", "--lessons", dir.path, "--plain", "--auto", "--no-record", "--lang", "zh"])
        #expect(english.status != 0 && chinese.status != 0, "\(broken.name): \(english.status) \(chinese.status)")
        let file = dir.path + "/broken.yaml"
        guard let en = english.stderr.split(separator: "\n").first(where: { $0.contains(file) }),
              let at = Self.position(en.drop(while: { $0 != "/" }), file: file) else {
            Issue.record("\(broken.name): no positioned line in \(english.stderr)")
            return
        }
        #expect(chinese.stderr.split(separator: "\n").contains { $0.hasSuffix(at + broken.chinese) || $0.contains(at + broken.chinese) },
                "\(broken.name): \(chinese.stderr) (English: \(en))")
        #expect(!chinese.stdout.contains("socket("), "the lesson must not run: \(chinese.stdout)")
    }

    @Test func lintRunSaysAStepsWrongOutcomeAndTheSummaryInChinese() throws {
        let wrong = Self.sound.replacingOccurrences(of: "call: close, fd: $s}", with: "call: close, fd: $s, expect: EBADF}")
        try withLessonFile("broken", wrong) { path in
            let r = try run(["lint", "--run", path, "--lang", "zh"])
            #expect(r.status == 1)
            #expect(r.stderr == "\(path):11:9: 步骤「c」：应当以 EBADF 失败，但它正常返回了\n", "\(r.stderr)")
            let en = try run(["lint", "--run", path])
            #expect(en.stderr == "\(path):11:9: step 'c' was expected to fail with EBADF, but it returned normally\n", "\(en.stderr)")
        }
        try withLessonFile("broken", Self.sound) { path in
            let r = try run(["lint", "--run", path, "--lang", "zh"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "1 课没有问题，在真实套接字上运行了 2 个步骤\n")
            #expect(try run(["lint", path, "--lang", "zh"]).stdout == "1 课没有问题\n")
            #expect(try run(["lint", path]).stdout == "1 lesson OK\n")
        }
    }
}

extension TerminalTests {
    @Test func aBrokenLessonOpenedFromTheMenuIsReportedInTheLanguageTheMenuShows() throws {
        // A home of its own: L keeps the choice in the store, which other tests must not see.
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("zh-menu-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        try CLITests().withBrokenThirdLesson { dir in
            // Started in English, switched to Chinese with L: the error follows the switch.
            let tmux = try Tmux([binary, "--lessons", dir, "--lang", "en"], columns: 200, environment: ["SOCKETTUTOR_HOME": home.path])
            try tmux.waitFor(text: "A workflow with a broken step")
            try tmux.send("L")
            try tmux.waitFor(text: "中文")
            try tmux.send(contentsOf: Array(repeating: "Down", count: Course.number("tcp-workflow") - 1) + ["Enter"])
            #expect(tmux.exitStatus() == 1)
            #expect(try tmux.display("#{alternate_on}") == "0")
            try tmux.waitFor(text: "tcp-workflow.yaml:12:15: 未知的调用「acept」（是不是「accept」？）")
        }
    }
}
