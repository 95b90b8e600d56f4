import Foundation
import Testing
@testable import SocketTrace

/// The name-service lookups, answered from this machine's /etc/services and /etc/protocols
/// (Debian's netbase package; .ci/run installs it).
@Suite struct LookupTests {
    @Test(arguments: [("http", "tcp", 80), ("ftp", "tcp", 21), ("smtp", "tcp", 25), ("domain", "udp", 53)])
    func getservbynameFindsWellKnownPorts(name: String, proto: String, port: Int) {
        let o = Kernel.perform(.getservbyname(name: name, protocol: proto))
        #expect(o.returnValue == port)
        #expect(o.lookupError == nil)
    }

    @Test(arguments: [(UInt16(25), "smtp"), (43, "whois"), (80, "http")])
    func getservbyportFindsServiceNames(port: UInt16, name: String) {
        let o = Kernel.perform(.getservbyport(port: port, protocol: "tcp"))
        #expect(o.value?.contains("s_name=\"\(name)\"") == true)
    }

    @Test func getprotobynameKnowsTCPAndUDP() {
        #expect(Kernel.perform(.getprotobyname(name: "tcp")).returnValue == 6)
        #expect(Kernel.perform(.getprotobyname(name: "udp")).returnValue == 17)
    }

    @Test func anUnknownServiceIsNotFound() {
        let o = Kernel.perform(.getservbyname(name: "no-such-service", protocol: "tcp"))
        #expect(o.lookupError == "not found")
        #expect(TraceLine.result(.getservbyname(name: "no-such-service", protocol: "tcp"), o) == "= NULL (no entry)")
    }

    @Test func getaddrinfoOfANumericHostNeedsNoResolver() {
        let o = Kernel.perform(.getaddrinfo(host: "127.0.0.1", service: "80", family: .inet, type: .stream))
        #expect(o.addresses == [.inet(host: "127.0.0.1", port: 80)])
    }

    @Test func getnameinfoNumericGivesHostAndPortBack() {
        let o = Kernel.perform(.getnameinfo(address: .inet(host: "127.0.0.1", port: 8080), numeric: true))
        #expect(o.value == "127.0.0.1 8080")
    }

    @Test func gethostnameMatchesTheKernelsHostname() throws {
        let o = Kernel.perform(.gethostname)
        let kernel = try String(contentsOfFile: "/proc/sys/kernel/hostname", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(o.value == kernel)
    }
}
