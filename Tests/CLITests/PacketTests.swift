import Foundation
import Glibc
import Testing

/// The lesson's real packets: captured, shown in --plain, written to a pcap file that
/// tcpdump reads, and explained when they cannot be captured.
@Suite(.serialized) struct PacketTests {
    let cli = CLITests()

    /// `[packet] 41.176ms 127.0.0.1:36666 → 127.0.0.1:37171 SYN seq 0 len 0` → "SYN", etc.
    static func flags(_ lines: [String]) -> [String] {
        lines.filter { $0.hasPrefix("[packet] ") && $0.contains(" → ") }
            .compactMap { $0.firstMatch(of: /→ \S+ (\S+)\s/).map { String($0.1) } }
    }

    static func checkHandshakeComesFirst(_ lines: [String]) {
        let flags = Self.flags(lines)
        #expect(Array(flags.prefix(3)) == ["SYN", "SYN-ACK", "ACK"], "\(flags)")
        let firstData = flags.firstIndex { $0.contains("PSH") }
        #expect(firstData != nil && firstData! > 2, "the first data comes after the handshake: \(flags)")
        #expect(flags.filter { $0.contains("FIN") }.count == 2, "each side's FIN: \(flags)")
        // The packets come after the call that caused them: the SYN after connect's line.
        let connect = lines.firstIndex { $0.hasPrefix("[client] connect(") }
        let syn = lines.firstIndex { $0.hasPrefix("[packet] ") && $0.contains(" SYN seq 0 ") }
        #expect(connect != nil && syn != nil && connect! < syn!)
    }

