import Foundation
import Glibc
import Testing
@testable import SocketTrace

/// gethostbyname/gethostbyaddr answered from /etc/hosts, fileno's no-call, and the
/// descriptor table read from /proc/self/fd, each against what the system says itself.
@Suite struct NamesAndDescriptorsTests {
    @Test func gethostbynameOfLocalhostGivesWhatEtcHostsSays() {
        let o = Kernel.perform(.gethostbyname(name: "localhost"))
        #expect(o.lookupError == nil)
        let hosts = LoopbackHosts.hostsEntries("/etc/hosts").filter { $0.names.contains("localhost") && !$0.address.contains(":") }
        #expect(o.addresses?.first == .inet(host: hosts.first?.address ?? "?", port: 0), "\(o)")
        #expect(TraceLine.complete(.gethostbyname(name: "localhost"), o).hasPrefix("gethostbyname(\"localhost\") = {h_name=\""))
    }

    @Test func gethostbyaddrOfLoopbackGivesTheFirstNameEtcHostsGivesIt() {
        let o = Kernel.perform(.gethostbyaddr(host: "127.0.0.1"))
        let first = LoopbackHosts.hostsEntries("/etc/hosts").first { $0.address == "127.0.0.1" }
        #expect(o.value?.split(separator: " ").first.map(String.init) == first?.names.first, "\(o)")
        #expect(TraceLine.call(.gethostbyaddr(host: "127.0.0.1"), o) == "gethostbyaddr(127.0.0.1, 4, AF_INET)")
    }

    @Test func aNameEtcHostsLacksIsNotFoundAndNotANumber() {
        let o = Kernel.perform(.gethostbyaddr(host: "not-an-address"))
        #expect(o.lookupError?.hasPrefix("HOST_NOT_FOUND") == true)
        #expect(TraceLine.result(.gethostbyaddr(host: "x"), o).hasPrefix("= NULL (h_errno HOST_NOT_FOUND"))
    }

    @Test func filenoMakesNoCallAndSaysSo() {
        let o = Kernel.perform(.fileno(fd: 7))
        #expect(o.returnValue == 7 && o.error == nil)
        #expect(TraceLine.complete(.fileno(fd: 7), o) == "(no system call) fileno = 7: the number the socket object keeps")
    }

    @Test func theDescriptorTableListsAnOpenSocketAsSocketInode() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var st = stat()
        #expect(fstat(fd, &st) == 0)
        let listed = Kernel.perform(.listDescriptors)
        #expect(listed.descriptors?.contains(fd) == true, "\(listed)")
        #expect(listed.descriptors?.allSatisfy { $0 < DescriptorTable.tutorsOwnFrom } == true)
        let link = Kernel.perform(.readDescriptorLink(fd: fd))
        #expect(link.value == "socket:[\(st.st_ino)]")
        #expect(DescriptorTable.socketInode(link.value ?? "") == UInt64(st.st_ino))
        #expect(TraceLine.complete(.readDescriptorLink(fd: fd), link) == "readlink(\"/proc/self/fd/\(fd)\", \"socket:[\(st.st_ino)]\", 4095) = \(link.returnValue)")
    }

    @Test func aClosedDescriptorsLinkIsENOENT() {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        close(fd)
        #expect(Kernel.perform(.readDescriptorLink(fd: fd)).error?.name == "ENOENT")
    }
}
