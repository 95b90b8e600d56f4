import Catalogue
import Foundation
import SocketTrace
import Yams

/// Reads a lesson's `quiz:` list, checking each question where it is written, like the
/// rest of the loader: every problem is reported with its line and column.
struct QuizBuilder {
    let reader: YAMLReader
    /// The lesson's step ids, in order: what a predict question may be attached to.
    let steps: [String]

    static let types = ["single", "multiple", "truefalse", "fill", "order", "predict"]
    static let commonKeys = ["id", "type", "question", "explanation", "hint"]
    static let typeKeys: [String: [String]] = [
        "single": ["choices", "answer"],
        "multiple": ["choices", "answers"],
        "truefalse": ["answer"],
        "fill": ["accept"],
        "order": ["items"],
        "predict": ["step", "choices", "answer"],
    ]
    static let choiceKeys = ["text", "outcome"]

    // Bounds: a lesson file comes from strangers, and a screen numbers choices 1 to 9.
    static let maximumQuestions = 100
    static let maximumChoices = 9
    static let maximumAccepted = 32
    static let maximumAcceptedBytes = 200

    func questions(_ node: Node) -> [QuizQuestion] {
        guard let nodes = reader.sequence(node, .key("quiz")) else { return [] }
        if nodes.count > Self.maximumQuestions {
            reader.fail(node, .quizTooLong, ["count": .of(nodes.count), "maximum": .of(Self.maximumQuestions)])
            return []
        }
        var questions: [QuizQuestion] = []
        var ids: Set<String> = []
        var predictedSteps: [String: String] = [:]
        for item in nodes {
            guard let (question, idNode) = question(item) else { continue }
            if !ids.insert(question.id).inserted {
                reader.fail(idNode, .questionIDUsedTwice, ["id": .text(Shown.value(question.id))])
                continue
            }
            if let step = question.predictedStep {
                if let earlier = predictedSteps[step] {
                    reader.fail(idNode, .predictedTwice, ["step": .text(Shown.value(step)), "earlier": .text(earlier)])
                    continue
                }
                predictedSteps[step] = question.id
            }
            questions.append(question)
        }
        return questions
    }

    private func question(_ node: Node) -> (QuizQuestion, Node)? {
        guard let pairs = reader.mapping(node, .lesson(.aQuestion)) else { return nil }
        let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let idNode = fields["id"], let id = reader.string(idNode, .lesson(.questionID)) else {
            reader.fail(node, .needsKeyAn, ["what": .lesson(.aQuestion), "key": "id"])
            return nil
        }
        guard NamePattern.id.matches(id) else {
            reader.fail(idNode, .idShape, ["what": .lesson(.questionID), "id": .text(Shown.value(id))])
            return nil
        }
        let what: Message.Value = .lesson(.questionNamed, ["id": .text(id)])
        var type: String?
        if let typeNode = fields["type"], let name = reader.string(typeNode, .lesson(.keyOf, ["key": "type", "what": what])) {
            if Self.types.contains(name) {
                type = name
            } else {
                reader.fail(typeNode, .unknownQuestionType, ["what": what, "type": .text(Shown.value(name)), "types": .list(Self.types), "hint": .hint(for: name, in: Self.types)])
            }
        } else if fields["type"] == nil {
            reader.fail(node, .needsType, ["what": what, "types": .list(Self.types)])
        }
        // Unknown keys, against what this type takes (or any type, when it is not known).
        let allowed = Self.commonKeys + (type.flatMap { Self.typeKeys[$0] } ?? Array(Set(Self.typeKeys.values.joined())).sorted())
        for pair in pairs where !allowed.contains(pair.key) {
            reader.fail(pair.keyNode, type == nil ? .unknownKey : .unknownKeyOfType,
                        ["key": .text(Shown.value(pair.key)), "what": what, "type": .text(type ?? ""), "keys": .list(allowed),
                         "hint": .hint(for: pair.key, in: allowed)])
        }
        let questionText = required("question", fields, node, what)
        let explanation = required("explanation", fields, node, what)
        let hint = fields["hint"].flatMap { reader.localized($0, .lesson(.keyOf, ["key": "hint", "what": what])) }
        guard let type, let kind = kind(type, fields, node, what) else { return nil }
        guard let questionText, let explanation else { return nil }
        let question = QuizQuestion(id: id, question: questionText, explanation: explanation, hint: hint, kind: kind,
                                    line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        return (question, idNode)
    }

    private func required(_ key: String, _ fields: [String: Node], _ node: Node, _ what: Message.Value) -> LocalizedText? {
        guard let value = fields[key] else {
            reader.fail(node, key == "explanation" ? .needsKeyAn : .needsKeyA, ["what": what, "key": .text(key)])
            return nil
        }
        guard let text = reader.localized(value, .lesson(.keyOf, ["key": .text(key), "what": what])) else { return nil }
        if text.english.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            reader.fail(value, .textIsEmpty, ["key": .text(key), "what": what])
            return nil
        }
        return text
    }

