import CSocketShims
import Glibc
import Synchronization

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
    /// The thread also publishes here the id of the call it is in, so that a probe from
    /// another thread can tell which call the kernel shows it asleep in.
    public final class Handle: Sendable {
        public let threadID: Int32
        let statFD: Int32
        let syscallFD: Int32
        /// The traced call this thread is in (0: none); set just before the syscall.
        private let current = Atomic<Int>(0)

        /// Opens the files of the calling thread.
        public init() {
            threadID = cst_gettid()
            statFD = Handle.openHigh("/proc/self/task/\(threadID)/stat")
            syscallFD = Handle.openHigh("/proc/self/task/\(threadID)/syscall")
        }

        private static func openHigh(_ path: String) -> Int32 {
            Kernel.ownDescriptor(open(path, O_RDONLY | O_CLOEXEC))
        }

        /// Called by the thread itself around the real system call of traced call `id`.
        public func enter(_ id: Int) { current.store(id, ordering: .releasing) }
        public func leave() { current.store(0, ordering: .releasing) }

        /// Is the thread asleep, now, in traced call `id` (`call`)? Only if it published
        /// `id` both before and after /proc was read, and the kernel shows it asleep in a
        /// system call that `call` can sleep in, on the call's own descriptor.
        public func observe(callID id: Int, call: SocketCall) -> Observation {
            let numbers = BlockedCallProbe.syscalls(for: call)
            guard !numbers.isEmpty else { return .notBlocked }
            guard current.load(ordering: .acquiring) == id else { return .notBlocked }
            let number: Int, firstArgument: Int?
            switch observeRaw() {
            case .blocked(let n, let a): (number, firstArgument) = (n, a)
            case .other(let observation): return observation
            }
            guard current.load(ordering: .acquiring) == id, numbers.contains(number) else { return .notBlocked }
            if let fd = call.fd, BlockedCallProbe.takesDescriptorFirst(number), firstArgument != Int(fd) { return .notBlocked }
            return .blocked(syscall: number)
        }

        private enum Raw { case blocked(Int, Int?), other(Observation) }

        private func observeRaw() -> Raw {
            guard !blockingSyscalls.isEmpty, statFD >= 0, syscallFD >= 0 else { return .other(.unknown) }
            guard let stat = Handle.read(statFD), let close = stat.lastIndex(of: UInt8(ascii: ")")), close + 2 < stat.count else {
                return .other(.unknown)
            }
            let state = stat[close + 2]
            guard state == UInt8(ascii: "S") || state == UInt8(ascii: "D") else { return .other(.notBlocked) }
            guard let syscall = Handle.read(syscallFD) else { return .other(.unknown) }
            // "NR 0xARG1 0xARG2 … 0xSP 0xPC", or "running".
            let fields = String(decoding: syscall, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
            guard let first = fields.first, let number = Int(first) else { return .other(.notBlocked) }
            let argument = fields.count > 1 ? Int(fields[1].dropFirst(2), radix: 16) : nil
            return .blocked(number, argument)
        }

        /// Asleep in any system call a socket lesson can sleep in (whichever call that is).
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

    /// The system calls glibc makes for `call` in which the thread can sleep; empty for the
    /// calls that never wait (getsockname, bind, listen …): those are never shown blocked.
    public static func syscalls(for call: SocketCall) -> Set<Int> {
        #if arch(x86_64)
        let (read, write, poll, ppoll, connect, accept, accept4, sendto, recvfrom, sendmsg, recvmsg, futex) =
            (0, 1, 7, 271, 42, 43, 288, 44, 45, 46, 47, 202)
        #elseif arch(arm64)
        let (read, write, poll, ppoll, connect, accept, accept4, sendto, recvfrom, sendmsg, recvmsg, futex) =
            (63, 64, 73, 73, 203, 202, 242, 206, 207, 211, 212, 98)
        #else
        return []
        #endif
        switch call {
        case .accept: return [accept, accept4]
        case .connect: return [connect]
        case .send, .sendto: return [sendto, sendmsg]
        case .recv, .recvfrom: return [recvfrom, recvmsg]
        case .read: return [read]
        case .write: return [write]
        case .poll, .pollMany: return [poll, ppoll]
        // glibc's pthread_join sleeps in futex on the thread's id until the thread ends.
        case .threadJoin: return [futex]
        default: return []
        }
    }

    /// Whether the system call's first argument is the descriptor (not poll's array).
    static func takesDescriptorFirst(_ number: Int) -> Bool {
        #if arch(x86_64)
        return number != 7 && number != 271
        #else
        return number != 73
        #endif
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
