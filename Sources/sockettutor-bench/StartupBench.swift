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

    /// Runs a command to its end (stdin and stdout on /dev/null); its peak RSS in KiB.
    static func peakKilobytes(_ path: String, _ arguments: [String]) -> Int? {
        var pid: pid_t = 0
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid, status == 0 else { return nil }
        return usage.ru_maxrss
    }

    /// Peak RSS of python3 doing curses initscr + endwin in a pty, in KiB.
    static func pythonCursesPeakKilobytes() -> Int? {
        guard let pty = try? PseudoTerminal([python, "-c", "import curses; curses.initscr(); curses.endwin()"],
                                            columns: TerminalBench.columns, rows: TerminalBench.rows) else { return nil }
        pty.finish()
        return pty.peakKilobytes
    }
}
