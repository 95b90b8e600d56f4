import Foundation
import Glibc

/// Start-up and memory beside baselines run in the same process: /bin/true, `python3 -c
/// pass`, python's curses. Lessons are read lazily, so `list` should barely grow with the course.
enum StartupBench {
    static let python = "/usr/bin/python3"

    /// A course of `count` lessons in a new temp dir: copies of the real ones under new ids.
    static func generatedCourse(from lessons: URL, count: Int) throws -> URL {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("sockettutor-bench-\(getpid())")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        let course = try String(contentsOf: lessons.appendingPathComponent("course.yaml"), encoding: .utf8)
        let ids = course.split(separator: "\n").compactMap { line -> String? in
            line.hasPrefix("  - ") ? String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces) : nil
        }
        var listed: [String] = []
        for i in 0..<count {
            let original = ids[i % ids.count]
            let id = "copy-\(i + 1)-\(original)"
            let text = try String(contentsOf: lessons.appendingPathComponent(original + ".yaml"), encoding: .utf8)
            let renamed = text.replacingOccurrences(of: "\nid: \(original)\n", with: "\nid: \(id)\n")
            try renamed.write(to: dir.appendingPathComponent(id + ".yaml"), atomically: false, encoding: .utf8)
            listed.append(id)
        }
        try ("format_version: 1\nlessons:\n" + listed.map { "  - \($0)\n" }.joined())
            .write(to: dir.appendingPathComponent("course.yaml"), atomically: false, encoding: .utf8)
        return dir
    }

    /// GNU time reports the peak RSS of a child it fork()s from its own small process.
    /// wait4's ru_maxrss from here would not do: posix_spawn shares this process's memory
    /// until the exec (vfork), and Linux carries that memory's high-water mark into the
    /// child's ru_maxrss, so every program would seem as large as the benchmark.
    static let time = "/usr/bin/time"

    /// Runs a command to its end (stdin and stdout on /dev/null) under GNU time; its peak RSS in KiB.
    static func peakKilobytes(_ path: String, _ arguments: [String]) -> Int? {
        guard FileManager.default.isExecutableFile(atPath: time) else { return nil }
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("sockettutor-bench-rss-\(getpid())").path
        defer { unlink(report) }
        var pid: pid_t = 0
        let argv = ([time, "-f", "%M", "-o", report, path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        guard posix_spawn(&pid, time, &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        guard waitpid(pid, &status, 0) == pid, status == 0 else { return nil }
        return readReport(report)
    }

    /// Peak RSS of python3 doing curses initscr + endwin in a pty (curses needs a terminal), in KiB.
    static func pythonCursesPeakKilobytes() -> Int? {
        guard FileManager.default.isExecutableFile(atPath: time) else { return nil }
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("sockettutor-bench-rss-\(getpid())").path
        defer { unlink(report) }
        guard let pty = try? PseudoTerminal([time, "-f", "%M", "-o", report, python, "-c", "import curses; curses.initscr(); curses.endwin()"],
                                            columns: TerminalBench.columns, rows: TerminalBench.rows) else { return nil }
        guard pty.finish() == 0 else { return nil }
        return readReport(report)
    }

    private static func readReport(_ path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
}
