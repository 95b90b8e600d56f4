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
}
