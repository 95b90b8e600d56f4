import SocketTrace

/// What the learner answered, one case per way of answering.
public enum QuizAnswer: Sendable, Hashable {
    /// The key of the choice picked (single, predict).
    case choice(String)
    /// The keys of every choice picked (multiple).
    case choices(Set<String>)
    case truth(Bool)
    /// What was typed (fill).
    case text(String)
    /// The items as the learner arranged them, each by its index in the lesson file's
    /// (the right) order: [0, 1, 2, 3] is right.
    case order([Int])
}

/// What a step was seen to do in one run: the facts a predict choice is scored against.
/// Built by the Tutor from the session's events (`StepObservation`); a plain value here so
/// that scoring stays pure.
public struct ObservedOutcome: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Returned without an error, and without sleeping first.
        case returned
        /// The kernel showed the call asleep before it returned (or it never returned).
        case blocked
        case endOfStream
        case timedOut
        /// Failed; the errno's name when there was one (a refused step has none).
        case failed(errno: String?)
    }

    public var kind: Kind
    /// Bytes the call moved (send, recv), when it returned some.
    public var bytes: Int?

    public init(_ kind: Kind, bytes: Int? = nil) {
        self.kind = kind
        self.bytes = bytes
    }

    public var description: String {
        switch kind {
        case .returned: bytes.map { "returned \($0) bytes" } ?? "returned"
        case .blocked: "blocked"
        case .endOfStream: "returned b'' (end of stream)"
        case .timedOut: "timed out"
        case .failed(let name): "failed" + (name.map { " with \($0)" } ?? "")
        }
    }
}

extension PredictedOutcome {
    /// Whether this outcome is what was observed. `returns` is any return without error or
    /// sleep (a byte count included); `bytes N` needs exactly N bytes; errnos compare by
    /// number, so EAGAIN and EWOULDBLOCK are one.
    public func matches(_ observed: ObservedOutcome) -> Bool {
        switch (self, observed.kind) {
        case (.returns, .returned), (.blocks, .blocked), (.endOfStream, .endOfStream), (.timeout, .timedOut): true
        case (.bytes(let n), .returned): observed.bytes == n
        case (.error(let predicted), .failed(let seen?)):
            predicted == seen || (ErrnoValue.code(named: predicted) != nil && ErrnoValue.code(named: predicted) == ErrnoValue.code(named: seen))
        default: false
        }
    }
}

/// Scoring: pure functions of the question, the answer and (for predict) what the step did.
public enum QuizScoring {
    /// Scores an answer to a single, multiple, truefalse, fill or order question. A predict
    /// question scored here (no observation) uses its stored answer.
    public static func score(_ question: QuizQuestion, _ answer: QuizAnswer) -> Bool {
        switch (question.kind, answer) {
        case (.single(_, let right), .choice(let picked)):
            return picked == right
        case (.multiple(_, let right), .choices(let picked)):
            return picked == right
        case (.trueFalse(let right), .truth(let given)):
            return given == right
        case (.fill(let accepted), .text(let typed)):
            return accepted.contains { FillAnswer.matches(typed, $0) }
        case (.order(let items), .order(let arranged)):
            return arranged == Array(items.indices)
        case (.predict, .choice(let picked)):
            return score(question, choice: picked, observed: nil)
        default:
            return false
        }
    }

    /// Scores a predict choice against what the step really did in this run. A choice
    /// whose outcome differs from the observed one is wrong, whatever the stored answer
    /// says; the stored answer counts only when nothing was observed (the step did not
    /// run, or its run was not seen).
    public static func score(_ question: QuizQuestion, choice key: String, observed: ObservedOutcome?) -> Bool {
        guard case .predict(_, let choices, let stored) = question.kind, let choice = choices.first(where: { $0.key == key }) else {
            return false
        }
        guard let observed else { return stored == key }
        return choice.outcome?.matches(observed) ?? false
    }

    /// The choices of a predict question that match what was observed (lint wants one).
    public static func matchingChoices(_ question: QuizQuestion, observed: ObservedOutcome) -> [QuizChoice] {
        question.choices.filter { $0.outcome?.matches(observed) ?? false }
    }
}
