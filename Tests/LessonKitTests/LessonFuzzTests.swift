import Foundation
import SocketTrace
import Testing
@testable import LessonKit

/// Seeded mutations of the real lessons and of hostile cases through the loader (what `lint`
/// runs): no crash, no hang, every refusal positioned on one line, and whatever is accepted
/// keeps to the lesson rules (closed vocabulary, ranges, loopback, port 0).
/// Rerun one seed with FUZZ_SEED=N.
@Suite struct LessonFuzzTests {
    static let lessonsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Lessons")

    static var corpus: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: lessonsDirectory.path)) ?? []
        let real = names.filter { $0.hasSuffix(".yaml") && $0 != "course.yaml" }.sorted()
            .compactMap { try? String(contentsOf: lessonsDirectory.appendingPathComponent($0), encoding: .utf8) }
        return real + [FuzzValues.hostile]
    }

    @Test func mutatedLessonsAreRefusedWithPositionsOrAreSafe() throws {
        let seed = ProcessInfo.processInfo.environment["FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max / 2)
        print("LessonFuzzTests seed \(seed) (rerun with FUZZ_SEED=\(seed))")
        var rng = SeededGenerator(seed: seed)
        let corpus = Self.corpus
        #expect(corpus.count >= 7)
        let started = ContinuousClock.now
        var runs = 0, accepted = 0
        // A few thousand mutations, bounded in time on a loaded 2-core machine.
        while runs < 3000, ContinuousClock.now - started < .seconds(25) {
            runs += 1
            let text = FuzzValues.mutate(corpus.randomElement(using: &rng)!, times: Int.random(in: 1...3, using: &rng), using: &rng)
            let one = ContinuousClock.now
            let result = LessonLoader.parse(text, file: "fuzz.yaml")
            #expect(ContinuousClock.now - one < .seconds(3), "seed \(seed) run \(runs): the loader took too long")
            switch result {
            case .success(let lesson):
                accepted += 1
                let problems = SafetyCheck.violations(lesson)
                #expect(problems.isEmpty, "seed \(seed) run \(runs): accepted an unsafe lesson: \(problems)\n\(text)")
            case .failure(let errors):
                #expect(!errors.errors.isEmpty)
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
                for e in errors.errors {
                    let shown = e.description
                    #expect(shown.range(of: #"\Afuzz\.yaml:[0-9]+:[0-9]+: [^\n]+\z"#, options: .regularExpression) != nil,
                            "seed \(seed) run \(runs): not a positioned one-line message: \(shown)")
                    #expect(e.line >= 1 && e.line <= lines + 1 && e.column >= 1, "seed \(seed) run \(runs): position out of the file: \(shown)")
                    #expect(shown.utf8.count < 1200, "seed \(seed) run \(runs): message not cut: \(shown.prefix(200))…")
                }
            }
        }
        print("LessonFuzzTests: \(runs) mutations, \(accepted) accepted")
        #expect(runs >= 500)
    }
}

