import CSocketShims
import Glibc

/// Tells whether a thread is asleep inside a socket system call, from the kernel's own
/// account in /proc/self/task/TID/{stat,syscall}. This is how the engine knows, rather
/// than guesses from a timer, that `accept` is blocked.
public enum BlockedCallProbe {
    /// The calling thread's kernel id.
    public static func currentThreadID() -> Int32 { cst_gettid() }

    public enum Observation: Equatable, Sendable {
        case blocked(syscall: Int)
        case notBlocked
        /// /proc could not tell (not Linux, or an architecture whose numbers we lack).
        case unknown
    }

    /// The two /proc files of one thread, opened once and moved to high descriptor numbers,
    /// so that probing never takes a low number a lesson's socket() would have been given.
    public final class Handle: Sendable {
        let threadID: Int32
        let statFD: Int32
        let syscallFD: Int32

        /// Opens the files of the calling thread.
        public init() {
            threadID = cst_gettid()
            statFD = Handle.openHigh("/proc/self/task/\(threadID)/stat")
            syscallFD = Handle.openHigh("/proc/self/task/\(threadID)/syscall")
        }

        private static func openHigh(_ path: String) -> Int32 {
            Kernel.ownDescriptor(open(path, O_RDONLY | O_CLOEXEC))
        }

        public func observe() -> Observation {
            guard !blockingSyscalls.isEmpty, statFD >= 0, syscallFD >= 0 else { return .unknown }
            guard let stat = Handle.read(statFD), let close = stat.lastIndex(of: UInt8(ascii: ")")), close + 2 < stat.count else {
                return .unknown
            }
            let state = stat[close + 2]
            guard state == UInt8(ascii: "S") || state == UInt8(ascii: "D") else { return .notBlocked }
            guard let syscall = Handle.read(syscallFD) else { return .unknown }
            let number = Int(String(decoding: syscall.prefix(while: { $0 != UInt8(ascii: " ") && $0 != 10 }), as: UTF8.self))
            guard let number, blockingSyscalls.contains(number) else { return .notBlocked }
            return .blocked(syscall: number)
        }

        /// Closes the files; call once the thread has ended.
        public func close() {
            if statFD >= 0 { Glibc.close(statFD) }
            if syscallFD >= 0 { Glibc.close(syscallFD) }
        }

        private static func read(_ fd: Int32) -> [UInt8]? {
            var buffer = [UInt8](repeating: 0, count: 512)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
            return n > 0 ? Array(buffer.prefix(n)) : nil
        }
    }

    /// System calls a socket lesson can sleep in (not futex: that is our own locking).
    #if arch(x86_64)
    static let blockingSyscalls: Set<Int> = [0, 1, 7, 23, 42, 43, 44, 45, 46, 47, 232, 270, 271, 281, 288]
    #elseif arch(arm64)
    static let blockingSyscalls: Set<Int> = [63, 64, 72, 73, 202, 203, 206, 207, 211, 212, 242, 22]
    #else
    static let blockingSyscalls: Set<Int> = []
    #endif
}
