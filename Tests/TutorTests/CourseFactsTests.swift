import Foundation
import Glibc
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// The numbers the lessons teach are this machine's, read while the lesson runs: each is
/// compared with what the test itself reads from /proc or the kernel, in the same kind of
/// network namespace (the harness runs lessons on the host's, as the tests do).
@Suite(.serialized) struct CourseFactsTests {
    func run(_ id: String, options: SessionOptions = SessionOptions()) throws -> SessionHarness {
        let lesson = try #require(try Fixtures.builtIn().lesson(id: id))
        let h = try SessionHarness(lesson, options: options)
        #expect(h.runToEnd(), "\(id) runs to its end")
        #expect(h.leave())
        #expect(h.state.notices.isEmpty, "\(id): \(h.state.notices)")
        return h
    }

    func proc(_ name: String) throws -> Int {
        let text = try String(contentsOfFile: KernelSetting.path(name), encoding: .utf8)
        return try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    func value(_ h: SessionHarness, _ actor: String, step: String) -> String? {
        h.state.traces[actor]?.first { $0.stepID == step }?.outcome?.value
    }

    /// A section's text as narrated, its line breaks and indents made single spaces.
    func narration(_ h: SessionHarness, _ section: String) -> String {
        (h.state.narration.first { $0.sectionID == section }?.text ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func backlogShowsThisMachinesSettingsAndTheScheduleDerivedFromThem() throws {
        let h = try run("backlog")
        let retries = try proc("net.ipv4.tcp_syn_retries")
        let linear = try proc("net.ipv4.tcp_syn_linear_timeouts")
        let somaxconn = try proc("net.core.somaxconn")
        #expect(value(h, "dave", step: "dave-syn-retries") == String(retries))
        #expect(value(h, "dave", step: "dave-syn-linear") == String(linear))
        #expect(value(h, "server", step: "server-somaxconn") == String(somaxconn))

        let text = narration(h, "accept-makes-room")
        #expect(!text.contains("{"), "every placeholder filled: \(text)")
        #expect(text.contains("net.ipv4.tcp_syn_retries is \(retries) and"))
        #expect(text.contains("the settings of the host's network namespace"))
        let schedule = TextTemplate.synSchedule(retries: retries, linear: linear)
        let times = schedule.sends.map(String.init)
        #expect(text.contains(times.dropLast().joined(separator: ", ") + " and " + times.last!), "\(text)")
        #expect(text.contains("about \(schedule.givesUp) seconds after it began"), "\(text)")
        #expect(narration(h, "recap").contains("(\(somaxconn) here;"))
        #expect(h.state.notes["server-listen"]?.contains("well under the cap of \(somaxconn)") == true)

        // The listener let backlog + 1 clients in, as the text says, and Dave waited.
        #expect(h.state.traces["carol"]?.first { $0.stepID == "carol-connect" }?.outcome?.error == nil)
        #expect(h.state.traces["dave"]?.first { $0.stepID == "dave-connect" }?.blocked == true)
        #expect(h.state.traces["dave"]?.first { $0.stepID == "dave-syn-retries" }?.python
                == "syn_retries = int(open('/proc/sys/net/ipv4/tcp_syn_retries').read())")
    }

    @Test func layersShowsLosMTUAndTheSmallerIPv4LimitTheConnectedSocketReports() throws {
        let h = try run("layers")
        #expect(value(h, "client", step: "loopback-mtu") == "65536", "lo's MTU on this machine")
        #expect(value(h, "client", step: "path-mtu") == "65535", "IPv4's 16-bit total length")
        #expect(h.state.notes["path-mtu"]?.contains("Compare it with lo's 65536.") == true)
        #expect(h.state.notes["loopback-mtu"]?.contains("the lo of the host's network namespace") == true)
        #expect(narration(h, "encapsulation").contains("lo's MTU is 65536, yet IP_MTU said 65535."))
        #expect(narration(h, "recap").contains("lo's MTU was 65536, and an IPv4 packet is at most 65535 bytes (IP_MTU said 65535)"))
        #expect(h.state.traces["client"]?.first { $0.stepID == "path-mtu" }?.python == "path_mtu = c.getsockopt(socket.IPPROTO_IP, 14)  # IP_MTU")
    }

    /// As root the driver can give a lesson a network namespace of its own; its texts then
    /// say that it is that namespace's lo they read.
    @Test(.enabled(if: geteuid() == 0)) func inAPrivateNamespaceTheTextsSayWhichLoItRead() throws {
        var options = SessionOptions()
        options.capture = .privateNetwork
        let h = try run("layers", options: options)
        guard case .capturing(let place)? = h.state.capture else {
            Issue.record("no private namespace: \(String(describing: h.state.capture))")
            return
        }
        #expect(place.contains("own network namespace"))
        #expect(value(h, "client", step: "loopback-mtu") == "65536", "the namespace's own lo")
        #expect(h.state.notes["loopback-mtu"]?.contains("the lo of this lesson's own network namespace") == true)
        #expect(narration(h, "link-and-mtu").contains("this is the lo of this lesson's own network namespace."))
    }
}
