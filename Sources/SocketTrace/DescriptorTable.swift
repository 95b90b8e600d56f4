import Foundation
import Glibc

/// The process's descriptor table as /proc shows it: the numbers in /proc/self/fd, and
/// what each one is (its link: `socket:[28211]`, `/dev/pts/0`, `pipe:[…]`).
public enum DescriptorTable {
    /// The tutor moves its own descriptors to 900 and above (Kernel.ownDescriptor): those
    /// are listed as a count, not read, so the lesson's table is the learner's program's.
    public static let tutorsOwnFrom: Int32 = 900

    /// opendir, readdir until the end, closedir: the numbers, sorted. The directory's own
    /// descriptor is among them (it was open while being read), as it is in Python.
    static func list() -> CallOutcome {
        guard let dir = opendir("/proc/self/fd") else { return CallOutcome(returnValue: -1, error: ErrnoValue(errno)) }
        var numbers: [Int32] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if let n = Int32(name) { numbers.append(n) }
        }
        closedir(dir)
        numbers.sort()
        let own = numbers.filter { $0 >= tutorsOwnFrom }
        // The return value counts every entry read; `descriptors` holds those below 900,
        // `value` says how many of the tutor's own were left out.
        var o = CallOutcome(returnValue: numbers.count)
        o.descriptors = numbers.filter { $0 < tutorsOwnFrom }
        if !own.isEmpty { o.value = "\(own.count) of the tutor's own, \(tutorsOwnFrom) and above, not shown" }
        return o
    }

    /// readlink("/proc/self/fd/N"): ENOENT when N was closed since it was listed.
    static func link(_ fd: Int32) -> CallOutcome {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        guard n >= 0 else { return CallOutcome(returnValue: -1, error: ErrnoValue(errno)) }
        var o = CallOutcome(returnValue: n)
        o.value = String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return o
    }

    /// `socket:[28211]` → 28211.
    public static func socketInode(_ link: String) -> UInt64? {
        guard link.hasPrefix("socket:["), link.hasSuffix("]") else { return nil }
        return UInt64(link.dropFirst(8).dropLast())
    }
}
