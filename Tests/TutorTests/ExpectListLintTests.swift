import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// lint --run with `expect: [a, b]`: a step passes when its real result is any one of them,
/// and fails, naming them all, when it is none.
@Suite struct ExpectListLintTests {
    let eperm = StepOutcome.raised(exception: "PermissionError", errno: ErrnoValue(1))

    @Test func anyListedOutcomePasses() {
        let either = StepExpectation.anyOf([.success, .error("EPERM")])
        #expect(LessonLint.problem(either, .returned, blocked: false) == nil, "as root: a descriptor")
        #expect(LessonLint.problem(either, eperm, blocked: false) == nil, "as a user: EPERM")
    }

    @Test func anOutcomeOutsideTheListIsNamed() {
        let either = StepExpectation.anyOf([.success, .error("EPERM")])
        let other = StepOutcome.raised(exception: "OSError", errno: ErrnoValue(97))
        #expect(LessonLint.problem(either, other, blocked: false) == "was expected to give ok or EPERM, but it raised OSError (EAFNOSUPPORT)")
        #expect(LessonLint.problem(.anyOf([.blocks, .endOfStream]), .returned, blocked: false)
                == "was expected to give blocks or eof, but it returned normally")
        #expect(LessonLint.problem(.anyOf([.blocks, .endOfStream]), .returned, blocked: true) == nil)
    }

    @Test func singleExpectationsAreJudgedAsBefore() {
        #expect(LessonLint.problem(nil, .endOfStream, blocked: false) == nil, "an unannounced end of stream is ordinary")
        #expect(LessonLint.problem(.success, .endOfStream, blocked: false) == "it read end of stream, but declares expect: ok")
        #expect(LessonLint.problem(nil, eperm, blocked: false) == "it raised PermissionError (EPERM), but declares no 'expect'")
        #expect(LessonLint.problem(.error("EPERM"), .returned, blocked: false) == "was expected to fail with EPERM, but it returned normally")
    }
}
