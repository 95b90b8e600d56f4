import Foundation
import Progress
import TUI
import Testing

/// What a Chinese learner meets outside the screens: a damaged recording, a wrong command
/// line, `--help`, a damaged progress store, `list` with the saved language. Each runs the
/// real binary with a private SOCKETTUTOR_HOME, once with `--lang zh` and once with only
/// the locale (LANG=zh_CN.UTF-8) saying Chinese.
@Suite struct ChineseCommandLineTests {
    let cli = CLITests()

    /// The two ways a run is Chinese without the saved choice: the flag, the locale.
    static let chineseRuns: [(flag: [String], environment: [String: String])] = [
        (["--lang", "zh"], [:]), ([], ["LANG": "zh_CN.UTF-8"]),
    ]

    func withHome<R>(_ body: (URL) throws -> R) throws -> R {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("st-cli-zh-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        return try body(home)
    }

    static var fixture: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TUITests/Fixtures/tcp-workflow.jsonl")
    }

    @Test func aDamagedRecordingIsRefusedInChineseAtItsLine() throws {
        try withHome { home in
            // One byte changed on line 5: `"t_ns":` becomes `"t_ns";`.
            var lines = try String(contentsOf: Self.fixture, encoding: .utf8).components(separatedBy: "\n")
            let colon = try #require(lines[4].range(of: "\"t_ns\":"))
            let column = lines[4].utf8.distance(from: lines[4].startIndex, to: colon.upperBound)  // 1-based: the byte before
            lines[4] = lines[4].replacingOccurrences(of: "\"t_ns\":", with: "\"t_ns\";")
            let damaged = home.appendingPathComponent("damaged.jsonl").path
            try lines.joined(separator: "\n").write(toFile: damaged, atomically: true, encoding: .utf8)
            let env = ["SOCKETTUTOR_HOME": home.path]
            for run in Self.chineseRuns {
                for command in [["replay", damaged, "--plain"], ["export", damaged, "--asciicast", home.appendingPathComponent("x.cast").path]] {
                    let r = try cli.run(command + run.flag, environment: env.merging(run.environment) { $1 })
                    #expect(r.status == 1, "\(command) \(run): \(r.status) \(r.stderr)")
                    #expect(r.stderr == "错误：\(damaged):5: 不是有效的 JSON 行（第 \(column) 列：字段名之后应是「:」）；这里应是一个事件对象\n",
                            "\(command) \(run): \(r.stderr)")
                }
            }
            let english = try cli.run(["replay", damaged, "--plain"], environment: env)
            #expect(english.status == 1)
            #expect(english.stderr == "Error: \(damaged):5: not a valid JSON line (column \(column): expected ':' after the field name); expected one event object\n",
                    "\(english.stderr)")

