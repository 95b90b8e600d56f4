import Foundation
import Glibc
import Testing
@testable import SocketTrace

/// Real calls on real sockets: each test closes what it opens, even when it fails.
@Suite struct TracedCallTests {
    /// Opens sockets through the traced calls and closes them all at the end.
    final class Sockets {
        var fds: [Int32] = []
        func socket(_ family: AddressFamily = .inet, _ type: SocketType = .stream) -> Int32 {
            let o = Kernel.perform(.socket(family: family, type: type, protocol: 0))
            if o.error == nil { fds.append(Int32(o.returnValue)) }
            return Int32(o.returnValue)
        }
        /// A listening TCP socket on 127.0.0.1, port chosen by the kernel.
        func listener(backlog: Int32 = 5) -> (fd: Int32, address: SocketAddress) {
            let fd = socket()
            _ = Kernel.perform(.bind(fd: fd, address: .inet(host: "127.0.0.1", port: 0)))
            _ = Kernel.perform(.listen(fd: fd, backlog: backlog))
            return (fd, Kernel.perform(.getsockname(fd: fd)).address!)
        }
        func adopt(_ fd: Int32) { fds.append(fd) }
        deinit { for fd in fds { Glibc.close(fd) } }
    }

    @Test func socketReturnsADescriptorAndBindToPortZeroGetsARealPort() {
        let s = Sockets()
        let fd = s.socket()
        #expect(fd >= 3)
        let bind = Kernel.perform(.bind(fd: fd, address: .inet(host: "127.0.0.1", port: 0)))
        #expect(bind.returnValue == 0 && bind.error == nil)
        let name = Kernel.perform(.getsockname(fd: fd))
        #expect(name.address?.port ?? 0 > 0)
        #expect(name.address?.hostAndPort.hasPrefix("127.0.0.1:") == true)
    }

    @Test func acceptReturnsANewSocketAndThePeerAddress() throws {
        let s = Sockets()
        let server = s.listener()
        let client = s.socket()
        let connect = Kernel.perform(.connect(fd: client, address: server.address))
        #expect(connect.returnValue == 0)
        let accept = Kernel.perform(.accept(fd: server.fd))
        s.adopt(Int32(accept.returnValue))
        #expect(accept.returnValue > Int(client))
        let clientName = Kernel.perform(.getsockname(fd: client)).address
        #expect(accept.address == clientName)
        let peer = Kernel.perform(.getpeername(fd: client))
        #expect(peer.address == server.address)
    }

    @Test func sendAndRecvMoveTheRealBytes() {
        let s = Sockets()
        let server = s.listener()
        let client = s.socket()
        _ = Kernel.perform(.connect(fd: client, address: server.address))
        let conn = Int32(Kernel.perform(.accept(fd: server.fd)).returnValue)
        s.adopt(conn)
        let sent = Kernel.perform(.send(fd: client, data: Data("hello\n".utf8), flags: []))
        #expect(sent.returnValue == 6)
        #expect(sent.bytes == Data("hello\n".utf8))
        let got = Kernel.perform(.recv(fd: conn, size: 1024, flags: []))
        #expect(got.returnValue == 6)
        #expect(got.bytes == Data("hello\n".utf8))
        #expect(TraceLine.complete(.recv(fd: conn, size: 1024, flags: []), got) == "recv(\(conn), \"hello\\n\", 1024, 0) = 6")
    }

    @Test func connectToAPortWithNoListenerIsRefused() {
        let s = Sockets()
        // A port that was ours a moment ago and now has no listener.
        let probe = s.socket()
        _ = Kernel.perform(.bind(fd: probe, address: .inet(host: "127.0.0.1", port: 0)))
        let address = Kernel.perform(.getsockname(fd: probe)).address!
        _ = Kernel.perform(.close(fd: probe))
        s.fds.removeAll { $0 == probe }
        let client = s.socket()
        let o = Kernel.perform(.connect(fd: client, address: address))
        #expect(o.returnValue == -1)
        #expect(o.error?.code == 111)
        #expect(o.error?.name == "ECONNREFUSED")
        #expect(TraceLine.result(.connect(fd: client, address: address), o) == "= -1 ECONNREFUSED (Connection refused)")
    }

    @Test func bindingAPortInUseFailsWithEADDRINUSE() {
        let s = Sockets()
        let server = s.listener()
        let second = s.socket()
        let o = Kernel.perform(.bind(fd: second, address: server.address))
        #expect(o.error?.name == "EADDRINUSE")
        #expect(o.error?.code == 98)
    }

    @Test func sendOnAListeningSocketFailsWithEPIPEAndRecvWithENOTCONN() {
        // Linux answers EPIPE for a send on a listening socket (tcp_sendmsg: not connected,
        // not connecting) and ENOTCONN for a recv on it.
        let s = Sockets()
        let server = s.listener()
        let send = Kernel.perform(.send(fd: server.fd, data: Data("x".utf8), flags: []))
        #expect(send.error?.name == "EPIPE")
        #expect(send.error?.code == 32)
        let recv = Kernel.perform(.recv(fd: server.fd, size: 16, flags: .dontWait))
        #expect(recv.error?.name == "ENOTCONN")
        #expect(recv.error?.code == 107)
    }

