import Catalogue
import Foundation
import LessonKit
import SocketTrace
import Testing
import Tutor
@testable import TUI

/// The interface in Chinese at 80×24 and 120×40: the menu, a quiz question, the lesson and
/// its help, the player — rendered from the course's lesson files and recorded sessions.
/// Every row fits its columns (a wide character is 2), and every key bar is whole.
@Suite struct ChineseScreenTests {
    static let sizes = [ScreenSnapshotTests.small, ScreenSnapshotTests.large]

    /// Rows exactly as wide as the screen at most, and the key bar (the last row) ends with
    /// `lastKey`: nothing was cut off its end.
    static func checkLayout(_ grid: Grid, _ size: ScreenSize, lastKey: String, _ name: String) {
        let rows = grid.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(rows.count == size.rows, "\(name)")
        for (index, row) in rows.enumerated() {
            #expect(TextWidth.columns(row) <= size.columns, "\(name) row \(index) is \(TextWidth.columns(row)) columns: \(row)")
        }
        #expect(rows.last?.trimmingCharacters(in: .whitespaces).hasSuffix(lastKey) == true, "\(name) key bar: \(rows.last ?? "")")
    }

    static func menu(selecting id: String? = nil) throws -> MenuView {
        let catalog = try LessonCatalog.load(directory: Fixtures.lessons)
        var menu = MenuView(entries: TutorApp.menuEntries(catalog.headers, language: "zh"))
        menu.language = "zh"
        menu.marks = ["client-server": .done, "tcp-workflow": .reached(step: 5, of: 17)]
        menu.dueCount = 3
        if let id { menu.selected = catalog.ids.firstIndex(of: id) ?? 0 }
        return menu
    }

    @Test func theMenuInChinese() throws {
        let menu = try Self.menu(selecting: "tcp-workflow")
        for size in Self.sizes {
            let grid = MenuScreen.render(menu, size: size)
            Snapshot.check(grid, "zh-menu-\(size.columns)x\(size.rows)")
            Self.checkLayout(grid, size, lastKey: "q 退出", "menu")
            let text = grid.text
            for words in ["课程", "复习：3 道到期，按 v", "✓ 完成", "第 5/17 步", "你上次到了第 5 步（共 17 步）", "r 继续", "L English", "f 期末测验"] {
                #expect(text.contains(words), "\(words)")
            }
        }
        var help = menu
        help.showingHelp = true
        let grid = MenuScreen.render(help, size: ScreenSnapshotTests.small)
        Snapshot.check(grid, "zh-menu-help-80x24")
        #expect(grid.text.contains("帮助") && grid.text.contains("English：界面改用英文") && grid.text.contains("按任意键关闭帮助"))
    }

    @Test func theMenuKeyBarKeepsTheLanguageKeyInEitherLanguage() throws {
        for language in ["en", "zh"] {
            var menu = try Self.menu(selecting: "tcp-workflow")
            menu.language = language
            let bar = MenuScreen.keys(menu, width: 80)
            #expect(bar.contains { $0.key == "L" && $0.action == (language == "en" ? "中文" : "English") }, "\(language)")
            #expect(bar.contains { $0.key == "r" }, "resume stays at 80 columns")
        }
    }

    /// The port question in both languages, as a lesson file gives it.
    static let portQuestion = QuizQuestion(
        id: "port-picks-program",
        question: LocalizedText(translations: ["en": "Which value says which PROGRAM on a host the data is for?",
                                               "zh": "哪个值指明数据是给主机上的哪个程序的？内核在每个到达的报文段首部读到它，远在你的程序调用 recv() 之前。"]),
        explanation: LocalizedText(translations: ["en": "The port picks the program.", "zh": "端口（传输层）选出程序；IP 地址（网络层）选出主机。"]),
        hint: LocalizedText(translations: ["en": "Two programs share an address.", "zh": "同一主机上的两个程序共用它的地址。"]),
        kind: .single(choices: [QuizChoice(key: "a", text: LocalizedText(translations: ["en": "The IP address", "zh": "IP 地址，在 IP 首部里"])),
                                QuizChoice(key: "b", text: LocalizedText(translations: ["en": "The port", "zh": "端口号，在 TCP 或 UDP 首部里"])),
                                QuizChoice(key: "c", text: LocalizedText(translations: ["en": "The MTU", "zh": "链路的 MTU（最大传输单元）"]))],
                      answer: "b"))

    @Test func aQuizQuestionAndItsFeedbackInChinese() {
        var view = QuizView(run: QuizRun(id: "layers", items: [QuizItem(lessonID: "layers", question: Self.portQuestion)]),
                            lessonTitle: "分层，以及套接字的位置", language: "zh")
        view.move(by: 1)
        view.showingHint = true
        for size in Self.sizes {
            let grid = QuizScreen.render(view, size: size)
            Snapshot.check(grid, "zh-quiz-single-\(size.columns)x\(size.rows)")
            Self.checkLayout(grid, size, lastKey: "q 离开", "quiz")
            for words in ["测验 · 分层", "第 1/1 题", "▸ 2. 端口号", "提示：同一主机", "↑↓ 选择", "Enter 作答"] {
                #expect(grid.text.contains(words), "\(words)")
            }
        }
        view.move(by: -1)
        _ = view.submit()
        let grid = QuizScreen.render(view, size: ScreenSnapshotTests.small)
        Snapshot.check(grid, "zh-quiz-feedback-80x24")
        for words in ["✗ 不对。", "你的答案：1. IP 地址", "正确答案：2. 端口号", "这道题会在最后再问一次。", "任意键 下一题"] {
            #expect(grid.text.contains(words), "\(words)")
        }
    }

