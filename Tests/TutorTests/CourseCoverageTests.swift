import Foundation
import LessonKit
import Testing

/// The curriculum's promise (CURRICULUM.md): every call in seed 002's API list and every
/// helper of seed 004 is made, for real, by some lesson of the course.
@Suite struct CourseCoverageTests {
    static let seed002 = ["bind", "listen", "setblocking", "accept", "connect", "connect_ex", "close", "recv", "recvfrom",
                          "send", "sendall", "sendto", "settimeout", "getpeername", "getsockname", "fileno"]
    static let seed004 = ["gethostname", "gethostbyname", "gethostbyaddr", "getservbyname", "getprotobyname", "getservbyport"]

    static let order = ["client-server", "layers", "addresses", "families-and-types", "tcp-workflow", "echo-server", "your-client",
                        "blocking-and-timeouts", "tcp-is-a-stream", "udp", "closing", "backlog", "concurrency",
                        "sockets-are-files", "application-protocols"]

    @Test func everySeedCallAndHelperIsMadeBySomeLesson() throws {
        let library = try Fixtures.builtIn()
        var made: [String: [String]] = [:]
        for lesson in library.lessons { for step in lesson.steps { made[step.call.rawValue, default: []].append(lesson.id) } }
        for name in Self.seed002 + Self.seed004 {
            #expect(StepCall(rawValue: name) != nil, "\(name) is not a call a lesson can make")
            #expect(made[name] != nil, "no lesson makes \(name)()")
        }
    }

    @Test func theCourseHasEveryLessonInTeachingOrder() throws {
        let library = try Fixtures.builtIn()
        #expect(library.ids == Self.order)
        for lesson in library.lessons {
            #expect(lesson.quiz.count >= 6, "\(lesson.id) has \(lesson.quiz.count) questions")
            let kinds = Set(lesson.quiz.map(\.typeName))
            #expect(kinds.count >= 3, "\(lesson.id): question types \(kinds.sorted())")
            // Every lesson runs something live, and asks at least one question of its real results.
            #expect(kinds.contains("predict"), "\(lesson.id) asks no predict-the-result question")
        }
    }
}
