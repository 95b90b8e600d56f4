/// One question of a lesson's `quiz:` list. Questions are known as `LESSON/ID` (the id is
/// unique within its lesson and stays the same when the text changes: answers are logged
/// against it).
public struct QuizQuestion: Sendable, Hashable {
    public var id: String
    public var question: LocalizedText
    /// Shown after every answer, right or wrong: what the learner should take away.
    public var explanation: LocalizedText
    public var hint: LocalizedText?
    public var kind: Kind
    /// Where the question starts in its file, for lint's messages.
    public var line: Int
    public var column: Int

    public enum Kind: Sendable, Hashable {
        /// One right choice among several.
        case single(choices: [QuizChoice], answer: String)
        /// Every right choice, and no other, must be picked.
        case multiple(choices: [QuizChoice], answers: Set<String>)
        case trueFalse(answer: Bool)
        /// A typed answer matched against each accepted form (see `FillAnswer`). The forms
        /// hold for every language: a translation adds its own forms to the same list.
        case fill(accept: [String])
        /// `items` in the right order; shown shuffled.
        case order(items: [LocalizedText])
        /// Asked just before `step` runs; each choice names an observable outcome, scored
        /// against what the step really does in this run. `answer` counts only when the
        /// outcome cannot be observed.
        case predict(step: String, choices: [QuizChoice], answer: String?)
    }

    public init(id: String, question: LocalizedText, explanation: LocalizedText, hint: LocalizedText? = nil,
                kind: Kind, line: Int = 0, column: Int = 0) {
        self.id = id
        self.question = question
        self.explanation = explanation
        self.hint = hint
        self.kind = kind
        self.line = line
        self.column = column
    }

    /// The type's name as a lesson file writes it.
    public var typeName: String {
        switch kind {
        case .single: "single"
        case .multiple: "multiple"
        case .trueFalse: "truefalse"
        case .fill: "fill"
        case .order: "order"
        case .predict: "predict"
        }
    }

    /// The choices of a single, multiple or predict question, in the file's order.
    public var choices: [QuizChoice] {
        switch kind {
        case .single(let c, _), .multiple(let c, _), .predict(_, let c, _): c
        case .trueFalse, .fill, .order: []
        }
    }

    /// The step a predict question is attached to.
    public var predictedStep: String? {
        if case .predict(let step, _, _) = kind { return step }
        return nil
    }
}

/// One choice: a short key the answer refers to (`a`, `b` …, stable when choices move)
/// and the learner-facing text; in a predict question also the outcome it stands for.
public struct QuizChoice: Sendable, Hashable {
    public var key: String
    public var text: LocalizedText
    public var outcome: PredictedOutcome?

    public init(key: String, text: LocalizedText, outcome: PredictedOutcome? = nil) {
        self.key = key
        self.text = text
        self.outcome = outcome
    }
}

/// What a step can be seen to do, as a predict choice names it. The words are those of a
/// step's `expect:` (ok, blocks, eof, timeout, an errno name), plus `returns` for ok and
/// `bytes N` for a call that moves exactly N bytes.
public enum PredictedOutcome: Sendable, Hashable, CustomStringConvertible {
    /// Returns at once, without an error (and not an end of stream).
    case returns
    /// Still waiting when the kernel is asked: the call sleeps in the kernel.
    case blocks
    /// recv returns b'': the peer has finished sending.
    case endOfStream
    /// A settimeout wait gives up.
    case timeout
    /// Fails with this errno.
    case error(String)
    /// Returns at once having moved exactly this many bytes.
    case bytes(Int)

    public init?(text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        if words.count == 2, words[0] == "bytes", let n = Int(words[1]), n >= 0, n <= 1 << 20 {
            self = .bytes(n)
            return
        }
        guard words.count == 1 else { return nil }
        switch text {
        case "returns", "ok": self = .returns
        case "blocks": self = .blocks
        case "eof": self = .endOfStream
        case "timeout": self = .timeout
        default:
            guard text.hasPrefix("E"), text.count > 1, text == text.uppercased() else { return nil }
            self = .error(text)
        }
    }

    public var description: String {
        switch self {
        case .returns: "returns"
        case .blocks: "blocks"
        case .endOfStream: "eof"
        case .timeout: "timeout"
        case .error(let name): name
        case .bytes(let n): "bytes \(n)"
        }
    }
}

extension Lesson {
    /// The predict question to ask just before `stepID` runs, if there is one.
    public func predictQuestion(beforeStep stepID: String) -> QuizQuestion? {
        quiz.first { $0.predictedStep == stepID }
    }
}
