import Foundation
import Glibc
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// The engine's own guards, behind the loader's: run for real, each hostile step is refused
/// with a notice at its step's position, nothing reaches past loopback, the lesson goes on.
@Suite(.serialized) struct LoopbackGuardTests {
    static func lesson(_ steps: String) throws -> Lesson {
        try Fixtures.lesson("""
            format_version: 1
            id: fixture
            title: T
            summary: S
            actors: [a, b]
            sections:
              - id: one
                text: t
                steps:
            \(steps)
            """)
    }

    /// `id / actor / call / key: value …` lines, compact.
    static func step(_ id: String, _ actor: String, _ call: String, _ args: String...) -> String {
        (["      - id: \(id)", "        actor: \(actor)", "        call: \(call)"] + args.map { "        " + $0 }).joined(separator: "\n")
    }

    @Test func listenOnANeverBoundSocketIsRefusedAndTheLessonGoesOn() throws {
        let lesson = try Self.lesson([
            Self.step("mk", "a", "socket", "as: s"),
            Self.step("ls", "a", "listen", "fd: $s"),
            Self.step("mk2", "a", "socket", "as: t"),
            Self.step("bd2", "a", "bind", "fd: $t", "address: 127.0.0.1:0"),
            Self.step("ls2", "a", "listen", "fd: $t"),
        ].joined(separator: "\n"))
        let report = LessonLint.run(lesson)
        #expect(report.steps == 5)
        #expect(report.problems.first == "fixture.yaml:14:9: step ls refused: listen on a socket not bound to loopback (no bind, connect or accept of this lesson gave it an address) would listen on every interface; bind it to 127.0.0.1:0 or [::1]:0 first")
        #expect(report.problems.count == 2)  // the refusal, and "it raised refused" without an expect
    }

    /// The same refusal in a Chinese session: said in Chinese, and still placed at its step.
    @Test func aRefusalIsSaidInTheSessionsLanguageAtTheSameStep() throws {
        let lesson = try Self.lesson([
            Self.step("mk", "a", "socket", "as: s"),
            Self.step("ls", "a", "listen", "fd: $s"),
        ].joined(separator: "\n"))
        let report = LessonLint.run(lesson, language: "zh")
        let zh = report.errors.map { $0.text(.zh) }
        #expect(zh.first == "fixture.yaml:14:9: 步骤 ls 被拒绝：在没有绑定到回环地址的套接字上调用「listen」（本课的「bind」「connect」「accept」都没有给它地址），会在所有网络接口上监听；请先把它绑定到 127.0.0.1:0 或 [::1]:0", "\(zh)")
        // English is unchanged by the session's language being Chinese elsewhere.
        #expect(LessonLint.run(lesson).problems.first?.hasPrefix("fixture.yaml:14:9: step ls refused: listen on a socket") == true)
    }

    @Test func listenAfterAFailedBindIsRefused() throws {
        let lesson = try Self.lesson([
            Self.step("mk", "a", "socket", "as: s"),
            Self.step("bd", "a", "bind", "fd: $s", "address: 127.0.0.1:0"),
            Self.step("nm", "a", "getsockname", "fd: $s", "as: addr"),
            Self.step("mk2", "a", "socket", "as: t"),
            Self.step("bd2", "a", "bind", "fd: $t", "address: $addr", "expect: EADDRINUSE"),
            Self.step("ls2", "a", "listen", "fd: $t"),
        ].joined(separator: "\n"))
        let report = LessonLint.run(lesson)
        #expect(report.problems.first?.hasPrefix("fixture.yaml:34:9: step ls2 refused: listen on a socket not bound to loopback") == true, "\(report.problems)")
    }

    @Test func sendtoOnAnUnboundUDPSocketIsRefused() throws {
        let lesson = try Self.lesson([
            Self.step("mk", "a", "socket", "type: SOCK_DGRAM", "as: u"),
            Self.step("st", "a", "sendto", "fd: $u", "data: hi", "address: 127.0.0.1:9"),
            Self.step("bd", "a", "bind", "fd: $u", "address: 127.0.0.1:0"),
            Self.step("st2", "a", "sendto", "fd: $u", "data: hi", "address: 127.0.0.1:9"),
        ].joined(separator: "\n"))
        let report = LessonLint.run(lesson)
        #expect(report.problems.first?.hasPrefix("fixture.yaml:15:9: step st refused: sendto on a socket not bound to loopback (no bind, connect or accept of this lesson gave it an address) would bind it to 0.0.0.0") == true, "\(report.problems)")
        #expect(report.problems.count == 2)  // the bound socket's sendto goes through
    }

