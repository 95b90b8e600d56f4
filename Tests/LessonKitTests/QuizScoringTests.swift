import Testing
@testable import LessonKit

/// Scoring is a pure function of the question, the answer and, for predict questions,
/// what the step was seen to do.
@Suite struct QuizScoringTests {
    static func question(_ kind: QuizQuestion.Kind) -> QuizQuestion {
        QuizQuestion(id: "q", question: LocalizedText("Q?"), explanation: LocalizedText("E."), kind: kind)
    }

    static let choices = ["a", "b", "c"].map { QuizChoice(key: $0, text: LocalizedText("choice \($0)")) }
    static let single = question(.single(choices: choices, answer: "b"))
    static let multiple = question(.multiple(choices: choices, answers: ["a", "c"]))
    static let trueFalse = question(.trueFalse(answer: false))
    static let fillCall = question(.fill(accept: ["accept"]))
    static let fillPort = question(.fill(accept: ["80", "http"]))
    static let order = question(.order(items: ["socket()", "bind()", "listen()", "accept()"].map(LocalizedText.init)))

    @Test(arguments: [
        (single, QuizAnswer.choice("b"), true),
        (single, .choice("a"), false),
        (single, .choice("zz"), false),
        (single, .truth(true), false),
        (multiple, .choices(["a", "c"]), true),
        (multiple, .choices(["c", "a"]), true),
        (multiple, .choices(["a"]), false),
        (multiple, .choices(["a", "b", "c"]), false),
        (multiple, .choices([]), false),
        (trueFalse, .truth(false), true),
        (trueFalse, .truth(true), false),
        (fillCall, .text("accept"), true),
        (fillCall, .text(" Socket.ACCEPT "), true),
        (fillCall, .text("s.accept"), false),
        (fillCall, .text("accept()"), true),
        (fillCall, .text("ａｃｃｅｐｔ"), true),
        (fillCall, .text("acc ept"), true),
        (fillCall, .text("connect"), false),
        (fillCall, .text(""), false),
        (fillPort, .text("80"), true),
        (fillPort, .text("080"), true),
        (fillPort, .text("80.0"), true),
        (fillPort, .text(" 80 "), true),
        (fillPort, .text("HTTP"), true),
        (fillPort, .text("eighty"), false),
        (fillPort, .text("81"), false),
        (fillPort, .text("0x50"), false),
        (fillPort, .text("8e1"), false),
        (order, .order([0, 1, 2, 3]), true),
        (order, .order([1, 0, 2, 3]), false),
        (order, .order([0, 1, 2]), false),
        (order, .choice("a"), false),
    ])
    func everyTypeIsScored(question: QuizQuestion, answer: QuizAnswer, right: Bool) {
        #expect(QuizScoring.score(question, answer) == right)
    }

    @Test(arguments: [
        ("ECONNREFUSED", "econnrefused", true),
        ("socket.SOCK_STREAM", "SOCK_STREAM", true),
        ("  sock_stream", "SOCK_STREAM", true),
        ("socket.", "socket.", true),
        ("-1", "-1.0", true),
        ("1.2.3", "1.2.3", true),
        ("1.2.3", "1.23", false),
        ("", "", false),
    ])
    func fillInForgivesSpellingAroundTheAnswer(typed: String, accepted: String, matches: Bool) {
        #expect(FillAnswer.matches(typed, accepted) == matches)
    }

    static let predict = question(.predict(step: "server-accept", choices: [
        QuizChoice(key: "a", text: LocalizedText("returns at once"), outcome: .returns),
        QuizChoice(key: "b", text: LocalizedText("blocks"), outcome: .blocks),
        QuizChoice(key: "c", text: LocalizedText("refused"), outcome: .error("ECONNREFUSED")),
        QuizChoice(key: "d", text: LocalizedText("end of stream"), outcome: .endOfStream),
        QuizChoice(key: "e", text: LocalizedText("five bytes"), outcome: .bytes(5)),
        QuizChoice(key: "f", text: LocalizedText("times out"), outcome: .timeout),
        QuizChoice(key: "g", text: LocalizedText("would block"), outcome: .error("EAGAIN")),
    ], answer: "a"))

    /// The observed outcome decides; the stored answer ("a", returns) never overrules it.
    @Test(arguments: [
        ("b", ObservedOutcome(.blocked), true),
        ("a", ObservedOutcome(.blocked), false),
        ("a", ObservedOutcome(.returned), true),
        ("a", ObservedOutcome(.returned, bytes: 5), true),
        ("e", ObservedOutcome(.returned, bytes: 5), true),
        ("e", ObservedOutcome(.returned, bytes: 6), false),
        ("e", ObservedOutcome(.returned), false),
        ("c", ObservedOutcome(.failed(errno: "ECONNREFUSED")), true),
        ("c", ObservedOutcome(.failed(errno: "ETIMEDOUT")), false),
        ("a", ObservedOutcome(.failed(errno: "ECONNREFUSED")), false),
        ("c", ObservedOutcome(.failed(errno: nil)), false),
        ("g", ObservedOutcome(.failed(errno: "EAGAIN")), true),
        ("d", ObservedOutcome(.endOfStream, bytes: 0), true),
        ("e", ObservedOutcome(.endOfStream, bytes: 0), false),
        ("f", ObservedOutcome(.timedOut), true),
        ("b", ObservedOutcome(.timedOut), false),
        ("zz", ObservedOutcome(.blocked), false),
    ])
    func predictIsScoredAgainstWhatHappened(choice: String, observed: ObservedOutcome, right: Bool) {
        #expect(QuizScoring.score(Self.predict, choice: choice, observed: observed) == right)
    }

    @Test func theStoredAnswerCountsOnlyWhenNothingWasObserved() {
        #expect(QuizScoring.score(Self.predict, choice: "a", observed: nil))
        #expect(!QuizScoring.score(Self.predict, choice: "b", observed: nil))
        #expect(QuizScoring.score(Self.predict, .choice("a")))
        let noAnswer = Self.question(.predict(step: "s", choices: Array(Self.predict.choices.prefix(2)), answer: nil))
        #expect(!QuizScoring.score(noAnswer, choice: "a", observed: nil))
    }

    @Test(arguments: [("ok", PredictedOutcome.returns), ("returns", .returns), ("blocks", .blocks), ("eof", .endOfStream),
                      ("timeout", .timeout), ("EPIPE", .error("EPIPE")), ("bytes 13", .bytes(13)), ("bytes  0", .bytes(0))])
    func outcomesReadTheStepVocabulary(text: String, outcome: PredictedOutcome) {
        #expect(PredictedOutcome(text: text) == outcome)
    }

    @Test(arguments: ["", "E", "Epipe", "bytes", "bytes -1", "bytes five", "blocks now", "returned"])
    func otherOutcomeWordsAreRefused(text: String) {
        #expect(PredictedOutcome(text: text) == nil)
    }
}
