import Catalogue
import LessonKit
import Tutor

/// A quiz on screen, as a pure value: the run (questions, scoring, retries) and what the
/// learner is doing with the question in front of them — the choice under the cursor, the
/// ticks of a multiple-answer question, the order being arranged, the answer being typed,
/// the hint, and the feedback after an answer. The app measures time and records answers;
/// this only decides.
public struct QuizView: Sendable {
    public private(set) var run: QuizRun
    public let lessonTitle: String
    public let language: String
    /// q ends the program (opened by `sockettutor quiz`) rather than going back.
    public let quitEndsProgram: Bool

    public private(set) var cursor = 0
    /// Keys of the ticked choices (multiple).
    public private(set) var ticked: Set<String> = []
    /// The order question as arranged: each entry an item's index in the right order.
    public private(set) var arrangement: [Int] = []
    public private(set) var editor = LineEditor()
    public var showingHint = false
    /// After an answer, until a key goes on.
    public private(set) var feedback: QuizRun.Feedback?
    /// The number shown in the header, kept while the feedback of that question is up.
    public private(set) var shownProgress: (number: Int, count: Int) = (0, 0)

    public init(run: QuizRun, lessonTitle: String, language: String, quitEndsProgram: Bool = false) {
        self.run = run
        self.lessonTitle = lessonTitle
        self.language = language
        self.quitEndsProgram = quitEndsProgram
        prepare()
    }

    /// The question on screen: the one answered while its feedback is up, else the current one.
    public var question: QuizQuestion? { feedback?.item.question ?? run.current?.question }
    public var atEnd: Bool { feedback == nil && run.finished }

    /// The title of the lesson the question on screen comes from, in a quiz that mixes
    /// lessons (the final quiz, the review); nil in one lesson's quiz, whose title is the header's.
    public var questionLesson: String? {
        guard let item = feedback?.item ?? run.current, item.lessonID != run.id else { return nil }
        return item.lessonTitle?.resolved(language) ?? item.lessonID
    }

    /// How the question is answered, which decides the keys.
    public enum Mode: Sendable, Hashable { case choosing, ordering, typing, feedback, end }

    public var mode: Mode {
        if feedback != nil { return .feedback }
        guard let question = run.current?.question else { return .end }
        switch question.kind {
        case .order: return .ordering
        case .fill: return .typing
        default: return .choosing
        }
    }

    /// The lines the cursor moves over: choices, True/False, or the items as arranged.
    public var options: [String] {
        guard let question = run.current?.question else { return [] }
        switch question.kind {
        case .single(let choices, _), .multiple(let choices, _), .predict(_, let choices, _):
            return choices.map { $0.text.resolved(language) }
        case .trueFalse: return ["True", "False"]
        case .order(let items): return arrangement.map { items[$0].resolved(language) }
        case .fill: return []
        }
    }

    public var isMultiple: Bool {
        if case .multiple = run.current?.question.kind { return true }
        return false
    }

    public mutating func move(by delta: Int) {
        guard !options.isEmpty else { return }
        cursor = min(options.count - 1, max(0, cursor + delta))
    }

    /// Digit n (1-based): answers a single, predict or true/false question at once; ticks a
    /// multiple one; in an order question only moves the cursor there.
    @discardableResult
    public mutating func pick(_ number: Int) -> QuizRun.Feedback? {
        guard feedback == nil, number >= 1, number <= options.count else { return nil }
        cursor = number - 1
        switch mode {
        case .choosing: if isMultiple { toggle(); return nil } else { return submit() }
        default: return nil
        }
    }

    /// Space in a multiple-answer question: tick or untick the choice under the cursor.
    public mutating func toggle() {
        guard isMultiple, let question = run.current?.question, question.choices.indices.contains(cursor) else { return }
        let key = question.choices[cursor].key
        if ticked.contains(key) { ticked.remove(key) } else { ticked.insert(key) }
    }

