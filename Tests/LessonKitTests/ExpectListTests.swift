import Testing
@testable import LessonKit

/// `expect:` as a list of outcomes, for a step whose result depends on the machine
/// (SOCK_RAW: a descriptor as root, EPERM otherwise): what loads, and what an author sees.
@Suite struct ExpectListTests {
    static func lesson(expect: String) -> String {
        LessonLoaderTests.lesson("""
        - id: r
          actor: server
          call: socket
          type: SOCK_RAW
          protocol: 1
          as: r
          expect: \(expect)
        """)
    }

    func load(_ text: String) -> Result<Lesson, LessonErrors> {
        LessonLoader.parse(text, file: "Lessons/demo.yaml", expectedID: "demo")
    }

    @Test func aListOfOutcomesLoadsInItsOrder() throws {
        let lesson = try load(Self.lesson(expect: "[ok, EPERM]")).get()
        #expect(lesson.steps[0].expect == .anyOf([.success, .error("EPERM")]))
        #expect(lesson.steps[0].expect?.description == "ok or EPERM")
    }

    @Test func aBlockListLoadsToo() throws {
        let lesson = try load(Self.lesson(expect: "\n    - EPERM\n    - ok")).get()
        #expect(lesson.steps[0].expect == .anyOf([.error("EPERM"), .success]))
    }

    @Test func aSingleOutcomeIsUnchanged() throws {
        let lesson = try load(Self.lesson(expect: "EPERM")).get()
        #expect(lesson.steps[0].expect == .error("EPERM"))
    }

    @Test(arguments: [
        ("[ok]", "Lessons/demo.yaml:16:17: an expect list names two or more different outcomes (like [ok, EPERM]); for one, write it alone"),
        ("[EPERM, EPERM]", "Lessons/demo.yaml:16:17: an expect list names two or more different outcomes (like [ok, EPERM]); for one, write it alone"),
        ("[]", "Lessons/demo.yaml:16:17: an expect list names two or more different outcomes (like [ok, EPERM]); for one, write it alone"),
        ("[ok, EPREM]", "Lessons/demo.yaml:16:22: unknown errno name 'EPREM' (did you mean 'EPERM'?)"),
        ("[ok, maybe]", "Lessons/demo.yaml:16:22: expect 'maybe' must be ok, blocks, eof, timeout or an errno name like ECONNREFUSED, or a list of them like [ok, EPERM]"),
        ("[ok, [EPERM, EACCES]]", "Lessons/demo.yaml:16:22: each choice in an expect list must be one of ok, blocks, eof, timeout or an errno name"),
        ("{ok: EPERM}", "Lessons/demo.yaml:16:17: expect must be one outcome or a list of them, like EPERM or [ok, EPERM]"),
    ])
    func aBrokenListIsReportedWhereItIs(expect: String, message: String) {
        guard case .failure(let e) = load(Self.lesson(expect: expect)) else {
            Issue.record("expect: \(expect) loaded")
            return
        }
        #expect(e.errors.map(\.description) == [message])
    }
}