    @Test func nonBlockingAcceptWithNobodyWaitingFailsWithEAGAIN() {
        let s = Sockets()
        let server = s.listener()
        let flags = Kernel.perform(.getFileFlags(fd: server.fd))
        #expect(flags.value == "O_RDWR")
        let set = Kernel.perform(.setFileFlags(fd: server.fd, flags: Int32(flags.returnValue) | O_NONBLOCK))
        #expect(set.returnValue == 0)
        #expect(Kernel.perform(.getFileFlags(fd: server.fd)).value == "O_RDWR|O_NONBLOCK")
        let o = Kernel.perform(.accept(fd: server.fd))
        #expect(o.error?.name == "EAGAIN")
        #expect(o.error?.code == 11)
    }

    @Test func aFamilyThisKernelLacksFailsWithEAFNOSUPPORT() {
        let s = Sockets()
        let fd = s.socket(AddressFamily(name: "AF_X25")!)
        #expect(fd == -1)
        let o = Kernel.perform(.socket(family: AddressFamily(name: "AF_X25")!, type: .stream, protocol: 0))
        #expect(o.error?.name == "EAFNOSUPPORT")
        #expect(o.error?.code == 97)
    }

    @Test func rawSocketNeedsTheCapability() {
        let s = Sockets()
        let o = Kernel.perform(.socket(family: .inet, type: .raw, protocol: Int32(IPPROTO_ICMP)))
        if o.error == nil { s.adopt(Int32(o.returnValue)) }
        if geteuid() == 0 {
            #expect(o.error == nil, "root has CAP_NET_RAW")
        } else {
            #expect(o.error?.name == "EPERM")
        }
    }

    @Test func closingTwiceFailsWithEBADF() {
        let fd = Int32(Kernel.perform(.socket(family: .inet, type: .stream, protocol: 0)).returnValue)
        #expect(Kernel.perform(.close(fd: fd)).returnValue == 0)
        #expect(Kernel.perform(.close(fd: fd)).error?.name == "EBADF")
    }

    @Test func shutdownWriteGivesThePeerEndOfStream() {
        let s = Sockets()
        let pair = Kernel.perform(.socketpair(family: .unix, type: .stream))
        let fds = try! #require(pair.descriptors)
        fds.forEach(s.adopt)
        #expect(Kernel.perform(.shutdown(fd: fds[0], how: .write)).returnValue == 0)
        let o = Kernel.perform(.recv(fd: fds[1], size: 10, flags: []))
        #expect(o.returnValue == 0)
        #expect(o.bytes == Data())
    }

    @Test func udpSendtoAndRecvfromCarryTheAddressAndKeepBoundaries() {
        let s = Sockets()
        let receiver = s.socket(.inet, .datagram)
        _ = Kernel.perform(.bind(fd: receiver, address: .inet(host: "127.0.0.1", port: 0)))
        let to = Kernel.perform(.getsockname(fd: receiver)).address!
        let sender = s.socket(.inet, .datagram)
        #expect(Kernel.perform(.sendto(fd: sender, data: Data("one".utf8), address: to)).returnValue == 3)
        #expect(Kernel.perform(.sendto(fd: sender, data: Data("two".utf8), address: to)).returnValue == 3)
        let first = Kernel.perform(.recvfrom(fd: receiver, size: 100))
        #expect(first.bytes == Data("one".utf8), "one datagram per recvfrom")
        // sendto bound the sender implicitly to 0.0.0.0 and a port the kernel chose; the
        // receiver sees that port with the address the datagram really came from.
        let senderName = Kernel.perform(.getsockname(fd: sender)).address
        #expect(senderName?.hostAndPort.hasPrefix("0.0.0.0:") == true)
        #expect(first.address == .inet(host: "127.0.0.1", port: senderName?.port ?? 0))
    }

    @Test func socketOptionsReadBackWhatWasSet() {
        let s = Sockets()
        let fd = s.socket()
        #expect(Kernel.perform(.getsockopt(fd: fd, option: .reuseAddress)).value == "0")
        #expect(Kernel.perform(.setsockopt(fd: fd, option: .reuseAddress, value: 1)).returnValue == 0)
        #expect(Kernel.perform(.getsockopt(fd: fd, option: .reuseAddress)).value == "1")
        #expect(Kernel.perform(.setsockopt(fd: fd, option: .receiveTimeout, value: 1.5)).returnValue == 0)
        #expect(Kernel.perform(.getsockopt(fd: fd, option: .receiveTimeout)).value == "{tv_sec=1, tv_usec=500000}")
        #expect(Kernel.perform(.setsockopt(fd: fd, option: .noDelay, value: 1)).returnValue == 0)
        #expect(Kernel.perform(.getsockopt(fd: fd, option: .noDelay)).value == "1")
        // The kernel doubles SO_RCVBUF to leave room for its bookkeeping.
        _ = Kernel.perform(.setsockopt(fd: fd, option: .receiveBuffer, value: 8192))
        #expect(Kernel.perform(.getsockopt(fd: fd, option: .receiveBuffer)).value == "16384")
    }

    @Test func pollTimesOutWhenNothingArrives() {
        let s = Sockets()
        let server = s.listener()
        let o = Kernel.perform(.poll(fd: server.fd, events: .input, timeoutMilliseconds: 20))
        #expect(o.returnValue == 0)
        #expect(o.durationNanoseconds >= 15_000_000)
        #expect(TraceLine.result(.poll(fd: server.fd, events: .input, timeoutMilliseconds: 20), o) == "= 0 (Timeout)")
    }

    @Test func theLoopbackMTUComesFromTheKernel() throws {
        let s = Sockets()
        let fd = s.socket()
        let o = Kernel.perform(.interfaceMTU(fd: fd, interface: "lo"))
        let sysfs = try String(contentsOfFile: "/sys/class/net/lo/mtu", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(o.value == sysfs)
    }
}
