import Foundation
import SocketTrace
@testable import Tutor

/// One value of every event kind and every call, for the round-trip and documentation tests.
enum RecordingSamples {
    static let address = SocketAddress.inet(host: "127.0.0.1", port: 41237)

    static let calls: [SocketCall] = [
        .socket(family: .inet, type: .stream, protocol: 0),
        .socket(family: AddressFamily(value: 4), type: .raw, protocol: 255),
        .socketpair(family: .unix, type: .stream),
        .bind(fd: 3, address: address),
        .bind(fd: 3, address: .inet6(host: "::1", port: 0)),
        .bind(fd: 3, address: .unix(path: "/tmp/sockettutor.abc/echo.sock")),
        .listen(fd: 3, backlog: 5),
        .accept(fd: 3),
        .connect(fd: 4, address: address),
        .send(fd: 4, data: Data("hello\u{0}\u{ff}".utf8) + Data([0xff]), flags: .dontWait),
        .recv(fd: 4, size: 1024, flags: [.peek, .waitAll]),
        .sendto(fd: 5, data: Data("ping".utf8), address: address),
        .sendto(fd: 5, data: Data(), address: nil),
        .recvfrom(fd: 5, size: 4),
        .read(fd: 4, size: 10),
        .write(fd: 4, data: Data("x".utf8)),
        .shutdown(fd: 4, how: .write),
        .close(fd: 4),
        .setsockopt(fd: 3, option: .reuseAddress, value: 1),
        .setsockopt(fd: 3, option: .receiveTimeout, value: 0.25),
        .getsockopt(fd: 3, option: .ipMTU),
        .getFileFlags(fd: 3),
        .setFileFlags(fd: 3, flags: 2048),
        .poll(fd: 3, events: [.input, .readHangUp], timeoutMilliseconds: -1),
        .pollMany(fds: [3, 7, 8], events: .input, timeoutMilliseconds: 250),
        .threadCreate(thread: "thread-1", fd: 7),
        .threadJoin(thread: "thread-1"),
        .getsockname(fd: 3),
        .getpeername(fd: 4),
        .interfaceMTU(fd: 3, interface: "lo"),
        .sysctl(name: "net.ipv4.tcp_syn_retries"),
        .gethostname,
        .getaddrinfo(host: "localhost", service: "http", family: AddressFamily(value: 0), type: .stream),
        .getaddrinfo(host: "::1", service: nil, family: .inet6, type: nil),
        .getnameinfo(address: .unnamed(family: 1), numeric: true),
        .getservbyname(name: "http", protocol: "tcp"),
        .getservbyport(port: 25, protocol: nil),
        .getprotobyname(name: "udp"),
        .fileno(fd: 3),
        .gethostbyname(name: "localhost"),
        .gethostbyaddr(host: "127.0.0.1"),
        .listDescriptors,
        .readDescriptorLink(fd: 3),
    ]

    static var outcome: CallOutcome {
        var o = CallOutcome(returnValue: -1, error: ErrnoValue(111), durationNanoseconds: 123_456)
        o.lookupError = "EAI_NONAME"
        o.bytes = Data([0, 1, 2, 255])
        o.address = .inet6(host: "::1", port: 9)
        o.descriptors = [3, 4]
        o.value = "65535"
        o.addresses = [address, .unix(path: "")]
        return o
    }

    static var events: [SessionEvent] {
        var list: [SessionEvent] = [
            .started(LessonInfo(id: "tcp-workflow", title: "套接字 \"quoted\"\n", language: "zh", actors: ["server", "client"], stepCount: 2)),
            .capture(.capturing(place: "lo")),
            .capture(.unavailable(reason: "no CAP_NET_RAW")),
            .narration(sectionID: "intro", title: nil, text: "Line one\nline two\t\u{1}"),
            .narration(sectionID: "more", title: "Title", text: ""),
            .stepStarted(stepID: "s1", index: 0, actor: "server", note: nil, python: "import socket\ns = socket.socket()"),
            .stepStarted(stepID: "s2", index: 1, actor: "client", note: "a note", python: ""),
        ]
        for (i, call) in calls.enumerated() {
            list.append(.callStarted(CallStarted(callID: i + 1, actor: "server", stepID: "s1", call: call)))
            list.append(.callFinished(callID: i + 1, actor: "server", call: TracedCall(actor: "server", call: call, outcome: i == 0 ? outcome : CallOutcome(returnValue: 0))))
        }
        var listener = KernelSocket(proto: .tcp, state: "LISTEN", local: "127.0.0.1:41237", remote: "*", receiveQueue: 1, sendQueue: 0,
                                    inode: 12345, localPort: 41237)
        listener.backlog = 5
        let packet = Packet(offsetNanoseconds: 99, seconds: 1_764_000_000, nanoseconds: 5, frame: Data(repeating: 0, count: 54), wireLength: 54,
                            transport: "tcp", source: "127.0.0.1:5", destination: "127.0.0.1:6", sourcePort: 5, destinationPort: 6,
                            flags: ["SYN"], sequence: 0, acknowledgement: nil, window: 65495, payload: Data())
        list += [
            .callBlocked(callID: 8, actor: "server"),
            .stepSettled(stepID: "s1", blocked: true),
            .stepFinished(stepID: "s1", result: .returned),
            .stepFinished(stepID: "s1", result: .raised(exception: "ConnectionRefusedError", errno: ErrnoValue(111))),
            .stepFinished(stepID: "s1", result: .raised(exception: "TimeoutError", errno: nil)),
            .stepFinished(stepID: "s1", result: .timedOut),
            .stepFinished(stepID: "s1", result: .endOfStream),
            .kernel([listener, KernelSocket(proto: .unix, state: "STREAM LISTEN", local: "/tmp/x", remote: "", receiveQueue: 0, sendQueue: 0, inode: 0)]),
            .kernel([]),
            .packet(packet),
            .packetsDropped(3),
            .instructions("nc 127.0.0.1 41237"),
            .notice("the client still waits"),
            .ready,
            .finished,
            .left(joinedThreads: 2, closedDescriptors: 1),
        ]
        return list
    }

    static var stamped: [StampedEvent] {
        events.enumerated().map { StampedEvent(sequence: $0.offset + 1, offsetNanoseconds: UInt64($0.offset) * 1000, event: $0.element) }
    }

    static func header(lessonID: String = "tcp-workflow") -> RecordingHeader {
        RecordingHeader(program: "sockettutor 0.1.0", lessonID: lessonID, lessonTitle: "The TCP workflow", lessonHash: "sha256:00",
                        language: "en", terminal: TerminalSize(columns: 80, rows: 24),
                        startedAt: Date(timeIntervalSince1970: 1_764_000_000.125), kernelRelease: "6.18.0", capture: .capturing(place: "lo"))
    }

    /// A complete recording of the samples, as a file's text.
    static func text(events: [StampedEvent] = stamped, ending: RecordingEnd.Ending? = .finished, home: String? = nil) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString).jsonl").path
        defer { unlink(path) }
        let writer = try RecordingWriter(path: path, header: header(), home: home)
        for e in events { writer.record(e) }
        if let ending { writer.finish(ending) }
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
