import Foundation
import Testing

/// The language a run shows (from --lang, else the locale), plain mode read aloud by a
/// screen reader, and lint's check that every text has both languages.
extension CLITests {
    /// A lessons directory holding only the Chinese test lesson zh-echo, as record.sh makes it.
    func withChineseLesson<R>(_ body: (String) throws -> R) throws -> R {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TUITests/Fixtures/zh-echo.yaml")
        try FileManager.default.copyItem(at: fixture, to: dir.appendingPathComponent("zh-echo.yaml"))
        try "format_version: 1\nlessons: [zh-echo]\n".write(to: dir.appendingPathComponent("course.yaml"), atomically: true, encoding: .utf8)
        return try body(dir.path)
    }

    @Test func theLocaleChoosesTheLanguageUnlessLangIsGiven() throws {
        try withChineseLesson { dir in
            let cases: [([String: String], [String], String)] = [
                (["LANG": "zh_CN.UTF-8", "LC_MESSAGES": ""], [], "回声服务器"),
                (["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"], [], "回声服务器"),
                (["LANG": "zh_CN.UTF-8", "LC_ALL": "C"], [], "Echo"),
                (["LANG": "zh_CN.UTF-8", "LC_MESSAGES": ""], ["--lang", "en"], "Echo"),
                (["LANG": "C.UTF-8", "LC_MESSAGES": ""], ["--lang", "zh"], "回声服务器"),
                (["LANG": "C.UTF-8", "LC_MESSAGES": ""], [], "Echo"),
            ]
            for (environment, flags, title) in cases {
                let r = try run(["list", "--lessons", dir] + flags, environment: environment)
                #expect(r.status == 0, "\(r.stderr)")
                #expect(r.lines.first == " 1  zh-echo  \(title)", "\(environment) \(flags): \(r.stdout)")
            }
            // learn reads the same: the locale alone gives the Chinese lesson text.
            let learn = try run(["learn", "zh-echo", "--plain", "--auto", "--no-record", "--no-capture", "--wait", "0.3", "--lessons", dir],
                                environment: ["LANG": "zh_CN.UTF-8", "LC_MESSAGES": ""])
            #expect(learn.status == 0, "\(learn.stderr)")
            #expect(learn.stdout.contains("服务器先创建套接字"))
        }
    }

    /// Screen readers read --plain aloud: no box drawing or block characters, in English or Chinese.
    @Test(arguments: [("zh", "服务器先创建套接字，绑定到本机回环地址（127.0.0.1）"), ("en", "The server makes a socket, binds it to loopback and listens.")])
    func plainModeHasNoBoxDrawing(_ language: String, _ text: String) throws {
        try withChineseLesson { dir in
            let r = try run(["learn", "zh-echo", "--plain", "--auto", "--no-record", "--no-capture", "--wait", "0.3", "--lang", language, "--lessons", dir])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains(text))
            #expect(r.stdout.contains("accept("), "the calls are there too")
            let drawn = (r.stdout + r.stderr).unicodeScalars.filter { (0x2500...0x259F).contains($0.value) }
            #expect(drawn.isEmpty, "box drawing in the plain transcript: \(String(String.UnicodeScalarView(drawn)))")
        }
    }

    static let englishOnly = """
    format_version: 1
    id: draft
    title: A draft
    summary: {en: Written in English first., zh: 先用英文写。}
    actors: [server]
    sections:
      - id: a
        text: Make a socket.
        steps:
          - {id: s, actor: server, call: socket, as: s, note: {en: a socket, zh: 一个套接字}}
          - {id: c, actor: server, call: close, fd: $s, note: and close it}
    """

    @Test func lintNamesEveryTextWithoutChineseAndADraftPassesWithLanguagesEn() throws {
        try withLessonFile("draft", Self.englishOnly) { path in
            let both = try run(["lint", path])
            #expect(both.status == 1)
            #expect(both.stderr == """
                \(path):3:8: title has no Chinese ('zh') text
                \(path):8:11: text of section 'a' has no Chinese ('zh') text
                \(path):11:59: note of step 'c' has no Chinese ('zh') text

                """, "\(both.stderr)")
            let draft = try run(["lint", "--languages", "en", path])
            #expect(draft.status == 0, "\(draft.stderr)")
            #expect(draft.stdout == "1 lesson OK\n")
            // --run still runs an untranslated lesson, and reports both kinds of problem.
            let ran = try run(["lint", "--run", path])
            #expect(ran.status == 1)
            #expect(ran.stderr.split(separator: "\n").count == 3, "\(ran.stderr)")
            let wrong = try run(["lint", "--languages", "en,fr", path])
            #expect(wrong.status == 64)
            #expect(wrong.stderr.contains("--languages: unknown language 'fr': choose one of en, zh"), "\(wrong.stderr)")
        }
        try withChineseLesson { dir in
            let r = try run(["lint", dir])
            #expect(r.status == 0, "\(r.stderr)")
        }
    }
}
