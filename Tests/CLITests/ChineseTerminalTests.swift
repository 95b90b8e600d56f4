import Foundation
import Progress
import Testing

/// The interface in Chinese in a real terminal (tmux, LANG=zh_CN.UTF-8): the menu, L
/// switching the language and keeping the choice across restarts, a lesson with its help,
/// and a quiz answered with the arrow keys — every row measured against Python's
/// `unicodedata.east_asian_width`, an oracle independent of the tutor's own widths.
@Suite(.serialized) struct ChineseTerminalTests {
    let binary = CLITests.binary.path

    /// Each row's width in columns as Python's unicodedata counts it (W and F are two).
    static func pythonWidths(_ screen: String) throws -> [Int] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-I", "-c", """
            import sys, unicodedata
            for line in sys.stdin.read().split("\\n"):
                print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))
            """]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(screen.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { Int($0) }
    }

    /// No row wider than the terminal; `rightEdge` rows end exactly at its last column.
    static func checkColumns(_ screen: String, columns: Int, rightEdge: [Int] = [], _ what: String) throws {
        let widths = try pythonWidths(screen)
        #expect(!widths.isEmpty)
        for (row, width) in widths.enumerated() { #expect(width <= columns, "\(what) row \(row) is \(width) wide") }
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        for row in rightEdge where row < widths.count {
            // tmux trims trailing blanks; the header's right text keeps two after it (" 共 15 课  "),
            // so with every wide character counted as two it ends 2 columns from the edge.
            #expect(widths[row] == columns - 2, "\(what) row \(row) ends at \(widths[row]): \(rows[row])")
        }
    }

    func withHome<R>(_ body: (URL) throws -> R) throws -> R {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("st-zh-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        return try body(home)
    }

    @Test(.enabled(if: Tmux.available)) func theMenuSwitchesLanguageWithLAndKeepsItForTheNextStart() throws {
        try withHome { home in
            let zh = ["SOCKETTUTOR_HOME": home.path, "LANG": "zh_CN.UTF-8"]
            do {
                let tmux = try Tmux([binary, "--lang", "zh", "--no-capture"], columns: 80, rows: 24, environment: zh)
                let screen = try tmux.waitFor(text: "L English")
                #expect(screen.contains("亲手做真实的调用") && screen.contains("课程") && screen.contains("共 15 课"), "\(screen)")
                try Self.checkColumns(try tmux.stableScreen(), columns: 80, rightEdge: [0], "zh menu")
                try tmux.send("?")
                try tmux.waitFor(text: "按任意键关闭帮助")
                try Self.checkColumns(try tmux.stableScreen(), columns: 80, "zh menu help")
                try tmux.send("Escape")
                try tmux.send("L")
                let english = try tmux.waitFor(text: "The interface is now in English; kept with your progress.")
                #expect(english.contains("Lessons") && english.contains("L 中文"))
                try tmux.send("q")
                #expect(tmux.exitStatus() == 0)
            }
            let (store, _) = try ProgressStore.open(directory: home)
            #expect(try store.setting("language") == "en", "the choice is kept in the progress store")
            do {
                // The saved choice comes before the locale (LANG says Chinese here) …
                let tmux = try Tmux([binary, "--no-capture"], columns: 80, rows: 24, environment: zh)
                try tmux.waitFor(text: "L 中文")
                try tmux.send("L")
                try tmux.waitFor(text: "界面已改为中文；随学习进度保存。")
                try tmux.send("q")
                #expect(tmux.exitStatus() == 0)
            }
            do {
                // … and an explicit --lang before the saved choice.
                let tmux = try Tmux([binary, "--no-capture", "--lang", "en"], columns: 80, rows: 24, environment: zh)
                try tmux.waitFor(text: "L 中文")
                try tmux.send("q")
                #expect(tmux.exitStatus() == 0)
            }
            let saved = try ProgressStore.open(directory: home).store.setting("language")
            #expect(saved == "zh")
            let plain = try CLITests().run(["learn", "tcp-workflow", "--plain", "--auto", "--no-record", "--no-capture"],
                                           environment: ["SOCKETTUTOR_HOME": home.path, "LANG": "C.UTF-8"])
            #expect(plain.stdout.contains("== 本课结束 =="), "plain mode takes the saved language too: \(plain.stdout.suffix(300))")
        }
    }

    @Test(.enabled(if: Tmux.available)) func aLessonItsHelpAndAQuizInChinese() throws {
        try withHome { home in
            let env = ["SOCKETTUTOR_HOME": home.path, "LANG": "zh_CN.UTF-8", "SOCKETTUTOR_QUIZ_SEED": "1"]
            let tmux = try Tmux([binary, "learn", "tcp-workflow", "--lang", "zh", "--no-capture"], columns: 80, rows: 24, environment: env)
            try tmux.waitFor(text: "第 1/17 步")
            try tmux.send("Space")
            try tmux.send("Space")
            let lesson = try tmux.waitFor(text: "第 3/17 步")
            #expect(lesson.contains("内核：本课的套接字") && lesson.contains("Space 下一步"), "\(lesson)")
            try Self.checkColumns(try tmux.stableScreen(), columns: 80, rightEdge: [0], "zh lesson")
            try tmux.send("?")
            try tmux.waitFor(text: "后退只改变显示的内容")
            try Self.checkColumns(try tmux.stableScreen(), columns: 80, "zh lesson help")
            try tmux.send("Escape")
            try tmux.send("q")
            #expect(tmux.exitStatus() == 0)

            let quiz = try Tmux([binary, "quiz", "layers", "--lang", "zh"], columns: 80, rows: 24, environment: env)
            let first = try quiz.waitFor(text: "第 1/")
            #expect(first.contains("测验 · "), "\(first)")
            try Self.checkColumns(try quiz.stableScreen(), columns: 80, rightEdge: [0], "zh quiz")
            // Every question to the end: choices and orders with the arrow keys, fill-ins typed
            // in Chinese (the wide characters move the cursor by two columns).
            var (arrows, typed) = (0, 0)
            for _ in 0..<20 {
                let screen = try quiz.stableScreen()
                if screen.contains("测验完成：") { break }
                if screen.contains("你的答案：") && screen.contains("▏") {
                    try quiz.send("-l", "套接字")
                    typed += 1
                } else {
                    try quiz.send("Down")
                    // A question of several answers needs one ticked before Enter.
                    if screen.contains("勾选所有正确答案") { try quiz.send("Space") }
                    arrows += 1
                }
                try quiz.send("Enter")
                // The verdict with its key bar, read once the frame is whole (tmux takes it in pieces).
                _ = try quiz.waitFor("a verdict") { ($0.contains("✓ 正确。") || $0.contains("✗ 不对。")) && $0.contains("任意键 下一题") }
                try Self.checkColumns(try quiz.stableScreen(), columns: 80, rightEdge: [0], "zh quiz feedback")
                try quiz.send("Space")
            }
            let end = try quiz.waitFor(text: "测验完成：")
            #expect(end.contains("第一次就答对"))
            #expect(arrows > 0 && typed > 0, "arrows \(arrows), typed \(typed)")
            try quiz.send("q")
            #expect(quiz.exitStatus() == 0)
        }
    }
}
