import Foundation
import Testing

/// A detached tmux server of the test's own (its own socket), running one command in a
/// pane of a given size: keys in, screen text out, as tig and htop test their screens.
final class Tmux {
    static var available: Bool {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    let socket = "sockettutor-test-\(UUID().uuidString.prefix(8))"
    let statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-status-\(UUID().uuidString)").path

    /// Starts `arguments` in a `columns`×`rows` pane. A bash wrapper writes the exit status to
    /// a file (tmux 3.3 sometimes loses `pane_dead_status` when a program exits quickly);
    /// `trap '' INT` keeps bash itself alive when Ctrl-C reaches the pane's process group.
    init(_ arguments: [String], columns: Int = 100, rows: Int = 30, environment: [String: String] = [:]) throws {
        // Given as separate arguments, tmux runs bash directly, with no sh between.
        let command = arguments.map { "'\($0)'" }.joined(separator: " ")
        // NO_COLOR empty unless a test sets it: the test runner may have it set (no TTY).
        let env = ["LANG": "C.UTF-8", "NO_COLOR": ""].merging(environment) { $1 }.sorted { $0.key < $1.key }.flatMap { ["-e", "\($0.key)=\($0.value)"] }
        try tmux(["new-session", "-d", "-s", "t", "-x", "\(columns)", "-y", "\(rows)"] + env +
                 // The sleep keeps the pane's terminal open: tmux 3.3 can drop the last output of
                 // a pane whose every process has already exited.
                 ["bash", "-c", "trap '' INT; \(command); echo $? > \(statusFile); sleep 3",
                  // In the same command, so it holds even if the program ends at once.
                  ";", "set-option", "-t", "t", "remain-on-exit", "on"])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: statusFile)
        // kill-server leaves the socket file behind: remove this server's own, nothing else.
        let directory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        unlink("\(directory)/tmux-\(getuid())/\(socket)")
    }

    /// Runs one tmux command and returns what it printed. Not through Foundation's Process:
    /// it learns of a child's exit from a descriptor the child inherits, and the tmux server
    /// that new-session starts keeps that descriptor open, so the wait would never end.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-out-\(UUID().uuidString)").path
        defer { unlink(path) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["tmux", "-L", socket] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Test threads block most signals and the mask survives exec: give tmux (and so the
        // program under test) a clean mask and default dispositions.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", "t"] + keys) }
    func send(contentsOf keys: [String]) throws { try tmux(["send-keys", "-t", "t"] + keys) }
    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "t"]) }
    /// The screen with its colours and attributes as escape sequences.
    func styledScreen() throws -> String { try tmux(["capture-pane", "-p", "-e", "-t", "t"]) }
    func display(_ format: String) throws -> String {
        try tmux(["display", "-p", "-t", "t", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    func resize(columns: Int, rows: Int) throws { try tmux(["resize-window", "-t", "t", "-x", "\(columns)", "-y", "\(rows)"]) }

    /// The screen once `condition` holds, polling until `timeout`; records an issue if it never does.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var text = ""
        var unsettled = 0
        while Date() < deadline {
            text = try screen()
            if condition(text) {
                // A whole frame: tmux takes a frame's output in pieces, and a capture can fall
                // between them (the key bar half drawn). Taken when a second look agrees, or
                // after a few tries on a screen whose clock keeps ticking.
                usleep(20_000)
                let again = try screen()
                if again == text || (unsettled >= 5 && condition(again)) { return again }
                unsettled += 1
                continue
            }
            usleep(50_000)
        }
        Issue.record("timed out waiting for \(what); the screen was:\n\(text)", sourceLocation: sourceLocation)
        return text
    }

    func waitFor(text: String, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// The screen once two captures 50 ms apart agree: a frame is not read half drawn (tmux
    /// takes a frame's output in pieces, and a capture can fall between them). For tests that
    /// decide which key to send from what they see.
    func stableScreen(timeout: Double = 5) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var previous = try screen()
        while Date() < deadline {
            usleep(50_000)
            let now = try screen()
            if now == previous { return now }
            previous = now
        }
        return previous
    }

    /// The program's pid (the wrapper's child).
    func programPID() throws -> pid_t? {
        let shell = try display("#{pane_pid}")
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { pid_t($0) }
    }

    /// The exit status the wrapper wrote, waiting for the program to end.
    func exitStatus(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: statusFile, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return status }
            usleep(50_000)
        }
        return nil
    }
}

extension Tmux {
    /// The title of the box a predict question is asked in, in a full-screen lesson.
    static let predictQuestion = "Predict before it runs"

    /// Space in a full-screen lesson, then the header's `step N/total`. A predict question
    /// that comes first is skipped with s (the step runs all the same). Each step is awaited
    /// on screen, so none is run twice by keys sent ahead.
    @discardableResult
    func nextStep(_ number: Int, of total: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try send("Space")
        let header = "step \(number)/\(total)"
        let screen = try waitFor("\"\(header)\" or a question", sourceLocation: sourceLocation) {
            $0.contains(header) || $0.contains(Self.predictQuestion)
        }
        guard !screen.contains(header) else { return screen }
        try send("s")
        return try waitFor(text: header, sourceLocation: sourceLocation)
    }
}
