import Foundation
import Glibc
import Progress

enum LearnerStore {
    /// The learner's progress store, or nil (said on stderr) when it cannot be had: a quiz or
    /// lesson still runs without it. Opened only by the commands that keep progress, so that
    /// `list` and the others start without touching it.
    static func open() -> ProgressStore? {
        do {
            let (store, warning) = try ProgressStore.open(directory: ProgressStore.standardDirectory())
            if let warning { FileHandle.standardError.write(Data("sockettutor: warning: \(warning)\n".utf8)) }
            return store
        } catch {
            FileHandle.standardError.write(Data("sockettutor: warning: \(error); your progress will not be kept\n".utf8))
            return nil
        }
    }

    /// The same, for a lesson: SQLite opens its files (database, -wal, -shm) at the lowest
    /// free descriptors and keeps them, but a lesson's sockets must be 3, 4, … as in Python
    /// run alone. SQLite's numbers cannot be moved after it has them, so the low numbers are
    /// held by placeholders while the store opens and reads once (which opens the WAL files).
    static func openAboveLessonDescriptors() -> ProgressStore? {
        var held: [Int32] = []
        defer { held.forEach { close($0) } }
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        // Room kept below the limit for SQLite and the lesson itself.
        let top = Int32(clamping: min(256, limit.rlim_cur > 96 ? limit.rlim_cur - 64 : 32))
        let first = Glibc.open("/dev/null", O_RDONLY | O_CLOEXEC)
        if first >= 0 {
            held.append(first)
            while let last = held.last, last < top - 1 {
                let fd = fcntl(first, F_DUPFD_CLOEXEC, 0)
                if fd < 0 { break }
                held.append(fd)
            }
        }
        let store = open()
        _ = try? store?.settings()
        return store
    }
}