/// What a lesson the loader accepted must keep to; checked on every accepted mutation.
enum SafetyCheck {
    static func violations(_ lesson: Lesson) -> [String] {
        var problems: [String] = quizViolations(lesson)
        var attemptOnly: Set<String> = []
        for step in lesson.steps {
            let at = "step \(step.id) (\(step.call.rawValue))"
            for parameter in step.call.parameters {
                switch step.arguments[parameter.name] {
                case .integer(let v)?: if let p = parameter.outOfRange(Double(v)) { problems.append("\(at): \(p)") }
                case .number(let v)?: if let p = parameter.outOfRange(v) { problems.append("\(at): \(p)") }
                case .address(let a)?:
                    if !a.isLoopback { problems.append("\(at): \(a) is not loopback") }
                    if parameter.kind == .bindAddress, case .inet = a, a.port != 0 { problems.append("\(at): binds port \(a.port ?? 0)") }
                    if parameter.kind == .bindAddress, case .inet6 = a, a.port != 0 { problems.append("\(at): binds port \(a.port ?? 0)") }
                    if case .unix(let path) = a, path.contains("/") || path.utf8.count > 48 { problems.append("\(at): unix:\(path)") }
                case .reference(let name, nil)? where parameter.kind == .descriptor:
                    if attemptOnly.contains(name), step.call != .close { problems.append("\(at): uses attempt-only $\(name)") }
                default: break
                }
            }
            if step.call == .socket || step.call == .socketpair {
                let family: AddressFamily = if case .family(let f)? = step.arguments["family"] { f } else { .inet }
                let type: SocketType = if case .socketType(let t)? = step.arguments["type"] { t } else { .stream }
                let proto: Int = if case .integer(let p)? = step.arguments["protocol"] { p } else { 0 }
                if let r = SocketVocabulary.refusal(family: family, type: type, protocol: proto) { problems.append("\(at): \(r)") }
                if step.call == .socket, SocketVocabulary.isAttemptOnly(family: family, type: type, protocol: proto), let n = step.name {
                    attemptOnly.insert(n)
                }
            }
            if step.call == .getaddrinfo, case .text(let host)? = step.arguments["host"], !LoopbackHosts.isAllowed(host) {
                problems.append("\(at): looks up \(host)")
            }
            if step.call == .gethostbyname, case .text(let host)? = step.arguments["name"], !LoopbackHosts.isAllowed(host) {
                problems.append("\(at): looks up \(host)")
            }
            if step.call == .gethostbyaddr, case .text(let host)? = step.arguments["address"], !LoopbackHosts.hasName(forAddress: host) {
                problems.append("\(at): looks up \(host)")
            }
            if case .repeated(let t, let n)? = step.arguments["data"], t.isEmpty || n < 1 || n * t.utf8.count > StepCall.maximumGeneratedSize {
                problems.append("\(at): generates \(n) × \(t.utf8.count) bytes")
            }
        }
        return problems
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

/// The mutations: values at the edges, families, addresses, hosts, references, keys,
/// structure and bytes.
enum FuzzValues {
    static let values = [
        "-1", "0", "1", "65535", "65536", "2147483647", "2147483648", "-2147483649", "99999999999",
        "9000000000000000000", "-9223372036854775809", "1e10", "1e300", "-1e300", ".nan", ".inf", "-.inf", "0.5",
        "AF_PACKET", "AF_NETLINK", "AF_INET6", "AF_UNIX", "AF_IPX", "AF_UNSPEC", "17", "16", "SOCK_RAW", "SOCK_DGRAM", "SOCK_SEQPACKET",
        "example.com", "localhost", "0.0.0.0", "10.1.2.3", "\"::\"", "0.0.0.0:0", "127.0.0.1:0", "127.0.0.1:8765", "[::]:0", "[::1]:0",
        "unix:../x", "unix:/etc/passwd", "unix:" + String(repeating: "u", count: 120), "unix:ok", "\"8765\"", "\"0\"", "http",
        "$s", "$conn", "$conn.peer", "$nope", "$s.0", "$", "\"\\n\"", "\"a\\0b\"", "*a", "&a x", "[", "{", "'", "\"", "|", ">", "~",
        "null", "!!binary aGk=", "[1, 2]", "{a: 1}", "true", "yes", String(repeating: "x", count: 1500), "SO_RCVTIMEO", "POLLIN|POLLOUT",
        "MSG_PEEK", "SHUT_WR", "close", "listen", "sendto", "serve", "socket",
    ]
    static let keys = ["id", "actor", "call", "as", "fd", "size", "backlog", "address", "family", "type", "protocol", "host",
                       "service", "timeout_ms", "seconds", "value", "option", "data", "expect", "note", "sections", "steps", "? *a"]

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
              - id: g
                actor: a
                call: getaddrinfo
                host: 127.0.0.1
                service: "0"
                as: addr
              - id: bd
                actor: a
                call: bind
                fd: $s
                address: $addr
              - id: rv
                actor: a
                call: recv
                fd: $s
                size: 16
              - id: c1
                actor: a
                call: close
                fd: $s
              - id: c2
                actor: a
                call: close
                fd: $s
        """

    static func mutate(_ text: String, times: Int, using rng: inout SeededGenerator) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<times where !lines.isEmpty {
            let i = Int.random(in: 0..<lines.count, using: &rng)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0...3:  // a value
                if let colon = lines[i].range(of: ": ") {
                    lines[i] = String(lines[i][..<colon.upperBound]) + values.randomElement(using: &rng)!
                }
            case 4:  // a key
                if let colon = lines[i].range(of: ":") {
                    let indent = lines[i].prefix(while: { $0 == " " || $0 == "-" })
                    lines[i] = indent + keys.randomElement(using: &rng)! + String(lines[i][colon.lowerBound...])
                }
            case 5: lines.remove(at: i)
            case 6: lines.insert(lines[Int.random(in: 0..<lines.count, using: &rng)], at: i)
            case 7: lines.swapAt(i, Int.random(in: 0..<lines.count, using: &rng))
            case 8:  // indentation
                lines[i] = Bool.random(using: &rng) ? " " + lines[i] : String(lines[i].drop(while: { $0 == " " }))
            default:  // bytes
                var bytes = Array(lines[i].utf8)
                let at = Int.random(in: 0...bytes.count, using: &rng)
                bytes.insert([0, 9, 13, 0x1b, 0x7f, 0xff, 0xc3, UInt8(ascii: "*"), UInt8(ascii: "&"), UInt8(ascii: "\"")].randomElement(using: &rng)!, at: at)
                lines[i] = String(decoding: bytes, as: UTF8.self)
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension SafetyCheck {
    /// An accepted quiz is one the screens and scoring can use as it is.
    static func quizViolations(_ lesson: Lesson) -> [String] {
        var problems: [String] = []
        let steps = Set(lesson.steps.map(\.id))
        if Set(lesson.quiz.map(\.id)).count != lesson.quiz.count { problems.append("quiz ids repeat") }
        for q in lesson.quiz {
            let keys = Set(q.choices.map(\.key))
            if q.explanation.english.isEmpty || q.question.english.isEmpty { problems.append("\(q.id): empty text") }
            if !q.choices.isEmpty, !(2...9).contains(q.choices.count) { problems.append("\(q.id): \(q.choices.count) choices") }
            switch q.kind {
            case .single(_, let answer): if !keys.contains(answer) { problems.append("\(q.id): answer not a choice") }
            case .multiple(_, let answers): if answers.isEmpty || !answers.isSubset(of: keys) { problems.append("\(q.id): answers") }
            case .fill(let accepted): if accepted.isEmpty { problems.append("\(q.id): nothing accepted") }
            case .order(let items): if Set(items.map(\.english)).count != items.count || items.count < 2 { problems.append("\(q.id): items") }
            case .predict(let step, let choices, let answer):
                if !steps.contains(step) { problems.append("\(q.id): no step \(step)") }
                if choices.contains(where: { $0.outcome == nil }) { problems.append("\(q.id): a choice without outcome") }
                if let answer, !keys.contains(answer) { problems.append("\(q.id): answer not a choice") }
            case .trueFalse: break
            }
        }
        return problems
    }
}