    @Test func aSecondCloseLeavesTheSocketAnotherActorWasGivenAlone() throws {
        let lesson = try Self.lesson([
            Self.step("mk", "a", "socket", "as: s"),
            Self.step("c1", "a", "close", "fd: $s"),
            Self.step("mk-b", "b", "socket", "as: t"),  // the kernel gives b the number s had
            Self.step("bd-b", "b", "bind", "fd: $t", "address: 127.0.0.1:0"),
            Self.step("c2", "a", "close", "fd: $s"),    // Python: does nothing
            Self.step("rv", "a", "recv", "fd: $s", "expect: EBADF"),
            Self.step("nm-b", "b", "getsockname", "fd: $t", "as: tn"),
        ].joined(separator: "\n"))
        let harness = try SessionHarness(lesson)
        #expect(harness.runToEnd())
        #expect(harness.leave())
        let lines = harness.lines()
        // One close(6) made by a; its second close makes no call; b's 6 is closed by teardown.
        #expect(lines.filter { $0.hasPrefix("[a] close(") }.count == 1, "\(lines)")
        #expect(lines.contains("[teardown] close(6) = 0") || lines.contains { $0.hasPrefix("[teardown] close(") }, "\(lines)")
        #expect(lines.contains { $0.contains("getsockname(") && $0.contains("127.0.0.1") }, "\(lines)")
        let report = LessonLint.run(lesson)
        #expect(report.problems.isEmpty, "\(report.problems)")
    }

    /// Steps built in code (as a future loader bug might let through) meet the engine's checks.
    @Test(arguments: [
        ("size", StepValue.integer(-5), "'size' must be in 0…1048576"),
        ("size", StepValue.integer(9_000_000_000_000_000_000), "'size' must be in 0…1048576"),
    ])
    func theEngineChecksNumbersTheLoaderWouldHaveRefused(key: String, value: StepValue, message: String) throws {
        var lesson = try Self.lesson([
            Self.step("mk", "a", "socketpair", "as: p"),
            Self.step("rv", "a", "recv", "fd: $p.0"),
        ].joined(separator: "\n"))
        lesson.sections[0].steps[1].arguments[key] = value
        let report = LessonLint.run(lesson, timeout: 10)
        #expect(report.problems.first?.hasPrefix("fixture.yaml:14:9: step rv refused: \(message)") == true, "\(report.problems)")
    }

    @Test(arguments: [AddressFamily(value: AF_PACKET), AddressFamily(value: AF_NETLINK)])
    func theEngineRefusesFamiliesOffTheList(family: AddressFamily) throws {
        var lesson = try Self.lesson(Self.step("mk", "a", "socket", "as: s"))
        lesson.sections[0].steps[0].arguments["family"] = .family(family)
        let report = LessonLint.run(lesson, timeout: 10)
        #expect(report.problems.first?.hasPrefix("fixture.yaml:10:9: step mk refused: address family \(family.name) is not one a lesson may use") == true, "\(report.problems)")
    }

    @Test func theEngineRefusesAFixedPortBindFromAReference() throws {
        var lesson = try Self.lesson([
            Self.step("g", "a", "getaddrinfo", "host: 127.0.0.1", "service: \"0\"", "as: addr"),
            Self.step("mk", "a", "socket", "as: s"),
            Self.step("bd", "a", "bind", "fd: $s", "address: $addr"),
        ].joined(separator: "\n"))
        lesson.sections[0].steps[0].arguments["service"] = .text("8765")  // past the loader's check
        let report = LessonLint.run(lesson, timeout: 10)
        #expect(report.problems.first == "fixture.yaml:20:9: step bd refused: bind to 127.0.0.1:8765: lessons bind to port 0 and let the kernel choose (or to a port the kernel gave this lesson)", "\(report.problems)")
    }

    @Test func theEngineRefusesAHostNameAFromAReference() throws {
        let lesson = try Self.lesson([
            Self.step("h", "a", "getservbyport", "port: 80", "as: name"),  // "http": no such host
            Self.step("g", "a", "getaddrinfo", "host: $name", "as: addr"),
        ].joined(separator: "\n"))
        let report = LessonLint.run(lesson, timeout: 10)
        #expect(report.problems.first?.hasPrefix("fixture.yaml:15:9: step g refused: getaddrinfo of 'http': only numeric loopback") == true, "\(report.problems)")
    }
}
