import Catalogue
import CSocketShims
import Foundation
import Glibc
import SocketTrace

/// Where the lesson's packets can be captured, decided once, before any thread starts.
public enum CapturePlan: Sendable, Hashable {
    /// This process has CAP_NET_RAW: capture on the host's loopback, keeping the lesson's ports.
    case host
    /// The process entered a user namespace of its own: each lesson gets a private network
    /// namespace with its own loopback, where capture is allowed.
    case privateNetwork
    /// No capture, and why (shown on screen as is).
    case unavailable(String)

    /// Call first thing in main, while the process has one thread: `unshare(CLONE_NEWUSER)`
    /// refuses a multithreaded process.
    public static func prepare(enabled: Bool) -> CapturePlan {
        guard enabled else { return .unavailable(Words(.en)(.captureOff)) }
        // Decided from the capability alone: an AF_PACKET socket opened here to find out
        // costs ~26 ms (its bind and close wait for the kernel to synchronize) and the menu
        // captures nothing. The real socket is opened when a lesson starts, and a failure
        // there is shown with its errno.
        if hasNetRaw() { return .host }
        let rc = cst_enter_user_namespace()
        if rc == 0 { return .privateNetwork }
        return .unavailable(Words(.en)(.captureNoNetRaw, ["why": userNamespaceTrouble(ErrnoValue(-rc))]))
    }

    /// CAP_NET_RAW (bit 13) in this process's effective set, from /proc/self/status.
    static func hasNetRaw() -> Bool {
        guard let status = KernelSocketTable.readWhole("/proc/self/status"),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") }),
              let mask = UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16) else { return false }
        return mask & (1 << 13) != 0
    }

    /// Why unshare(CLONE_NEWUSER) failed, naming the setting that forbids it when one does.
    static func userNamespaceTrouble(_ error: ErrnoValue) -> String {
        func setting(_ path: String) -> String? {
            KernelSocketTable.readWhole(path)?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if setting("/proc/sys/user/max_user_namespaces") == "0" {
            return Words(.en)(.captureUsernsDisabled, ["setting": "user.max_user_namespaces"])
        }
        if setting("/proc/sys/kernel/unprivileged_userns_clone") == "0" {
            return Words(.en)(.captureUsernsDisabled, ["setting": "kernel.unprivileged_userns_clone"])
        }
        if setting("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == "1" {
            return Words(.en)(.captureAppArmorForbids, ["setting": "kernel.apparmor_restrict_unprivileged_userns"])
        }
        if error.code == EINVAL {
            return Words(.en)(.captureUnshareManyThreads)
        }
        return Words(.en)(.captureUnshareFailed, ["name": error.name, "message": error.message])
    }
}

/// Whether this session captures packets, as reported to the screen.
public enum CaptureStatus: Codable, Sendable, Hashable {
    /// Capturing; `place` says where ("lo, in a private network namespace").
    case capturing(place: String)
    case unavailable(reason: String)
}
