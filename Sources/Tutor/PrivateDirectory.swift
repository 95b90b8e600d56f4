import Foundation
import Glibc
import SocketTrace

/// A directory only this user can enter, for a lesson's AF_UNIX socket files. Each holds
/// its owner's pid in `.owner`, so that a later start can remove what a crashed run left.
enum PrivateDirectory {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static let prefix = "sockettutor."
    static let ownerFile = ".owner"

    /// Where the directories go: $TMPDIR, or /tmp when $TMPDIR is too long for socket paths.
    static func bases(environment: [String: String] = ProcessInfo.processInfo.environment) -> (chosen: String, all: [String]) {
        let tmpdir = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        // A unix socket path holds 107 bytes: with a long TMPDIR the lesson's socket names
        // (up to 48 bytes) would not fit, so the private directory goes to /tmp instead.
        let chosen = tmpdir.utf8.count + "/sockettutor.XXXXXX/".utf8.count + 48 > 107 ? "/tmp" : tmpdir
        return (chosen, tmpdir == "/tmp" ? ["/tmp"] : [tmpdir, "/tmp"])
    }

    static func make() throws -> String {
        let (base, all) = bases()
        for directory in all { removeStale(in: directory) }
        var template = Array((base + "/" + prefix + "XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw Failure(description: "cannot make a private directory in \(base): \(ErrnoValue(errno))")
        }
        let path = String(cString: made)
        let owner = path + "/" + ownerFile
        let fd = open(owner, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let failure = Failure(description: "cannot write \(owner): \(ErrnoValue(errno))")
            rmdir(path)
            throw failure
        }
        let text = Array("\(getpid())\n".utf8)
        _ = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        return path
    }

    /// Removes the private directories in `base` that this user's dead runs left: only a
    /// real directory (not a symlink) named sockettutor.XXXXXX, owned by this user, whose
    /// `.owner` names a pid that is gone or is no sockettutor now. One without `.owner`
    /// (an older version's, or one being made this instant) is left alone.
    static func removeStale(in base: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for name in names where name.hasPrefix(prefix) && name.utf8.count == prefix.utf8.count + 6 {
            let path = base + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid() else { continue }
            guard let pid = ownerPID(of: path), pid != getpid(), !isLiveTutor(pid) else { continue }
            remove(path)
        }
    }

    static func ownerPID(of path: String) -> pid_t? {
        let owner = path + "/" + ownerFile
        var info = stat()
        // Not through a symlink, and only a small file of this user's.
        guard lstat(owner, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == getuid(), info.st_size < 32,
              let text = KernelSocketTable.readWhole(owner) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)).flatMap { $0 > 0 ? $0 : nil }
    }

    /// The pid is a running process whose command name starts with "sockettutor" (the
    /// binary, the benchmark, or the test bundle that runs sessions in-process).
    static func isLiveTutor(_ pid: pid_t) -> Bool {
        guard let comm = KernelSocketTable.readWhole("/proc/\(pid)/comm") else {
            // /proc/PID gone: dead. Present but unreadable: keep it, to be safe.
            return access("/proc/\(pid)", F_OK) == 0
        }
        // Any case: the test bundle runs lessons too, as "SocketTutorPack…" (comm keeps 15 bytes).
        return comm.lowercased().hasPrefix("sockettutor")
    }

    static func remove(_ path: String) {
        if let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
            for name in names { unlink(path + "/" + name) }
        }
        rmdir(path)
    }
}
