import Foundation
import Glibc
import Testing

/// Mutated lessons run for real through the built binary (`learn --plain --auto`), as root in
/// CI: no crash, no hang, every refusal positioned, and — watching the kernel's socket tables
/// of the child's threads while it runs — no socket of the lesson bound to anything but
/// loopback, and no packet or netlink socket but the tutor's own sock_diag one (a raw socket
/// may exist only unbound and unconnected: the allowed attempt, before its close).
@Suite(.serialized) struct LearnFuzzTests {
    static let lessonsDirectory = URL(fileURLWithPath: CLITests.sourceLessons)

    static let hostile = """
        format_version: 1
        id: hostile
        title: Hostile
        summary: S
        actors: [a, b]
        sections:
          - id: one
            text: t
            steps:
              - id: mk
                actor: a
                call: socket
                as: s
              - id: ls
                actor: a
                call: listen
                fd: $s
                backlog: 5
              - id: u
                actor: a
                call: socket
                type: SOCK_DGRAM
                as: u
              - id: st
                actor: a
                call: sendto
                fd: $u
                data: hi
                address: 127.0.0.1:9
              - id: raw
                actor: a
                call: socket
                type: SOCK_RAW
                protocol: 1
                as: r
              - id: close-raw
                actor: a
                call: close
                fd: $r
              - id: c1
                actor: a
                call: close
                fd: $s
              - id: mk-b
                actor: b
                call: socket
                as: t
              - id: c2
                actor: a
                call: close
                fd: $s
              - id: bd-b
                actor: b
                call: bind
                fd: $t
                address: unix:sock
              - id: ls-b
                actor: b
                call: listen
                fd: $t
                backlog: 1
        """

    static let values = ["-1", "0", "99999999999", "9000000000000000000", ".nan", ".inf", "1e300", "AF_PACKET", "AF_NETLINK",
                         "AF_INET6", "AF_UNIX", "AF_IPX", "17", "SOCK_RAW", "SOCK_DGRAM", "example.com", "localhost",
                         "0.0.0.0:0", "127.0.0.1:8765", "[::1]:0", "[::]:0", "unix:x", "\"8765\"", "$s", "$t", "$nope",
                         "$conn.peer", "1", "2", "5", "POLLOUT", "MSG_DONTWAIT", "SHUT_RD", "SO_REUSEADDR", "\"\\n\""]

    static let keyed: [String: [String]] = [
        "fd": ["$s", "$t", "$u", "$r", "$conn", "$c"],
        "address": ["127.0.0.1:0", "\"[::1]:0\"", "0.0.0.0:0", "127.0.0.1:8765", "unix:x", "$addr", "$server_addr", "127.0.0.1:9"],
        "backlog": ["0", "1", "65535", "-1", "99999999999"],
        "size": ["0", "1", "1048576", "1048577", "-1"],
        "family": ["AF_INET", "AF_INET6", "AF_UNIX", "AF_IPX", "AF_PACKET"],
        "type": ["SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_SEQPACKET"],
        "protocol": ["0", "6", "17", "1", "255", "99999999999"],
        "host": ["127.0.0.1", "localhost", "\"::1\"", "example.com"],
        "service": ["\"0\"", "\"8765\"", "http"],
        "timeout_ms": ["0", "1", "-1", "3600001"],
        "seconds": ["0", "0.01", "3600", ".nan"],
        "value": ["0", "1", ".inf", "2147483647"],
        "call": ["listen", "sendto", "connect", "close", "recv", "bind", "getsockname", "poll", "shutdown", "accept"],
    ]

    static let runKeys = ["fd:", "address:", "backlog:", "size:", "family:", "type:", "protocol:", "host:", "service:",
                          "timeout_ms:", "seconds:", "value:", "call:", "events:", "flags:", "how:", "option:", "data:"]

