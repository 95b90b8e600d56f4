import Foundation
import Testing
@testable import SocketTrace

@Suite struct ValueTests {
    /// CURRICULUM.md's facts, checked against this system's headers and strerror.
    @Test(arguments: [("ECONNREFUSED", 111), ("EADDRINUSE", 98), ("EAGAIN", 11), ("EPIPE", 32),
                      ("ECONNRESET", 104), ("EAFNOSUPPORT", 97), ("EPERM", 1), ("ENOTCONN", 107)])
    func errnoNamesAndNumbersAreLinuxs(name: String, code: Int32) {
        #expect(ErrnoValue.code(named: name) == code)
        #expect(ErrnoValue(code).name == name)
        #expect(!ErrnoValue(code).message.isEmpty)
    }

    @Test(arguments: [
        ("127.0.0.1:0", SocketAddress.inet(host: "127.0.0.1", port: 0), true),
        ("127.8.9.1:80", .inet(host: "127.8.9.1", port: 80), true),
        ("[::1]:0", .inet6(host: "::1", port: 0), true),
        ("10.0.0.1:80", .inet(host: "10.0.0.1", port: 80), false),
        ("[2001:db8::1]:22", .inet6(host: "2001:db8::1", port: 22), false),
        ("unix:echo.sock", .unix(path: "echo.sock"), true),
    ])
    func addressesParseAndKnowWhetherTheyAreLoopback(text: String, address: SocketAddress, loopback: Bool) {
        #expect(SocketAddress(parsing: text) == address)
        #expect(address.isLoopback == loopback)
    }

    @Test(arguments: ["localhost:80", "127.0.0.1", "127.0.0.1:99999", "[::1]", "example.com:80"])
    func namesAndMalformedAddressesAreRejected(text: String) {
        #expect(SocketAddress(parsing: text) == nil)
    }

    @Test func addressesSurviveTheRoundTripThroughSockaddr() {
        for address in [SocketAddress.inet(host: "127.0.0.1", port: 4242), .inet6(host: "::1", port: 4242), .unix(path: "/tmp/x.sock")] {
            let back = address.withSockAddr { sa, len in
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: UnsafeRawBufferPointer(start: sa, count: Int(len))) }
                return SocketAddress(storage: storage, length: len)
            }
            #expect(back == address)
        }
    }

    @Test(arguments: [
        (Data("hello\n".utf8), "hello\\n"),
        (Data([0, 0xff, 0x41]), "\\x00\\xffA"),
        (Data("say \"hi\"".utf8), "say \\\"hi\\\""),
        (Data(repeating: 0x61, count: 40), String(repeating: "a", count: 32) + "…"),
    ])
    func bytesAreEscapedLikeC(data: Data, shown: String) {
        #expect(ByteEscaping.escape(data) == shown)
    }

    @Test func traceLinesFollowStracesShape() {
        let bind = SocketCall.bind(fd: 3, address: .inet(host: "127.0.0.1", port: 0))
        #expect(TraceLine.complete(bind, CallOutcome(returnValue: 0)) == "bind(3, {AF_INET, 127.0.0.1:0}) = 0")
        var accepted = CallOutcome(returnValue: 5)
        accepted.address = .inet(host: "127.0.0.1", port: 53110)
        #expect(TraceLine.complete(.accept(fd: 3), accepted) == "accept(3, …) = 5 {127.0.0.1:53110}")
        #expect(TraceLine.call(.accept(fd: 3), nil) == "accept(3, …)")
        #expect(TraceLine.complete(.socket(family: .inet, type: .stream, protocol: 0), CallOutcome(returnValue: 3)) == "socket(AF_INET, SOCK_STREAM, 0) = 3")
    }

    @Test func callsAreCodableValues() throws {
        let call = TracedCall(actor: "server", call: .connect(fd: 4, address: .inet6(host: "::1", port: 9)),
                              outcome: CallOutcome(returnValue: -1, error: ErrnoValue(111), durationNanoseconds: 42))
        let back = try JSONDecoder().decode(TracedCall.self, from: JSONEncoder().encode(call))
        #expect(back == call)
    }
}