            let empty = home.appendingPathComponent("empty.jsonl").path
            FileManager.default.createFile(atPath: empty, contents: Data())
            for run in Self.chineseRuns {
                let r = try cli.run(["replay", empty, "--plain"] + run.flag, environment: env.merging(run.environment) { $1 })
                #expect(r.status == 1 && r.stderr == "错误：\(empty): 文件是空的：不是录制文件\n", "\(r.stderr)")
                let directory = try cli.run(["replay", home.path] + run.flag, environment: env.merging(run.environment) { $1 })
                #expect(directory.status == 1 && directory.stderr == "错误：\(home.path): 是一个目录，不是录制文件\n", "\(directory.stderr)")
                // open(2)'s errno: its C name and Chinese meaning, not the C library's English.
                let missing = home.appendingPathComponent("missing.jsonl").path
                let gone = try cli.run(["replay", missing, "--plain"] + run.flag, environment: env.merging(run.environment) { $1 })
                #expect(gone.status == 1 && gone.stderr == "错误：\(missing): 无法打开：ENOENT（没有那个文件或目录）\n", "\(gone.stderr)")
            }
            let missing = home.appendingPathComponent("missing.jsonl").path
            let gone = try cli.run(["replay", missing, "--plain"], environment: env)
            #expect(gone.status == 1 && gone.stderr == "Error: \(missing): cannot open: No such file or directory\n", "\(gone.stderr)")
        }
    }

    @Test func aWrongCommandLineIsAUsageErrorInChinese() throws {
        try withHome { home in
            let env = ["SOCKETTUTOR_HOME": home.path]
            // ArgumentParser's own errors, then ours (validate), each with its usage lines.
            let cases: [([String], String)] = [
                (["list", "--bogus"], "错误：未知的选项「--bogus」"),
                (["list", "--lesons", "x"], "错误：未知的选项「--lesons」。你是想用「--lessons」吗？"),
                (["learn"], "错误：缺少参数「<id>」"),
                (["learn", "x", "--wait"], "错误：选项「--wait <seconds>」缺少值"),
                (["learn", "x", "--wait", "soon"], "错误：值「soon」对选项「--wait <seconds>」无效"),
                (["list", "extra"], "错误：多余的参数「extra」"),
                (["replay", "x.jsonl", "--idle-limit", "0"], "错误：--idle-limit 0.0：请给出 0.01 到 3600 之间的秒数"),
                (["replay"], "错误：请给出录制文件，或用 --last 回放最近一次会话"),
                (["export", "x.jsonl", "--asciicast", "y", "--size", "9x9"], "错误：--size 9x9：请按「列数x行数」给出 80x24 到 500x200 之间的大小，如「100x30」"),
                (["progress", "--yes"], "错误：--yes 只能与 --reset 一起使用"),
                (["list", "--lessons", ""], "错误：--lessons：目录路径是空的"),
            ]
            for run in Self.chineseRuns {
                for (arguments, first) in cases {
                    let r = try cli.run(arguments + run.flag, environment: env.merging(run.environment) { $1 })
                    let lines = r.stderr.split(separator: "\n").map(String.init)
                    #expect(r.status == 64, "\(arguments) \(run): \(r.status) \(r.stderr)")
                    #expect(lines.first == first, "\(arguments) \(run): \(r.stderr)")
                    #expect(lines.contains { $0.hasPrefix("用法：sockettutor") }, "\(arguments): \(r.stderr)")
                    #expect(lines.last?.hasPrefix("  更多信息请看「sockettutor") == true, "\(arguments): \(r.stderr)")
                }
            }
            // The test clock's variable set to no time: found when the command starts.
            let clock = try cli.run(["learn", "tcp-workflow", "--plain", "--lang", "zh"], environment: env.merging(["SOCKETTUTOR_NOW": "soon"]) { $1 })
            #expect(clock.status == 64)
            #expect(clock.stderr.hasPrefix("错误：SOCKETTUTOR_NOW='soon'：请给出自 1970-01-01 UTC 起的秒数（如 "), "\(clock.stderr)")
            // A language that is not one: said in the locale's, since --lang cannot say it.
            let french = try cli.run(["list", "--lang", "fr"], environment: env.merging(["LANG": "zh_CN.UTF-8"]) { $1 })
            #expect(french.status == 64)
            #expect(french.stderr.hasPrefix("错误：--lang：未知的语言「fr」：请从 en, zh 中选择"), "\(french.stderr)")
            // English is ArgumentParser's, as before.
            let english = try cli.run(["list", "--bogus"], environment: env)
            #expect(english.status == 64)
            #expect(english.stderr == """
                Error: Unknown option '--bogus'
                Usage: sockettutor list [--lessons <dir>] [--lang <lang>]
                  See 'sockettutor list --help' for more information.

                """, "\(english.stderr)")
        }
    }

    static let commands = [[], ["list"], ["learn"], ["replay"], ["export"], ["progress"], ["quiz"], ["lint"]]

    /// Latin words a Chinese help may keep: what the learner types (commands, option values),
    /// names of programs and formats, environment variables, and ArgumentParser's value
    /// names in angle brackets, which are part of the usage syntax.
    static let helpNames: Set<String> = [
        "sockettutor", "list", "learn", "replay", "export", "progress", "quiz", "lint", "help", "Python", "JSON", "LANG",
        "z", "f", "v", "t", "h", "x", "version", "zh", "en",
    ]

    @Test func helpIsChineseExceptForNamesAndEnglishIsArgumentParsers() throws {
        try withHome { home in
            let env = ["SOCKETTUTOR_HOME": home.path]
            for run in Self.chineseRuns {
                for command in Self.commands {
                    let r = try cli.run(command + ["--help"] + run.flag, environment: env.merging(run.environment) { $1 })
                    #expect(r.status == 0, "\(command): \(r.stderr)")
                    #expect(r.stdout.contains("概述：") && r.stdout.contains("用法：sockettutor") && r.stdout.contains("选项："), "\(command): \(r.stdout)")
                    var rest: [String] = []
                    for line in r.stdout.split(separator: "\n").map(String.init) where !line.hasPrefix("用法：") {
                        // An option's label is what is typed; its description is the text.
                        var text = line.count > 26 && line.hasPrefix("  ") ? String(line.dropFirst(26)) : line
                        if line.hasPrefix("  -") || line.hasPrefix("  <") { text = String(line.dropFirst(min(26, line.count))) }
                        for pattern in ["「[^」]*」", "<[a-z]+>", "--[a-z-]+", "\\b[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\\b", "[A-Za-z0-9_./~$-]+\\.(md|sqlite|yaml)"] {
                            text = text.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
                        }
                        rest += text.split { !($0.isASCII && $0.isLetter) }.map(String.init).filter { !Self.helpNames.contains($0) }
                        #expect(TextWidth.columns(line) <= 80, "\(command): a line wider than 80 columns: \(line)")
                    }
                    #expect(rest.isEmpty, "\(command) \(run): English left in the Chinese help: \(rest)")
                }
            }
            // English: ArgumentParser's headings and our words, whatever the saved or locale language is not.
            let english = try cli.run(["learn", "--help"], environment: env)
            #expect(english.stdout.hasPrefix("OVERVIEW: Run a lesson: real sockets on loopback, one call at a time.\n"), "\(english.stdout)")
            #expect(english.stdout.contains("\nOPTIONS:\n") && english.stdout.contains("Show help information."))
            let flagged = try cli.run(["learn", "--help", "--lang", "en"], environment: env.merging(["LANG": "zh_CN.UTF-8"]) { $1 })
            #expect(flagged.stdout == english.stdout)
        }
    }

    @Test func aDamagedProgressStoreIsMovedAsideWithAChineseNotice() throws {
        try withHome { home in
            let store = home.appendingPathComponent("progress.sqlite").path
            try Data("not a database, a learner's text file\n".utf8).write(to: URL(fileURLWithPath: store))
            let r = try cli.run(["progress", "--lang", "zh"], environment: ["SOCKETTUTOR_HOME": home.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.hasPrefix("sockettutor: 警告：进度存储 \(store) 不是可读的 SQLite 数据库（"), "\(r.stderr)")
            #expect(r.stderr.contains("）：已把它移到 \(store).damaged-") && r.stderr.hasSuffix("，并新建了一个\n"), "\(r.stderr)")
            let moved = try FileManager.default.contentsOfDirectory(atPath: home.path).filter { $0.hasPrefix("progress.sqlite.damaged-") }
            #expect(moved.count == 1, "the damaged file is kept beside the fresh one: \(moved)")
        }
    }

    @Test func listTakesTheSavedLanguageAndCreatesNothingOnAFreshMachine() throws {
        try withHome { home in
            let fresh = home.appendingPathComponent("fresh")
            let none = try cli.run(["list"], environment: ["SOCKETTUTOR_HOME": fresh.path])
            #expect(none.status == 0 && none.stdout.contains("tcp-workflow"), "\(none.stderr)")
            #expect(!FileManager.default.fileExists(atPath: fresh.path), "list on a fresh machine created \(fresh.path)")

            let (store, _) = try ProgressStore.open(directory: home)
            try store.setSetting("language", "zh")
            let saved = try cli.run(["list"], environment: ["SOCKETTUTOR_HOME": home.path, "LANG": "C.UTF-8"])
            #expect(saved.stdout.contains("TCP 通信流程，逐个调用"), "\(saved.stdout)")
            let flagged = try cli.run(["list", "--lang", "en"], environment: ["SOCKETTUTOR_HOME": home.path])
            #expect(flagged.stdout.contains("The TCP workflow, call by call"), "--lang comes before the saved choice: \(flagged.stdout)")
            // An error, before any command exists, is said in the saved language too.
            let wrong = try cli.run(["list", "--bogus"], environment: ["SOCKETTUTOR_HOME": home.path])
            #expect(wrong.stderr.hasPrefix("错误：未知的选项「--bogus」"), "\(wrong.stderr)")
        }
    }
}