    /// u/d in an order question: moves the item under the cursor, and the cursor with it.
    public mutating func moveItem(by delta: Int) {
        guard mode == .ordering else { return }
        let target = cursor + delta
        guard arrangement.indices.contains(target) else { return }
        arrangement.swapAt(cursor, target)
        cursor = target
    }

    public mutating func edit(_ change: (inout LineEditor) -> Void) {
        guard mode == .typing else { return }
        change(&editor)
    }

    /// The answer as it stands, or nil when there is none yet (nothing ticked or typed).
    public var pendingAnswer: QuizAnswer? {
        guard let question = run.current?.question else { return nil }
        switch question.kind {
        case .single(let choices, _), .predict(_, let choices, _):
            return choices.indices.contains(cursor) ? .choice(choices[cursor].key) : nil
        case .multiple: return ticked.isEmpty ? nil : .choices(ticked)
        case .trueFalse: return .truth(cursor == 0)
        case .fill: return editor.text.allSatisfy(\.isWhitespace) ? nil : .text(editor.text)
        case .order: return .order(arrangement)
        }
    }

    /// Enter: scores the answer and shows the feedback.
    @discardableResult
    public mutating func submit() -> QuizRun.Feedback? {
        guard feedback == nil, let answer = pendingAnswer, let result = run.answer(answer) else { return nil }
        feedback = result
        return result
    }

    /// Any key after the feedback: the next question (or the end).
    public mutating func proceed() {
        guard feedback != nil else { return }
        feedback = nil
        prepare()
    }

    /// Fresh state for the current question. An order question starts shuffled by a
    /// permutation fixed by its id: the same every time, so screens and tests are stable,
    /// and never already right.
    private mutating func prepare() {
        cursor = 0
        ticked = []
        editor = LineEditor()
        showingHint = false
        shownProgress = run.progress
        arrangement = []
        if case .order(let items) = run.current?.question.kind {
            arrangement = Self.shuffledOrder(count: items.count, seed: run.current?.qualifiedID ?? "")
        }
    }

    static func shuffledOrder(count: Int, seed: String) -> [Int] {
        var generator = SeededGenerator(seed: seed.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 })
        var order = Array(0..<count).shuffled(using: &generator)
        if count > 1 && order == Array(0..<count) { order.append(order.removeFirst()) }
        return order
    }
}

extension QuizView {
    /// How an answer reads on the feedback screen: choices by number and text, the order
    /// as arranged, the text as typed.
    public func describe(_ answer: QuizAnswer, for question: QuizQuestion) -> String {
        switch (answer, question.kind) {
        case (.choice(let key), _): return choiceText(key, question)
        case (.choices(let keys), _):
            return question.choices.filter { keys.contains($0.key) }.map { choiceText($0.key, question) }.joined(separator: "; ")
        case (.truth(let value), _): return value ? "True" : "False"
        case (.text(let text), _): return text
        case (.order(let indices), .order(let items)):
            return indices.map { items.indices.contains($0) ? items[$0].resolved(language) : "?" }.joined(separator: " → ")
        case (.order, _): return ""
        }
    }

    /// The right answer in the same words; for fill-in, the first accepted form.
    public func rightAnswer(_ question: QuizQuestion) -> String {
        switch question.kind {
        case .single(_, let key): return choiceText(key, question)
        case .predict(_, _, let key): return key.map { choiceText($0, question) } ?? Words(language)(.whatTheStepDid)
        case .multiple(_, let keys): return describe(.choices(keys), for: question)
        case .trueFalse(let value): return value ? "True" : "False"
        case .fill(let accept): return accept.first ?? ""
        case .order(let items): return describe(.order(Array(items.indices)), for: question)
        }
    }

    private func choiceText(_ key: String, _ question: QuizQuestion) -> String {
        guard let index = question.choices.firstIndex(where: { $0.key == key }) else { return key }
        return "\(index + 1). " + question.choices[index].text.resolved(language)
    }
}
