import Catalogue
import Foundation
import Glibc
import SocketTrace

/// Writes a file whole or not at all: a temporary file beside the target, written, synced,
/// then renamed over it. A failure names the path and the errno, and leaves no temp file.
enum ReplacingFileWriter {
    struct Failure: MessageError {
        var problem: Message
    }

    static func write(_ data: Data, to path: String, option: String) throws(Failure) {
        func failure(_ what: CommandProblem, _ code: Int32) -> Failure {
            Failure(problem: Message(.fileProblem, ["option": .text(option), "path": .text(path), "what": .message(Message(what)),
                                                    "errno": .of(ErrnoValue(code))]))
        }
        var status = stat()
        // Renaming over a device or a FIFO would replace it with a plain file.
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw Failure(problem: Message(.fileNotRegular, ["option": .text(option), "path": .text(path)]))
        }
        let url = URL(fileURLWithPath: path)
        let template = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).XXXXXX").path
        var name = Array(template.utf8CString)
        let fd = mkstemp(&name)
        guard fd >= 0 else { throw failure(.fileCannotCreate, errno) }
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
        if result != 0 { close(fd); throw failure(.fileCannotWrite, result) }
        // mkstemp makes 0600; a cast is for sharing.
        _ = fchmod(fd, 0o644)
        if fsync(fd) != 0 { let code = errno; close(fd); throw failure(.fileCannotWrite, code) }
        if close(fd) != 0 { throw failure(.fileCannotWrite, errno) }
        guard rename(temporary, path) == 0 else { throw failure(.fileCannotReplace, errno) }
        done = true
    }
}