    /// CI runs as root: capture on the host's loopback, only this lesson's packets.
    @Test(.enabled(if: geteuid() == 0))
    func asRootTheHandshakeAndDataAreCapturedAndThePcapReadsBack() throws {
        let pcap = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-\(UUID().uuidString).pcap")
        defer { try? FileManager.default.removeItem(at: pcap) }
        let r = try cli.run(["learn", "tcp-workflow", "--plain", "--pcap", pcap.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("[packet] capturing the lesson's packets on lo"))
        Self.checkHandshakeComesFirst(r.lines)
        let shown = Self.flags(r.lines).count
        let payload = r.lines.filter { $0.hasPrefix("[packet] ") && $0.contains(#"len 6 "hello\n""#) }
        #expect(payload.count == 2, "hello there and back: \(payload)")

        let tcpdump = ["/usr/bin/tcpdump", "/usr/sbin/tcpdump"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try #require(tcpdump != nil, "tcpdump is needed to read the pcap back (.ci/run installs it)")
        let read = try cli.run(["-nn", "-r", pcap.path], executable: URL(fileURLWithPath: tcpdump!))
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stderr.contains("link-type EN10MB"))
        let packets = read.lines.filter { $0.contains(" IP ") }
        #expect(packets.count == shown, "tcpdump read \(packets.count) packets, the transcript showed \(shown)")
        #expect(packets.first?.contains("Flags [S],") == true && packets.dropFirst().first?.contains("Flags [S.],") == true,
                "\(packets.prefix(2))")
    }

    @Test func noCaptureSaysSoAndTheLessonGoesOn() throws {
        let r = try cli.run(["learn", "tcp-workflow", "--plain", "--no-capture"])
        #expect(r.status == 0)
        #expect(r.lines.contains("[packet] packets are not captured: packet capture is off (--no-capture)"))
        #expect(Self.flags(r.lines).isEmpty)
        #expect(r.lines.contains("== end of lesson =="))
    }

    @Test func aPcapFileThatCannotBeWrittenStopsTheRunWithItsName() throws {
        let r = try cli.run(["learn", "tcp-workflow", "--plain", "--pcap", "/nonexistent/dir/x.pcap"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/nonexistent/dir/x.pcap: cannot write the pcap file: ENOENT"), "\(r.stderr)")
        #expect(!r.stdout.contains("[server]"), "no lesson ran")
    }

    /// A fresh FIFO in the temporary directory, removed after `body`.
    func withFIFO<R>(_ body: (String) throws -> R) throws -> R {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pcap-\(UUID().uuidString).fifo").path
        try #require(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        return try body(path)
    }

    /// open() of a FIFO with no reader would block for ever; the run must fail at once instead.
    @Test(.enabled(if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout")))
    func aPcapFIFOWithNoReaderFailsAtOnceInsteadOfHanging() throws {
        try withFIFO { fifo in
            let r = try cli.run(["30", CLITests.binary.path, "learn", "tcp-workflow", "--plain", "--pcap", fifo],
                                executable: URL(fileURLWithPath: "/usr/bin/timeout"))
            #expect(r.status != 124, "timed out: open() hung on the FIFO")
            #expect(r.status != 0)
            #expect(r.stderr.contains("--pcap \(fifo): cannot write the pcap file: ENXIO (No such device or address): it is a FIFO with no reader"),
                    "\(r.stderr)")
            #expect(!r.stdout.contains("[server]"), "no lesson ran")
        }
    }

    @Test(.enabled(if: geteuid() == 0))
    func aPcapOnAFullDeviceStopsTheRunWithThePathAndErrno() throws {
        let r = try cli.run(["learn", "tcp-workflow", "--plain", "--pcap", "/dev/full"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--pcap /dev/full: write failed: ENOSPC (No space left on device)"), "\(r.stderr)")
        #expect(!r.stdout.contains("[server]"), "no lesson ran")
    }

    /// The reader of a FIFO takes the header and goes away: the next packet's write fails
    /// with EPIPE mid-lesson, and the run stops with it (not killed by SIGPIPE, not status 0).
    @Test(.enabled(if: geteuid() == 0))
    func aPcapWriteThatFailsMidLessonStopsTheRunWithThePathAndErrno() throws {
        try withFIFO { fifo in
            let reader = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            try #require(reader >= 0)
            var readerOpen = true
            defer { if readerOpen { close(reader) } }
            let process = Process()
            process.executableURL = CLITests.binary
            process.arguments = ["learn", "tcp-workflow", "--plain", "--pcap", fifo]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
            try process.run()
            // Take the 24-byte header, then leave.
            var header = [UInt8](repeating: 0, count: 24)
            var got = 0
            var pfd = pollfd(fd: reader, events: Int16(POLLIN), revents: 0)
            while got < 24, poll(&pfd, 1, 10_000) > 0 {
                let n = read(reader, &header[got], 24 - got)
                if n <= 0 { break }
                got += n
            }
            close(reader); readerOpen = false
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(got == 24 && header.prefix(4) == [0x4d, 0x3c, 0xb2, 0xa1], "the pcap header: \(header)")
            #expect(process.terminationReason == .exit && process.terminationStatus != 0, "\(process.terminationReason) \(process.terminationStatus)")
            #expect(stderr.contains("--pcap \(fifo): write failed: EPIPE (Broken pipe)"), "\(stderr)")
            #expect(stdout.contains("--pcap \(fifo): write failed: EPIPE"), "the transcript says so too: \(stdout)")
            #expect(stdout.contains("[packet] capturing the lesson's packets on lo"))
            #expect(!stdout.contains("== end of lesson =="), "the run stopped")
        }
    }

    /// As an ordinary user (made here with setpriv): capture in a private user and network
    /// namespace, or a line saying exactly why not. Either way the lesson completes.
    @Test(.enabled(if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func asAnOrdinaryUserPacketsComeFromAPrivateNamespaceOrTheReasonIsShown() throws {
        let r = try cli.run(["--reuid=65534", "--regid=65534", "--clear-groups", CLITests.binary.path,
                             "learn", "tcp-workflow", "--plain"], executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("== end of lesson =="))
        let status = try #require(r.lines.first { $0.hasPrefix("[packet] capturing") || $0.hasPrefix("[packet] packets are not captured") })
        if status.hasPrefix("[packet] capturing") {
            #expect(status == "[packet] capturing the lesson's packets on lo, in this lesson's own network namespace")
            Self.checkHandshakeComesFirst(r.lines)
        } else {
            #expect(status.contains("no CAP_NET_RAW, and "), "\(status)")
        }
    }
}
