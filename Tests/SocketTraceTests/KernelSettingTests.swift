import Foundation
import Glibc
import Testing
@testable import SocketTrace

/// The sysctl read and IP_MTU, made for real on this machine.
@Suite struct KernelSettingTests {
    /// What the file says, read here the plain way, to compare with the traced call.
    func proc(_ path: String) throws -> Int {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func everyAllowedSettingReadsTheValueProcSysHoldsAndIsTracedAsThatRead() throws {
        for name in KernelSetting.allowed {
            let path = KernelSetting.path(name)
            let o = Kernel.perform(.sysctl(name: name))
            #expect(o.error == nil, "\(name): \(String(describing: o.error))")
            #expect(o.returnValue == (try proc(path)), "\(name)")
            #expect(TraceLine.complete(.sysctl(name: name), o) == "read \(path) = \(try proc(path))")
        }
        #expect(KernelSetting.path("net.ipv4.tcp_syn_retries") == "/proc/sys/net/ipv4/tcp_syn_retries")
    }

    @Test func aSettingOffTheListIsRefusedWithoutReadingAnything() {
        for name in ["kernel.hostname", "../../etc/passwd", "net.ipv4.tcp_rmem", "net..ipv4"] {
            let o = Kernel.perform(.sysctl(name: name))
            #expect(o.error?.code == EACCES && o.value == nil, "\(name)")
        }
    }

    @Test func ipMTUOnAConnectedLoopbackSocketIsTheIPv4LimitBelowLosMTU() throws {
        let listener = Kernel.perform(.socket(family: .inet, type: .stream, protocol: 0))
        let client = Kernel.perform(.socket(family: .inet, type: .stream, protocol: 0))
        let (l, c) = (Int32(listener.returnValue), Int32(client.returnValue))
        defer { Glibc.close(c); Glibc.close(l) }
        _ = Kernel.perform(.bind(fd: l, address: .inet(host: "127.0.0.1", port: 0)))
        _ = Kernel.perform(.listen(fd: l, backlog: 1))
        let address = try #require(Kernel.perform(.getsockname(fd: l)).address)

        let before = Kernel.perform(.getsockopt(fd: c, option: .ipMTU))
        #expect(before.error?.name == "ENOTCONN", "ip(7): IP_MTU only on a connected socket")
        #expect(Kernel.perform(.connect(fd: c, address: address)).error == nil)
        let mtu = Kernel.perform(.getsockopt(fd: c, option: .ipMTU))
        let lo = Kernel.perform(.interfaceMTU(fd: c, interface: "lo"))
        // lo carries 65536-byte frames on this machine, but IPv4's total length is 16 bits.
        #expect(lo.value == "65536")
        #expect(mtu.value == "65535")
        #expect(TraceLine.complete(.getsockopt(fd: c, option: .ipMTU), mtu) == "getsockopt(\(c), IPPROTO_IP, IP_MTU, [65535]) = 0")
    }
}
