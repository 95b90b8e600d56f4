import Foundation
import Testing
@testable import LessonKit

/// The `quiz:` part of a lesson file: every type loads, and every mistake an author can
/// make is reported with its file, line and column, like the rest of the loader.
@Suite struct QuizLoaderTests {
    /// Lines 1–14: a lesson with one step, `s`; the quiz starts on line 15.
    static let header = """
    format_version: 1
    id: demo
    title: Demo
    summary: A demo.
    actors: [server]
    sections:
      - id: one
        text: Hello.
        steps:
          - id: s
            actor: server
            call: socket
            as: s
    quiz:

    """

    /// A lesson whose quiz is `questions`, indented under `quiz:` (first on line 15).
    static func lesson(_ questions: String) -> String {
        header + questions.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n"
    }

    func errors(_ text: String) -> [String] {
        switch LessonLoader.parse(text, file: "Lessons/demo.yaml", expectedID: "demo") {
        case .success: return []
        case .failure(let e): return e.errors.map(\.description)
        }
    }

    static let everyType = """
    - id: one-choice
      type: single
      question: {en: Which call waits for a client?, zh: 哪个调用等待客户端？}
      choices:
        a: accept()
        b: {en: listen(), zh: listen()}
      answer: a
      hint: It returns a new socket.
      explanation: {en: accept() waits., zh: accept() 会等待。}
    - id: many
      type: multiple
      question: Which are transport protocols?
      choices: {a: TCP, b: UDP, c: IP}
      answers: [a, b]
      explanation: TCP and UDP.
    - id: tf
      type: truefalse
      question: A listening socket carries data.
      answer: false
      explanation: It does not.
    - id: typed
      type: fill
      question: Which port lets the kernel choose?
      accept: ["0", zero]
      explanation: Port 0.
    - id: steps
      type: order
      question: Order the server's calls.
      items: [socket(), bind(), listen(), accept()]
      explanation: In that order.
    - id: guess
      type: predict
      step: s
      question: What does socket() do?
      choices:
        a: {text: returns a descriptor, outcome: returns}
        b: {text: {en: blocks, zh: 阻塞}, outcome: blocks}
        c: {text: fails, outcome: EAFNOSUPPORT}
        d: {text: five bytes, outcome: bytes 5}
      answer: a
      explanation: It returns at once.
    """

