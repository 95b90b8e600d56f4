import Foundation
import Glibc
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// The families-and-types lesson, run for real: the AF_UNIX socket's path in the kernel's
/// table and its file left behind (EADDRINUSE), the same echo over AF_INET and AF_INET6,
/// EAFNOSUPPORT for AF_IPX, and SOCK_RAW's answer matching this process's capability.
@Suite(.serialized) struct CourseFamiliesAndTypesTests {
    func snapshots(_ h: SessionHarness) -> [[KernelSocket]] {
        h.events.compactMap { if case .kernel(let rows) = $0.event { rows } else { nil } }
    }

    func outcome(_ h: SessionHarness, _ actor: String, _ step: String) -> CallOutcome? {
        h.state.traces[actor]?.last { $0.stepID == step }?.outcome
    }

    func errno(_ h: SessionHarness, _ step: String) -> String? {
        if case .raised(_, let e?)? = h.state.stepResults[step] { return e.name }
        return nil
    }

    @Test func theSameEchoRunsOverUnixInetAndInet6AndTheMissingFamilyAndRawSocketGiveTheirRealAnswers() throws {
        let (_, h) = try CourseRun.run("families-and-types")

        // AF_UNIX: the address is a path in the lesson's private directory, the kernel's
        // table lists the listener with that path, and the file outlives the socket.
        let unixAddress = try #require(outcome(h, "server", "unix-name")?.address)
        guard case .unix(let path) = unixAddress else { Issue.record("getsockname gave \(unixAddress)"); return }
        #expect(path.hasSuffix("/echo.sock"))
        #expect(snapshots(h).contains { $0.contains { $0.proto == .unix && $0.isListener && $0.local == path } },
                "/proc/net/unix lists the listener with its path")
        #expect(errno(h, "unix-again-bind") == "EADDRINUSE", "the socket file is still there after close")

        // The same echo, byte for byte, in each family.
        for (prefix, line) in [("unix", "hello over AF_UNIX\n"), ("inet", "hello over AF_INET\n"), ("inet6", "hello over AF_INET6\n")] {
            let reply = outcome(h, "client", "\(prefix)-reply")?.bytes.map { String(decoding: $0, as: UTF8.self) }
            #expect(reply == line, "\(prefix) echo")
        }
        guard case .inet(let host4, let port4)? = outcome(h, "server", "inet-name")?.address else { Issue.record("AF_INET address"); return }
        #expect(host4 == "127.0.0.1" && port4 != 0)
        guard case .inet6(let host6, let port6)? = outcome(h, "server", "inet6-name")?.address else { Issue.record("AF_INET6 address"); return }
        #expect(host6 == "::1" && port6 != 0)
        #expect(snapshots(h).contains { $0.contains { $0.proto == .tcp6 && $0.isListener && $0.localPort == port6 } })

        // A family this kernel lacks.
        #expect(errno(h, "ipx-socket") == "EAFNOSUPPORT")
        #expect(outcome(h, "client", "ipx-socket")?.error?.code == EAFNOSUPPORT)

        // SOCK_RAW: a descriptor where this process may make one, EPERM where it may not.
        // The lesson runs in this process's namespaces (no capture in the harness), so the
        // same attempt made here, now, must give the same answer.
        let probe = socket(AF_INET, Int32(SOCK_RAW.rawValue), Int32(IPPROTO_ICMP))
        let probeErrno = Glibc.errno
        if probe >= 0 { close(probe) }
        let raw = try #require(outcome(h, "client", "raw-socket"))
        if probe >= 0 {
            #expect(raw.error == nil && raw.returnValue >= 0, "CAP_NET_RAW here: the raw socket is made")
            #expect(h.state.stepResults["raw-socket"] == .returned)
        } else {
            #expect(probeErrno == EPERM)
            #expect(raw.error?.code == EPERM, "no CAP_NET_RAW here: EPERM")
        }
    }
}
