import Foundation
import Glibc
import Testing
@testable import SocketTrace

/// The /proc/net parser, checked against sockets this test makes for real.
@Suite(.serialized) struct KernelSocketTableTests {
    func inode(_ fd: Int32) -> UInt64 {
        var st = stat()
        fstat(fd, &st)
        return UInt64(st.st_ino)
    }

    func ours(_ fds: [Int32]) -> [KernelSocket] {
        let inodes = Set(fds.map(inode))
        return KernelSocketTable.read().filter { inodes.contains($0.inode) }
    }

    @Test func listenerShowsItsAcceptQueueFillingAgainstTheBacklog() throws {
        let listener = Kernel.perform(.socket(family: .inet, type: .stream, protocol: 0)).returnValue
        defer { close(Int32(listener)) }
        let fd = Int32(listener)
        _ = Kernel.perform(.bind(fd: fd, address: .inet(host: "127.0.0.1", port: 0)))
        _ = Kernel.perform(.listen(fd: fd, backlog: 5))
        let address = try #require(Kernel.perform(.getsockname(fd: fd)).address)
        var clients: [Int32] = []
        defer { clients.forEach { close($0) } }
        for expected in 1...3 {
            let c = Int32(Kernel.perform(.socket(family: .inet, type: .stream, protocol: 0)).returnValue)
            clients.append(c)
            #expect(Kernel.perform(.connect(fd: c, address: address)).error == nil)
            var row = try #require(ours([fd]).first)
            #expect(row.receiveQueue == expected)
            row.backlog = 5
            #expect(row.description == "tcp LISTEN \(address.hostAndPort) accept-queue \(expected)/5")
        }
        // The connected clients: ESTABLISHED, towards the listener's port.
        let clientRows = ours(clients)
        #expect(clientRows.count == 3)
        #expect(clientRows.allSatisfy { $0.state == "ESTABLISHED" && $0.remote == address.hostAndPort })
        // Their server halves are not accepted yet: no descriptor, so inode 0.
        let children = KernelSocketTable.read().filter { $0.localPort == address.port && !$0.isListener }
        #expect(children.count == 3)
        #expect(children.allSatisfy { $0.inode == 0 })
    }

    @Test func closingFirstLeavesTimeWaitWithNoOwner() throws {
        let l = Int32(Kernel.perform(.socket(family: .inet6, type: .stream, protocol: 0)).returnValue)
        _ = Kernel.perform(.bind(fd: l, address: .inet6(host: "::1", port: 0)))
        _ = Kernel.perform(.listen(fd: l, backlog: 1))
        let address = try #require(Kernel.perform(.getsockname(fd: l)).address)
        let c = Int32(Kernel.perform(.socket(family: .inet6, type: .stream, protocol: 0)).returnValue)
        _ = Kernel.perform(.connect(fd: c, address: address))
        let s = Int32(Kernel.perform(.accept(fd: l)).returnValue)
        let clientPort = try #require(Kernel.perform(.getsockname(fd: c)).address?.port)
        #expect(ours([l]).first?.description == "tcp LISTEN [::1]:\(address.port!) accept-queue 0")
        close(c)     // the client closes first …
        usleep(20_000)
        #expect(ours([s]).first?.state == "CLOSE_WAIT", "the server has read no EOF yet")
        close(s)     // … so it is the client's side that waits out TIME_WAIT
        close(l)
        usleep(20_000)
        let waiting = KernelSocketTable.read().first { $0.localPort == clientPort && $0.proto == .tcp6 }
        #expect(waiting?.state == "TIME_WAIT")
        #expect(waiting?.inode == 0)
        #expect(waiting?.remote == "[::1]:\(address.port!)")
    }

    @Test func udpAndUnixSocketsAreListedToo() throws {
        let u = Int32(Kernel.perform(.socket(family: .inet, type: .datagram, protocol: 0)).returnValue)
        defer { close(u) }
        _ = Kernel.perform(.bind(fd: u, address: .inet(host: "127.0.0.1", port: 0)))
        _ = Kernel.perform(.sendto(fd: u, data: Data("ping".utf8), address: Kernel.perform(.getsockname(fd: u)).address))
        let row = try #require(ours([u]).first)
        #expect(row.proto == .udp && row.state == "UNCONN")
        #expect(row.receiveQueue > 0, "the datagram waits to be read")

        let pair = Kernel.perform(.socketpair(family: .unix, type: .stream)).descriptors ?? []
        defer { pair.forEach { close($0) } }
        let rows = ours(pair)
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.proto == .unix && $0.state == "STREAM CONNECTED" })
    }

    @Test(arguments: [
        ("   0: 0100007F:A1B5 00000000:0000 0A 00000005:00000002 00:00000000 00000000     0        0 4242 1 0 100 0 0 10 0",
         "tcp LISTEN 127.0.0.1:41397 accept-queue 2"),
        ("   1: 0100007F:D6F6 0100007F:A1B5 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0",
         "tcp TIME_WAIT 127.0.0.1:55030 → 127.0.0.1:41397"),
    ])
    func parsesKernelLines(_ line: String, _ expected: String) throws {
        #expect(try #require(KernelSocketTable.parseInet(line, proto: .tcp)).description == expected)
    }
}
