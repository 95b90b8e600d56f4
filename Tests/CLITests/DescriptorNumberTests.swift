import Foundation
import Glibc
import Testing

/// The tutor's own descriptors (kernel view, packet capture, probes, the TUI's eventfd and
/// signal pipe) sit at 900 and above, so the lesson's numbers are the ones the learner's own
/// Python program doing the same calls gets: first socket 3, accept's new socket 4.
@Suite(.serialized) struct DescriptorNumberTests {
    let cli = CLITests()

    func plainNumbers(_ extra: [String]) throws -> (first: String?, client: String?, accepted: String?) {
        let r = try cli.run(["learn", "tcp-workflow", "--plain", "--auto"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        func match(_ pattern: String) -> String? {
            guard let range = r.stdout.range(of: pattern, options: .regularExpression) else { return nil }
            return String(r.stdout[range]).split(separator: "=").last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return (match(#"\[server\] socket\(AF_INET, SOCK_STREAM, 0\) = \d+"#),
                match(#"\[client\] socket\(AF_INET, SOCK_STREAM, 0\) = \d+"#),
                match(#"\[server\] <… accept resumed> = \d+"#))
    }

    @Test func plainTcpWorkflowNumbersTheLessonsSocketsFromThreeWithCapture() throws {
        let n = try plainNumbers([])
        // accept reserves its descriptor (4) while it waits, so the client's socket is 5.
        #expect(n.first == "3")
        #expect(n.accepted == "4")
        #expect(n.client == "5")
    }

    @Test func plainTcpWorkflowNumbersTheLessonsSocketsFromThreeWithoutCapture() throws {
        let n = try plainNumbers(["--no-capture"])
        #expect(n.first == "3")
        #expect(n.accepted == "4")
        #expect(n.client == "5")
    }

    @Test(.enabled(if: Tmux.available, "needs tmux"))
    func fullScreenTcpWorkflowShowsTheFirstSocketAsThree() throws {
        let tmux = try Tmux([CLITests.binary.path, "learn", "tcp-workflow"])
        try tmux.waitFor(text: "step 1/17")
        let screen = try tmux.waitFor("the server's socket") {
            $0.range(of: #"socket\(AF_INET, SOCK_STREAM, 0\) = \d+"#, options: .regularExpression) != nil
        }
        #expect(screen.contains("socket(AF_INET, SOCK_STREAM, 0) = 3"), "\(screen)")
        // Every descriptor the process holds besides 0-2 and the lesson's 3 is the tutor's own, at 900+.
        if let pid = try tmux.programPID() {
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?.compactMap { Int($0) } ?? []
            let low = fds.filter { $0 > 3 && $0 < 900 }
            #expect(low.isEmpty, "the tutor holds low descriptors \(low.sorted())")
        }
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }
}