    static func mutate(_ text: String, using rng: inout SeededGenerator) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let candidates = lines.indices.filter { i in runKeys.contains { lines[i].trimmingCharacters(in: .whitespaces).hasPrefix($0) } }
        for _ in 0..<Int.random(in: 1...2, using: &rng) {
            guard let i = candidates.randomElement(using: &rng), let colon = lines[i].range(of: ": ") else { continue }
            // Mostly values of the key's own kind (at the edges, or just past them), so that
            // many mutants pass the loader and run; sometimes anything.
            let key = lines[i].trimmingCharacters(in: .whitespaces).split(separator: ":").first.map(String.init) ?? ""
            let pool = Int.random(in: 0..<4, using: &rng) == 0 ? values : (keyed[key] ?? values)
            lines[i] = String(lines[i][..<colon.upperBound]) + pool.randomElement(using: &rng)!
        }
        return lines.joined(separator: "\n")
    }

    @Test func mutatedLessonsRunWithoutCrashHangOrASocketPastLoopback() throws {
        let seed = ProcessInfo.processInfo.environment["FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max / 2)
        print("LearnFuzzTests seed \(seed) (rerun with FUZZ_SEED=\(seed))")
        var rng = SeededGenerator(seed: seed)
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.lessonsDirectory.path)
            .filter { $0.hasSuffix(".yaml") && $0 != "course.yaml" }.sorted()
        var corpus = try names.map { (String($0.dropLast(5)), try String(contentsOf: Self.lessonsDirectory.appendingPathComponent($0), encoding: .utf8)) }
        corpus.append(("hostile", Self.hostile))
        let started = ContinuousClock.now
        var runs = 0, refused = 0
        while runs < 60, ContinuousClock.now - started < .seconds(45) {
            runs += 1
            // Half the mutations start from the hostile lesson: its steps are the ones that
            // reach for the kernel's implicit binds.
            let (id, original) = Bool.random(using: &rng) ? corpus.last! : corpus.randomElement(using: &rng)!
            let text = runs <= corpus.count ? corpus[runs - 1].1 : Self.mutate(original, using: &rng)
            let lessonID = runs <= corpus.count ? corpus[runs - 1].0 : id
            let result = try Self.learn(lessonID, text)
            let what = "seed \(seed) run \(runs) (\(lessonID))"
            #expect(!result.hung, "\(what): still running after 40 s\n\(text)")
            #expect(!result.signalled, "\(what): killed by signal \(result.status)\n\(result.stderr)\n\(text)")
            for marker in ["Fatal error", "Crash", "Illegal instruction", "Segmentation fault", "malloc()", "Swift runtime failure"] {
                #expect(!result.stderr.contains(marker), "\(what): \(marker) in stderr\n\(result.stderr)\n\(text)")
            }
            #expect(result.violations.isEmpty, "\(what): \(result.violations)\n\(text)")
            if result.status != 0 {
                refused += 1
                let lines = result.stderr.split(separator: "\n").filter { $0.contains("\(lessonID).yaml") }
                #expect(!lines.isEmpty, "\(what): exit \(result.status) without a positioned message\n\(result.stderr)")
                for line in lines {
                    #expect(line.range(of: #"\.yaml:[0-9]+:[0-9]+: "#, options: .regularExpression) != nil, "\(what): \(line)")
                }
            }
        }
        print("LearnFuzzTests: \(runs) runs, \(refused) refused at load")
        #expect(runs >= corpus.count)
    }

    /// The watcher itself can fail: a process listening on 0.0.0.0 is seen.
    @Test func theSocketWatcherSeesAListenerOnEveryInterface() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import socket, sys; s = socket.socket(); s.bind(('0.0.0.0', 0)); s.listen(); print('up', flush=True); sys.stdin.read()"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        defer { try? input.fileHandleForWriting.close(); process.waitUntilExit() }
        _ = output.fileHandleForReading.availableData  // "up": the socket is listening
        let seen = SocketTables.violations(pid: process.processIdentifier)
        #expect(seen.count == 1 && seen.first?.contains("tcp socket bound to 00000000:") == true, "\(seen)")
    }

    struct Outcome {
        var status: Int32 = 0
        var signalled = false
        var hung = false
        var stderr = ""
        var violations: [String] = []
    }

    /// Runs one lesson from a fresh directory, sampling its sockets until it exits.
    static func learn(_ id: String, _ text: String) throws -> Outcome {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "format_version: 1\nlessons:\n  - \(id)\n".write(to: dir.appendingPathComponent("course.yaml"), atomically: true, encoding: .utf8)
        try text.write(to: dir.appendingPathComponent("\(id).yaml"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["learn", id, "--plain", "--auto", "--no-capture", "--wait", "0.2", "--lessons", dir.path]
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        var outcome = Outcome()
        let deadline = Date(timeIntervalSinceNow: 40)  // a mutant whose steps queue behind blocked calls waits 2 s at each (stuckAfterSeconds)
        var seen: Set<String> = []
        while process.isRunning {
            for v in SocketTables.violations(pid: process.processIdentifier) where seen.insert(v).inserted { outcome.violations.append(v) }
            if Date() > deadline {
                outcome.hung = true
                process.terminate()
                break
            }
            usleep(2000)
        }
        process.waitUntilExit()
        outcome.status = process.terminationStatus
        outcome.signalled = process.terminationReason == .uncaughtSignal && !outcome.hung
        outcome.stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        return outcome
    }
}

/// The kernel's socket tables as seen by each thread of a process (threads may sit in the
/// lesson's private network namespace), matched against the process's socket inodes.
enum SocketTables {
    static func violations(pid: Int32) -> [String] {
        let fdDir = "/proc/\(pid)/fd"
        var inodes: [String: Int] = [:]  // inode → fd
        for name in (try? FileManager.default.contentsOfDirectory(atPath: fdDir)) ?? [] {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: fdDir + "/" + name),
                  target.hasPrefix("socket:["), let fd = Int(name) else { continue }
            inodes[String(target.dropFirst(8).dropLast())] = fd
        }
        guard !inodes.isEmpty else { return [] }
        var problems: [String] = []
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        for task in tasks {
            let net = "/proc/\(pid)/task/\(task)/net/"
            for table in ["tcp", "tcp6", "udp", "udp6"] {
                for fields in rows(net + table) where fields.count > 9 {
                    guard let fd = inodes[fields[9]], fields[9] != "0" else { continue }
                    if !isLoopback(fields[1]) { problems.append("fd \(fd): \(table) socket bound to \(fields[1])") }
                }
            }
            for table in ["raw", "raw6"] {
                for fields in rows(net + table) where fields.count > 9 {
                    guard let fd = inodes[fields[9]], fields[9] != "0" else { continue }
                    // Only the allowed attempt: never bound to an address, never connected.
                    if !isUnspecified(fields[1]) || !isUnspecified(fields[2]) {
                        problems.append("fd \(fd): \(table) socket at \(fields[1]) → \(fields[2])")
                    }
                }
            }
            for fields in rows(net + "packet") where fields.count > 8 {
                if let fd = inodes[fields[8]] { problems.append("fd \(fd): packet socket") }
            }
            for fields in rows(net + "netlink") where fields.count > 9 {
                // Protocol 4 is NETLINK_SOCK_DIAG: the tutor's own kernel view.
                if let fd = inodes[fields[9]], fields[1] != "4" { problems.append("fd \(fd): netlink socket of protocol \(fields[1])") }
            }
        }
        return problems
    }

    static func rows(_ path: String) -> [[String]] {
        // A read() loop: String(contentsOfFile:) returns only the first page of /proc/net files.
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: " ").map(String.init) }
    }

    /// `0100007F:1F90` (127.0.0.1, little-endian hex) or 32 hex digits for IPv6.
    static func isLoopback(_ field: String) -> Bool {
        let address = field.split(separator: ":").first.map(String.init) ?? ""
        if address.count == 8 { return address.hasSuffix("7F") }
        return address == "00000000000000000000000001000000" || (address.hasPrefix("0000000000000000FFFF0000") && address.hasSuffix("7F"))
    }

    static func isUnspecified(_ field: String) -> Bool {
        (field.split(separator: ":").first ?? "").allSatisfy { $0 == "0" }
    }
}

/// SplitMix64: the same seed, the same mutations.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
