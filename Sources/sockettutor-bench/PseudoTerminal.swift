import Foundation
import Glibc

/// A program running in a pseudo-terminal of a set size, as in a learner's terminal
/// emulator: the benchmark reads exactly the bytes it writes to the screen.
final class PseudoTerminal {
    // From <asm-generic/ioctls.h> and glibc's <spawn.h> (_GNU_SOURCE only; same on x86-64 and arm64).
    private static let TIOCGPTN: UInt = 0x8004_5430
    private static let TIOCSPTLCK: UInt = 0x4004_5431
    private static let POSIX_SPAWN_SETSID: Int32 = 0x80

    let master: Int32
    let pid: pid_t
    private(set) var output: [UInt8] = []

    init(_ arguments: [String], columns: Int, rows: Int, environment: [String: String] = [:]) throws {
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw POSIXError(.EIO) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        _ = ioctl(master, Self.TIOCSPTLCK, &unlock)
        _ = ioctl(master, Self.TIOCGPTN, &number)
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slave = "/dev/pts/\(number)"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid, the first terminal opened becomes the controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(Self.POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK))

        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm-256color"
        env["LANG"] = "C.UTF-8"
        for (k, v) in environment { env[k] = v }
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { (envp + argv).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
        pid = child
    }

    /// Reads whatever arrives within `timeout` seconds of quiet; returns the bytes read.
    @discardableResult
    func read(quietFor timeout: Double) -> Int {
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, Int32(timeout * 1000)) > 0 else { return total }
            let n = Glibc.read(master, &buffer, buffer.count)
            guard n > 0 else { return total }
            output += buffer[0..<n]
            total += n
        }
    }

    /// Reads until the output contains `marker`; returns false after `timeout` seconds.
    func read(until marker: String, timeout: Double) -> Bool {
        let needle = Array(marker.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            if contains(needle) { return true }
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            let n = Glibc.read(master, &buffer, buffer.count)
            guard n > 0 else { return contains(needle) }
            output += buffer[0..<n]
        }
        return false
    }

    private func contains(_ needle: [UInt8]) -> Bool {
        Data(output).range(of: Data(needle)) != nil
    }

    func type(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    /// CPU time used so far by every thread of the program, in seconds (/proc schedstat: ns).
    var cpuSeconds: Double {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var total: UInt64 = 0
        for task in tasks {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8),
               let first = text.split(separator: " ").first, let ns = UInt64(first) { total += ns }
        }
        return Double(total) / 1e9
    }

    /// Waits for the program to end (killing it after `timeout`); returns its wait status.
    @discardableResult
    func finish(timeout: Double = 3) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline { kill(pid, SIGKILL); waitpid(pid, &status, 0); break }
            read(quietFor: 0.01)
        }
        close(master)
        return status
    }
}