    private func kind(_ type: String, _ fields: [String: Node], _ node: Node, _ what: Message.Value) -> QuizQuestion.Kind? {
        switch type {
        case "single":
            guard let choices = choices(fields, node, what, predict: false) else { return nil }
            guard let key = answerKey(fields["answer"], node, what, choices: choices, required: true) else { return nil }
            return .single(choices: choices, answer: key)
        case "multiple":
            guard let choices = choices(fields, node, what, predict: false) else { return nil }
            guard let answers = answerKeys(fields["answers"], node, what, choices: choices) else { return nil }
            return .multiple(choices: choices, answers: answers)
        case "truefalse":
            guard let answerNode = fields["answer"] else {
                reader.fail(node, .needsTrueFalseAnswer, ["what": what])
                return nil
            }
            // Only the words true and false: YAML would also read yes, no, on and off.
            guard case .scalar(let scalar) = answerNode, scalar.style == .plain || scalar.style == .any,
                  scalar.string == "true" || scalar.string == "false" else {
                reader.fail(answerNode, .answerTrueOrFalse, ["what": what])
                return nil
            }
            return .trueFalse(answer: scalar.string == "true")
        case "fill":
            return accepted(fields["accept"], node, what).map { .fill(accept: $0) }
        case "order":
            return items(fields["items"], node, what).map { .order(items: $0) }
        case "predict":
            guard let step = predictedStep(fields["step"], node, what) else {
                _ = choices(fields, node, what, predict: true)
                return nil
            }
            guard let choices = choices(fields, node, what, predict: true) else { return nil }
            let answer = fields["answer"].flatMap { answerKey($0, node, what, choices: choices, required: false) }
            if fields["answer"] != nil, answer == nil { return nil }
            return .predict(step: step, choices: choices, answer: answer)
        default:
            return nil
        }
    }