    @Test func everyQuestionTypeLoadsWithItsTranslations() throws {
        let lesson = try LessonLoader.parse(Self.lesson(Self.everyType), file: "Lessons/demo.yaml", expectedID: "demo").get()
        #expect(lesson.quiz.map(\.id) == ["one-choice", "many", "tf", "typed", "steps", "guess"])
        #expect(lesson.quiz.map(\.typeName) == ["single", "multiple", "truefalse", "fill", "order", "predict"])
        let first = lesson.quiz[0]
        #expect(first.question.resolved("zh") == "哪个调用等待客户端？")
        #expect(first.explanation.resolved("fr") == "accept() waits.")
        #expect(first.hint?.english == "It returns a new socket.")
        #expect(first.kind == .single(choices: [QuizChoice(key: "a", text: LocalizedText("accept()")),
                                               QuizChoice(key: "b", text: LocalizedText(translations: ["en": "listen()", "zh": "listen()"]))], answer: "a"))
        #expect(first.line == 15 && first.column == 5)
        #expect(lesson.quiz[1].kind == .multiple(choices: ["a": "TCP", "b": "UDP", "c": "IP"].sorted { $0.key < $1.key }
            .map { QuizChoice(key: $0.key, text: LocalizedText($0.value)) }, answers: ["a", "b"]))
        #expect(lesson.quiz[2].kind == .trueFalse(answer: false))
        #expect(lesson.quiz[3].kind == .fill(accept: ["0", "zero"]))
        #expect(lesson.quiz[4].kind == .order(items: ["socket()", "bind()", "listen()", "accept()"].map(LocalizedText.init)))
        guard case .predict(let step, let choices, let answer) = lesson.quiz[5].kind else {
            Issue.record("not a predict question")
            return
        }
        #expect(step == "s" && answer == "a")
        #expect(choices.map(\.outcome) == [.returns, .blocks, .error("EAFNOSUPPORT"), .bytes(5)])
        #expect(choices[1].text.resolved("zh") == "阻塞")
        #expect(lesson.predictQuestion(beforeStep: "s")?.id == "guess")
    }

    /// Each broken question and the exact message its author sees.
    @Test(arguments: [
        (lesson("- id: q\n  type: single\n  question: Q?\n  choices: {a: A, b: B}\n  answer: c\n  explanation: E."),
         ["Lessons/demo.yaml:19:13: the answer 'c' of question 'q' is not one of its choices (a, b) (did you mean 'a'?)"]),
        (lesson("- id: q\n  type: singel\n  question: Q?\n  explanation: E."),
         ["Lessons/demo.yaml:16:11: question 'q': unknown type 'singel' (one of single, multiple, truefalse, fill, order, predict) (did you mean 'single'?)"]),
        (lesson("- id: q\n  question: Q?\n  answer: true\n  explanation: E."),
         ["Lessons/demo.yaml:15:5: question 'q' needs a 'type' (single, multiple, truefalse, fill, order, predict)"]),
        (lesson("- id: q\n  type: truefalse\n  question: Q?\n  answer: true\n  explenation: E."),
         ["Lessons/demo.yaml:19:5: unknown key 'explenation' in question 'q' (a truefalse question takes id, type, question, explanation, hint, answer) (did you mean 'explanation'?)",
         "Lessons/demo.yaml:15:5: question 'q' needs an 'explanation'"]),
        (lesson("- id: q\n  type: truefalse\n  question: Q?\n  answer: true"),
         ["Lessons/demo.yaml:15:5: question 'q' needs an 'explanation'"]),
        (lesson("- id: q\n  type: truefalse\n  question: Q?\n  answer: yes\n  explanation: E."),
         ["Lessons/demo.yaml:18:13: the answer of question 'q' must be true or false"]),
        (lesson("- id: Q1\n  type: truefalse\n  question: Q?\n  answer: true\n  explanation: E."),
         ["Lessons/demo.yaml:15:9: question id 'Q1' must be lower-case letters, digits and dashes"]),
        (lesson("- id: q\n  type: truefalse\n  question: Q?\n  answer: true\n  explanation: E.\n- id: q\n  type: truefalse\n  question: R?\n  answer: false\n  explanation: F."),
         ["Lessons/demo.yaml:20:9: question id 'q' is used twice in this lesson"]),
        (lesson("- id: q\n  type: multiple\n  question: Q?\n  choices: {a: A, b: B}\n  answers: []\n  explanation: E."),
         ["Lessons/demo.yaml:19:14: question 'q' needs at least one right answer"]),
        (lesson("- id: q\n  type: multiple\n  question: Q?\n  choices: {a: A, b: B}\n  answer: a\n  explanation: E."),
         ["Lessons/demo.yaml:19:5: unknown key 'answer' in question 'q' (a multiple question takes id, type, question, explanation, hint, choices, answers) (did you mean 'answers'?)",
         "Lessons/demo.yaml:15:5: question 'q' needs 'answers': a list of the right choices' keys"]),
        (lesson("- id: q\n  type: single\n  question: Q?\n  choices: {a: A}\n  answer: a\n  explanation: E."),
         ["Lessons/demo.yaml:18:14: question 'q' has 1 choice; it needs 2 to 9"]),
        (lesson("- id: q\n  type: single\n  question: Q?\n  choices: {a: Same, b: Same}\n  answer: a\n  explanation: E."),
         ["Lessons/demo.yaml:18:27: choice 'b' of question 'q' has the same text as choice 'a'"]),
        (lesson("- id: q\n  type: order\n  question: Q?\n  items: [socket()]\n  explanation: E."),
         ["Lessons/demo.yaml:18:12: question 'q' has 1 item; an order question needs 2 to 9"]),
        (lesson("- id: q\n  type: order\n  question: Q?\n  items: [bind(), bind()]\n  explanation: E."),
         ["Lessons/demo.yaml:18:21: the item 'bind()' of question 'q' is listed twice; an order needs distinct items"]),
        (lesson("- id: q\n  type: fill\n  question: Q?\n  accept: []\n  explanation: E."),
         ["Lessons/demo.yaml:18:13: question 'q' has 0 accepted answers; it needs 1 to 32"]),
        (lesson("- id: q\n  type: fill\n  question: Q?\n  explanation: E."),
         ["Lessons/demo.yaml:15:5: question 'q' needs 'accept': a list of the answers to accept"]),
        (lesson("- id: q\n  type: predict\n  step: sock\n  question: Q?\n  choices: {a: {text: A, outcome: returns}, b: {text: B, outcome: blocks}}\n  explanation: E."),
         ["Lessons/demo.yaml:17:11: question 'q': no step 'sock' in this lesson"]),
        (lesson("- id: q\n  type: predict\n  step: s\n  question: Q?\n  choices: {a: {text: A, outcome: returns}}\n  explanation: E."),
         ["Lessons/demo.yaml:19:14: question 'q' has 1 choice; it needs 2 to 9"]),
        (lesson("- id: q\n  type: predict\n  step: s\n  question: Q?\n  choices: {a: {text: A, outcome: returns}, b: {text: B, outcome: blocked}}\n  explanation: E."),
         ["Lessons/demo.yaml:19:69: choice 'b' of question 'q': unknown outcome 'blocked' (returns, blocks, eof, timeout, bytes N or an errno name like ECONNREFUSED) (did you mean 'blocks'?)"]),
        (lesson("- id: q\n  type: predict\n  step: s\n  question: Q?\n  choices: {a: {text: A, outcome: returns}, b: {text: B, outcome: ECONNREFUSD}}\n  explanation: E."),
         ["Lessons/demo.yaml:19:69: choice 'b' of question 'q': unknown errno name 'ECONNREFUSD' (did you mean 'ECONNREFUSED'?)"]),
        (lesson("- id: q\n  type: predict\n  step: s\n  question: Q?\n  choices: {a: {text: A, outcome: returns}, b: {text: B, outcome: ok}}\n  explanation: E."),
         ["Lessons/demo.yaml:19:69: choice 'b' of question 'q' has the same outcome as choice 'a' (returns); each outcome may be offered once"]),
        (lesson("- id: q\n  type: predict\n  step: s\n  question: Q?\n  choices: {a: {text: A, outcome: returns}, b: {text: B}}\n  explanation: E."),
         ["Lessons/demo.yaml:19:50: choice 'b' of question 'q' needs an 'outcome' (returns, blocks, eof, timeout, bytes N or an errno name like ECONNREFUSED)"]),
        (lesson("- id: q\n  type: predict\n  step: s\n  question: Q?\n  choices: {a: {text: A, outcome: returns}, b: {text: B, outcom: blocks}}\n  explanation: E."),
         ["Lessons/demo.yaml:19:60: unknown key 'outcom' in choice 'b' of question 'q' (a mapping: text, outcome) (did you mean 'outcome'?)",
         "Lessons/demo.yaml:19:50: choice 'b' of question 'q' needs an 'outcome' (returns, blocks, eof, timeout, bytes N or an errno name like ECONNREFUSED)"]),
        (lesson("- id: q\n  type: predict\n  step: s\n  question: Q?\n  choices: {a: {text: A, outcome: returns}, b: {text: B, outcome: blocks}}\n  answer: z\n  explanation: E."),
         ["Lessons/demo.yaml:20:13: the answer 'z' of question 'q' is not one of its choices (a, b) (did you mean 'a'?)"]),
        (lesson("- id: q\n  type: truefalse\n  question: {zh: 问题}\n  answer: true\n  explanation: E."),
         ["Lessons/demo.yaml:17:15: question of question 'q' has no English ('en') text"]),
    ])
    func brokenQuestionsAreReportedWhereTheyAre(text: String, messages: [String]) {
        #expect(errors(text) == messages)
    }

    @Test func aStepGetsOnePredictQuestionAtMost() {
        let one = "- id: ID\n  type: predict\n  step: s\n  question: Q?\n  choices: {a: {text: A, outcome: returns}, b: {text: B, outcome: blocks}}\n  explanation: E."
        let text = Self.lesson(one.replacingOccurrences(of: "ID", with: "p1") + "\n" + one.replacingOccurrences(of: "ID", with: "p2"))
        #expect(errors(text) == ["Lessons/demo.yaml:21:9: step 's' already has a predict question ('p1'); one is asked before a step"])
    }

    @Test func everyProblemInAQuizIsReportedAtOnce() {
        let text = Self.lesson("- id: a\n  type: singel\n  question: Q?\n  explanation: E.\n- id: b\n  type: truefalse\n  question: Q?\n  answer: maybe\n  explanation: E.")
        #expect(errors(text).count == 2)
    }

    /// `list` reads only what comes before `sections:`: the quiz after it costs nothing at
    /// start-up, and a mistake in it shows when the lesson is opened or linted.
    @Test func theMenuHeaderDoesNotReadTheQuiz() throws {
        let text = Self.lesson("- id: q\n  type: singel\n  question: Q?\n  explanation: E.")
        #expect(!LessonLoader.headerPrefix(text).contains("quiz:"))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-\(UUID().uuidString)/demo.yaml")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try text.write(to: url, atomically: true, encoding: .utf8)
        #expect(try LessonLoader.loadHeader(contentsOf: url).get().id == "demo")
        #expect(!errors(text).isEmpty)
    }
}
