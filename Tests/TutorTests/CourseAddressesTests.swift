import Foundation
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// The addresses lesson, run for real: the well-known ports and protocol numbers looked up
/// on this machine, the names /etc/hosts gives, and the ports the kernel chose, seen the
/// same from both ends.
@Suite(.serialized) struct CourseAddressesTests {
    func outcome(_ h: SessionHarness, _ step: String) -> CallOutcome? {
        h.state.traces.values.flatMap { $0 }.last { $0.stepID == step }?.outcome
    }

    func errno(_ h: SessionHarness, _ step: String) -> String? {
        if case .raised(_, let e?)? = h.state.stepResults[step] { return e.name }
        return nil
    }

    @Test func servicesProtocolsAndNamesAreLookedUpForReal() throws {
        let (_, h) = try CourseRun.run("addresses")
        #expect(outcome(h, "serv-http")?.returnValue == 80, "getservbyname('http')")
        #expect(outcome(h, "serv-ftp")?.returnValue == 21, "getservbyname('ftp', 'tcp')")
        #expect(outcome(h, "port-25")?.value?.contains("s_name=\"smtp\"") == true, "getservbyport(25)")
        #expect(outcome(h, "port-43")?.value?.contains("s_name=\"whois\"") == true, "getservbyport(43)")
        #expect(outcome(h, "proto-tcp")?.returnValue == 6)
        #expect(outcome(h, "proto-udp")?.returnValue == 17)

        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count)
        #expect(outcome(h, "hostname")?.value == String(cString: name))
        #expect(outcome(h, "by-name")?.addresses?.first == .inet(host: "127.0.0.1", port: 0), "localhost per /etc/hosts")
        #expect(outcome(h, "by-address")?.value?.split(separator: " ").first == "localhost")
        #expect(outcome(h, "addrinfo")?.addresses?.contains(.inet(host: "127.0.0.1", port: 80)) == true)
        #expect(outcome(h, "nameinfo")?.value == "localhost http")
        let unprivileged = try String(contentsOfFile: "/proc/sys/net/ipv4/ip_unprivileged_port_start", encoding: .utf8)
        #expect(outcome(h, "unprivileged-start")?.returnValue == Int(unprivileged.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func theKernelChoosesPortsAtBindAndConnectAndBothEndsAgree() throws {
        let (_, h) = try CourseRun.run("addresses")
        let server = try #require(outcome(h, "server-name")?.address)
        #expect(server.port != 0, "bind to port 0 got a real port: \(server)")
        #expect(errno(h, "second-bind") == "EADDRINUSE")
        #expect(outcome(h, "client-name-before")?.address == .inet(host: "0.0.0.0", port: 0), "no address before connect")
        #expect(errno(h, "client-peer-before") == "ENOTCONN")

        let client = try #require(outcome(h, "client-name")?.address)
        #expect(client.port != 0 && client.port != server.port, "connect chose the client's port: \(client)")
        #expect(outcome(h, "client-peer")?.address == server)
        #expect(outcome(h, "conn-name")?.address == server, "the accepted socket has the server's address")
        #expect(outcome(h, "conn-peer")?.address == client, "and the client's as its peer")
        #expect(outcome(h, "server-accept")?.address == client, "accept returned the same peer")
    }
}