    /// `choices:` is a mapping from a short key to the choice's text (in a predict question,
    /// to `{text: …, outcome: …}`), so that answers name choices by key, not position.
    private func choices(_ fields: [String: Node], _ node: Node, _ what: Message.Value, predict: Bool) -> [QuizChoice]? {
        guard let choicesNode = fields["choices"] else {
            reader.fail(node, .needsChoices, ["what": what])
            return nil
        }
        guard let pairs = reader.mapping(choicesNode, .lesson(.theKeyOf, ["key": "choices", "what": what])) else { return nil }
        guard pairs.count >= 2, pairs.count <= Self.maximumChoices else {
            reader.fail(choicesNode, pairs.count == 1 ? .oneChoice : .choiceCount, ["what": what, "count": .of(pairs.count), "maximum": .of(Self.maximumChoices)])
            return nil
        }
        var result: [QuizChoice] = []
        var texts: [String: String] = [:]
        var outcomes: [PredictedOutcome: String] = [:]
        var ok = true
        for pair in pairs {
            guard NamePattern.choiceKey.matches(pair.key) else {
                reader.fail(pair.keyNode, .choiceKeyShape, ["key": .text(Shown.value(pair.key)), "what": what])
                ok = false
                continue
            }
            let label: Message.Value = .lesson(.choiceNamed, ["key": .text(pair.key), "what": what])
            var outcome: PredictedOutcome?
            let text: LocalizedText?
            if predict {
                guard let parts = reader.mapping(pair.value, .lesson(.mappingOf, ["what": label, "keys": .list([.key("text"), .key("outcome")])]), allowed: Self.choiceKeys) else { ok = false; continue }
                let part = Dictionary(parts.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
                text = part["text"].flatMap { reader.localized($0, .lesson(.keyOf, ["key": "text", "what": label])) }
                if part["text"] == nil { reader.fail(pair.value, .needsKeyA, ["what": label, "key": "text"]) }
                if let outcomeNode = part["outcome"] {
                    outcome = predictedOutcome(outcomeNode, label)
                    if let outcome, let other = outcomes[outcome] {
                        reader.fail(outcomeNode, .sameOutcome, ["what": label, "other": .text(other), "outcome": .of(outcome)])
                        ok = false
                    } else if let outcome {
                        outcomes[outcome] = pair.key
                    }
                } else {
                    reader.fail(pair.value, .needsOutcome, ["what": label])
                }
                if outcome == nil { ok = false }
            } else {
                text = reader.localized(pair.value, label)
            }
            guard let text else { ok = false; continue }
            if let other = texts[text.english] {
                reader.fail(pair.value, .sameText, ["what": label, "other": .text(other)])
                ok = false
            }
            texts[text.english] = pair.key
            result.append(QuizChoice(key: pair.key, text: text, outcome: outcome))
        }
        return ok ? result : nil
    }

    private func predictedOutcome(_ node: Node, _ label: Message.Value) -> PredictedOutcome? {
        guard let text = reader.string(node, .lesson(.keyOf, ["key": "outcome", "what": label])) else { return nil }
        guard let outcome = PredictedOutcome(text: text) else {
            reader.fail(node, .unknownOutcome, ["what": label, "value": .text(Shown.value(text)), "hint": .hint(for: text, in: ["returns", "blocks", "eof", "timeout"])])
            return nil
        }
        if case .error(let name) = outcome, ErrnoValue.code(named: name) == nil {
            reader.fail(node, .whatProblem, ["what": label, "problem": .lesson(.unknownErrno, ["name": .text(Shown.value(name)), "hint": .hint(for: name, in: ErrnoValue.knownNames)])])
            return nil
        }
        return outcome
    }

    private func answerKey(_ node: Node?, _ parent: Node, _ what: Message.Value, choices: [QuizChoice], required: Bool) -> String? {
        guard let node else {
            if required { reader.fail(parent, .needsAnswerKey, ["what": what]) }
            return nil
        }
        guard let key = reader.string(node, .lesson(.theKeyOf, ["key": "answer", "what": what])) else { return nil }
        let keys = choices.map(\.key)
        guard keys.contains(key) else {
            reader.fail(node, .answerNotAChoice, ["key": .text(Shown.value(key)), "what": what, "keys": .list(keys), "hint": .hint(for: key, in: keys)])
            return nil
        }
        return key
    }

    private func answerKeys(_ node: Node?, _ parent: Node, _ what: Message.Value, choices: [QuizChoice]) -> Set<String>? {
        guard let node else {
            reader.fail(parent, .needsAnswers, ["what": what])
            return nil
        }
        guard let items = reader.sequence(node, .lesson(.theKeyOf, ["key": "answers", "what": what])) else { return nil }
        if items.isEmpty {
            reader.fail(node, .needsARightAnswer, ["what": what])
            return nil
        }
        var keys: Set<String> = []
        var ok = true
        for item in items {
            guard let key = answerKey(item, node, what, choices: choices, required: true) else { ok = false; continue }
            if !keys.insert(key).inserted {
                reader.fail(item, .answerListedTwice, ["key": .text(key), "what": what])
                ok = false
            }
        }
        return ok ? keys : nil
    }

    private func accepted(_ node: Node?, _ parent: Node, _ what: Message.Value) -> [String]? {
        guard let node else {
            reader.fail(parent, .needsAccept, ["what": what])
            return nil
        }
        guard let items = reader.sequence(node, .lesson(.acceptedAnswersOf, ["what": what])) else { return nil }
        guard !items.isEmpty, items.count <= Self.maximumAccepted else {
            reader.fail(node, .acceptedCount, ["what": what, "count": .of(items.count), "maximum": .of(Self.maximumAccepted)])
            return nil
        }
        var result: [String] = []
        var ok = true
        for item in items {
            guard let text = reader.string(item, .lesson(.anAcceptedAnswerOf, ["what": what])) else { ok = false; continue }
            if text.utf8.count > Self.maximumAcceptedBytes {
                reader.fail(item, .acceptedTooLong, ["what": what, "bytes": .of(text.utf8.count), "maximum": .of(Self.maximumAcceptedBytes)])
                ok = false
            } else if FillAnswer.normalized(text).isEmpty {
                reader.fail(item, .acceptedBlank, ["what": what])
                ok = false
            } else {
                result.append(text)
            }
        }
        return ok ? result : nil
    }

    private func items(_ node: Node?, _ parent: Node, _ what: Message.Value) -> [LocalizedText]? {
        guard let node else {
            reader.fail(parent, .needsItems, ["what": what])
            return nil
        }
        guard let nodes = reader.sequence(node, .lesson(.theKeyOf, ["key": "items", "what": what])) else { return nil }
        guard nodes.count >= 2, nodes.count <= Self.maximumChoices else {
            reader.fail(node, nodes.count == 1 ? .oneItem : .itemCount, ["what": what, "count": .of(nodes.count), "maximum": .of(Self.maximumChoices)])
            return nil
        }
        var result: [LocalizedText] = []
        var seen: Set<String> = []
        var ok = true
        for item in nodes {
            guard let text = reader.localized(item, .lesson(.anItemOf, ["what": what])) else { ok = false; continue }
            if !seen.insert(text.english).inserted {
                reader.fail(item, .itemListedTwice, ["item": .text(Shown.value(text.english)), "what": what])
                ok = false
            }
            result.append(text)
        }
        return ok ? result : nil
    }

    private func predictedStep(_ node: Node?, _ parent: Node, _ what: Message.Value) -> String? {
        guard let node else {
            reader.fail(parent, .needsPredictedStep, ["what": what])
            return nil
        }
        guard let step = reader.string(node, .lesson(.theKeyOf, ["key": "step", "what": what])) else { return nil }
        guard steps.contains(step) else {
            reader.fail(node, .noSuchStep, ["what": what, "step": .text(Shown.value(step)), "hint": .hint(for: step, in: steps)])
            return nil
        }
        return step
    }
}