    /// The zh-echo session with the interface in Chinese.
    func lessonView(through stepID: String?) throws -> LessonView {
        var view = try ScreenSnapshotTests().view("zh-echo", through: stepID, lessonNumber: 1, title: "回声服务器")
        view.language = "zh"
        return view
    }

    @Test func theLessonAndItsHelpInChinese() throws {
        var view = try lessonView(through: "k")
        for size in Self.sizes {
            let grid = LessonScreen.render(view, size: size, now: view.shown.lastEventAt)
            Snapshot.check(grid, "zh-lesson-\(size.columns)x\(size.rows)")
            Self.checkLayout(grid, size, lastKey: "q 菜单", "lesson")
            for words in ["第 1/3 课 · 回声服务器", "第 7/8 步", "内核：本课的套接字", "lo 上的数据包", "⏳ 阻塞", "Space 下一步"] {
                #expect(grid.text.contains(words), "\(words)")
            }
        }
        view.showingHelp = true
        for size in Self.sizes {
            let grid = LessonScreen.render(view, size: size, now: view.shown.lastEventAt)
            Snapshot.check(grid, "zh-lesson-help-\(size.columns)x\(size.rows)")
            Self.checkLayout(grid, size, lastKey: "q 菜单", "lesson help")
            for words in ["帮助", "Space → n", "下一步；回看时向现在前进", "后退只改变显示的内容", "按任意键关闭帮助。"] {
                #expect(grid.text.contains(words), "\(words)")
            }
        }
    }

    /// The errno keeps its C name with its meaning in Chinese; Python's message stays Python's.
    @Test func anErrnoKeepsItsNameWithItsChineseMeaning() throws {
        var view = try ScreenSnapshotTests().view("tcp-workflow", through: "send-on-listener")
        view.language = "zh"
        let grid = LessonScreen.render(view, size: ScreenSnapshotTests.large, now: view.shown.lastEventAt)
        Snapshot.check(grid, "zh-lesson-error-120x40")
        #expect(grid.text.contains("= -1 EPIPE（管道破裂：对端已关闭）"))
        #expect(grid.text.contains("✗ 抛出 BrokenPipeError: [Errno 32] Broken pipe"))
        #expect(!grid.text.contains("(Broken pipe)"), "the C library's English is replaced, not doubled")
    }

    @Test func thePlayerInChinese() throws {
        var view = ReplayView(recording: try Fixtures.recording("zh-echo"), idleLimit: 2, quitEndsProgram: true)
        #expect(view.language == "zh", "a Chinese recording plays with the Chinese interface")
        view.moveSteps(6)
        view.changeSpeed(by: 1)
        for size in Self.sizes {
            let grid = ReplayScreen.render(view, size: size)
            Snapshot.check(grid, "zh-replay-\(size.columns)x\(size.rows)")
            Self.checkLayout(grid, size, lastKey: "q 退出", "player")
            for words in ["回放 · 回声服务器", "‖ 已暂停 2×", "Space 播放", "? 按键"] {
                #expect(grid.text.contains(words), "\(words)")
            }
        }
        view.showingHelp = true
        let grid = ReplayScreen.render(view, size: ScreenSnapshotTests.small)
        Snapshot.check(grid, "zh-replay-help-80x24")
        #expect(grid.text.contains("回放按键") && grid.text.contains("超过2秒的等待按2秒播放"))
    }

    @Test func theTooSmallScreenInChinese() throws {
        var menu = try Self.menu()
        menu.language = "zh"
        let grid = MenuScreen.render(menu, size: ScreenSize(columns: 70, rows: 20))
        #expect(grid.text.contains("终端太小：需要 80×24，当前 70×20"))
        #expect(grid.text.contains("请放大窗口，或按 q 退出"))
    }

    /// In English the kernel's words are exactly what the plain transcript always printed.
    @Test func kernelWordsInEnglishAreTheSocketsOwnDescription() throws {
        var rows: [KernelSocket] = []
        for event in try Fixtures.events("tcp-workflow") { if case .kernel(let table) = event.event { rows += table } }
        #expect(rows.contains { $0.isListener } && rows.contains { $0.receiveQueue > 0 || $0.sendQueue > 0 || $0.remote != "*" })
        for row in rows {
            #expect(KernelWords.line(row, Words(.en)) == row.description)
        }
        let listener = try #require(rows.first { $0.isListener })
        #expect(KernelWords.line(listener, Words(.zh)).contains(" accept 队列 "))
    }

    /// tcp-workflow's predict question in Chinese over the actors' panes, then the prediction
    /// beside what really happened, from the recorded session.
    @Test func aPredictQuestionAndItsResultInChinese() throws {
        var (view, rest, _) = try PredictionScreenTests.asking("send-on-listener")
        view.language = "zh"
        view.movePrompt(by: 1)
        for size in Self.sizes {
            let grid = LessonScreen.render(view, size: size, now: view.shown.lastEventAt)
            Snapshot.check(grid, "zh-predict-question-\(size.columns)x\(size.rows)")
            Self.checkLayout(grid, size, lastKey: "q 退出", "predict")
            for words in ["运行前先预测", "↑↓ 选择", "Enter 预测", "s 跳过"] { #expect(grid.text.contains(words), "\(words)") }
        }
        _ = view.answerPrompt(milliseconds: 1200)
        let (result, _) = PredictionScreenTests.run(&view, rest)
        #expect(result != nil)
        let grid = LessonScreen.render(view, size: ScreenSnapshotTests.large, now: view.shown.lastEventAt)
        Snapshot.check(grid, "zh-predict-result-120x40")
        #expect(grid.text.contains("你的预测："))
        #expect(grid.text.contains("✓ 对了：它以 EPIPE 失败。") || grid.text.contains("✗ 错了：它以 EPIPE 失败。"), "\(grid.text)")
    }
}
