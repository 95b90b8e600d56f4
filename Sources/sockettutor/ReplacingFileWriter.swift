import Foundation
import Glibc
import SocketTrace

/// Writes a file whole or not at all: a temporary file beside the target, written, synced,
/// then renamed over it. A failure names the path and the errno, and leaves no temp file.
enum ReplacingFileWriter {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ data: Data, to path: String, option: String) throws(Failure) {
        func failure(_ what: String, _ code: Int32) -> Failure {
            Failure(description: "\(option) \(path): \(what): \(ErrnoValue(code))")
        }
        var status = stat()
        // Renaming over a device or a FIFO would replace it with a plain file.
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw Failure(description: "\(option) \(path): not a regular file")
        }
        let url = URL(fileURLWithPath: path)
        let template = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).XXXXXX").path
        var name = Array(template.utf8CString)
        let fd = mkstemp(&name)
        guard fd >= 0 else { throw failure("cannot create a file there", errno) }
        let temporary = String(decoding: name.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var done = false
        defer {
            if !done { unlink(temporary) }
        }
        var written = 0
        let result: Int32 = data.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += n
            }
            return 0
        }
        if result != 0 { close(fd); throw failure("cannot write", result) }
        // mkstemp makes 0600; a cast is for sharing.
        _ = fchmod(fd, 0o644)
        if fsync(fd) != 0 { let code = errno; close(fd); throw failure("cannot write", code) }
        if close(fd) != 0 { throw failure("cannot write", errno) }
        guard rename(temporary, path) == 0 else { throw failure("cannot replace", errno) }
        done = true
    }
}
