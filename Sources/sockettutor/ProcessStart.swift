import Foundation
import Glibc

/// What must happen first thing in main, before any thread or descriptor is made.
enum ProcessStart {
    /// A descriptor 0, 1 or 2 that was closed when we started gets /dev/null: otherwise the
    /// next socket or file opened takes its number, and code that means stdin reads a socket.
    static func openMissingStandardDescriptors() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            // open() takes the lowest free number, which is this one.
            let opened = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if opened != fd && opened >= 0 { close(opened) }
        }
    }

    /// Swift's backtracer reads SWIFT_BACKTRACE once, at process start, and on a terminal it
    /// stops at an interactive prompt after a crash — under a full-screen program that waits
    /// on a terminal nobody can see. Unless the user chose a setting, set `interactive=no`
    /// and exec ourselves again so the runtime reads it. Only when stdin and stdout are
    /// terminals: elsewhere the backtracer does not prompt, and the exec would only cost time.
    static func makeBacktracesNonInteractive() {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return }
        // Commands that never draw full-screen do not pay for a second exec (start-up time).
        let arguments = CommandLine.arguments.dropFirst()
        if ["list", "lint"].contains(arguments.first ?? "") { return }
        if arguments.contains(where: { ["--plain", "--help", "-h", "--version"].contains($0) }) { return }
        if let set = getenv("SWIFT_BACKTRACE"), set.pointee != 0 { return }
        setenv("SWIFT_BACKTRACE", "interactive=no", 1)
        // Returns only if the exec failed; then we run on with the runtime's default.
        execv("/proc/self/exe", CommandLine.unsafeArgv)
    }
}
