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
        guard let nodes = reader.sequence(node, "quiz") else { return [] }
        if nodes.count > Self.maximumQuestions {
            reader.fail(node, "the quiz has \(nodes.count) questions; a lesson may have at most \(Self.maximumQuestions)")
            return []
        }
        var questions: [QuizQuestion] = []
        var ids: Set<String> = []
        var predictedSteps: [String: String] = [:]
        for item in nodes {
            guard let (question, idNode) = question(item) else { continue }
            if !ids.insert(question.id).inserted {
                reader.fail(idNode, "question id '\(Shown.value(question.id))' is used twice in this lesson")
                continue
            }
            if let step = question.predictedStep {
                if let earlier = predictedSteps[step] {
                    reader.fail(idNode, "step '\(Shown.value(step))' already has a predict question ('\(earlier)'); one is asked before a step")
                    continue
                }
                predictedSteps[step] = question.id
            }
            questions.append(question)
        }
        return questions
    }

    private func question(_ node: Node) -> (QuizQuestion, Node)? {
        guard let pairs = reader.mapping(node, "a question") else { return nil }
        let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let idNode = fields["id"], let id = reader.string(idNode, "question id") else {
            reader.fail(node, "a question needs an 'id'")
            return nil
        }
        guard NamePattern.id.matches(id) else {
            reader.fail(idNode, "question id '\(Shown.value(id))' must be lower-case letters, digits and dashes")
            return nil
        }
        let what = "question '\(id)'"
        var type: String?
        if let typeNode = fields["type"], let name = reader.string(typeNode, "type of \(what)") {
            if Self.types.contains(name) {
                type = name
            } else {
                reader.fail(typeNode, "\(what): unknown type '\(Shown.value(name))' (one of \(Self.types.joined(separator: ", ")))\(Suggestion.hint(for: name, in: Self.types))")
            }
        } else if fields["type"] == nil {
            reader.fail(node, "\(what) needs a 'type' (\(Self.types.joined(separator: ", ")))")
        }
        // Unknown keys, against what this type takes (or any type, when it is not known).
        let allowed = Self.commonKeys + (type.flatMap { Self.typeKeys[$0] } ?? Array(Set(Self.typeKeys.values.joined())).sorted())
        for pair in pairs where !allowed.contains(pair.key) {
            let takes = type.map { " (a \($0) question takes \(allowed.joined(separator: ", ")))" } ?? ""
            reader.fail(pair.keyNode, "unknown key '\(Shown.value(pair.key))' in \(what)\(takes)\(Suggestion.hint(for: pair.key, in: allowed))")
        }
        let questionText = required("question", fields, node, what)
        let explanation = required("explanation", fields, node, what)
        let hint = fields["hint"].flatMap { reader.localized($0, "hint of \(what)") }
        guard let type, let kind = kind(type, fields, node, what) else { return nil }
        guard let questionText, let explanation else { return nil }
        let question = QuizQuestion(id: id, question: questionText, explanation: explanation, hint: hint, kind: kind,
                                    line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        return (question, idNode)
    }

    private func required(_ key: String, _ fields: [String: Node], _ node: Node, _ what: String) -> LocalizedText? {
        guard let value = fields[key] else {
            reader.fail(node, "\(what) needs \(key == "explanation" ? "an" : "a") '\(key)'")
            return nil
        }
        guard let text = reader.localized(value, "\(key) of \(what)") else { return nil }
        if text.english.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            reader.fail(value, "the \(key) of \(what) is empty")
            return nil
        }
        return text
    }

    private func kind(_ type: String, _ fields: [String: Node], _ node: Node, _ what: String) -> QuizQuestion.Kind? {
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
                reader.fail(node, "\(what) needs an 'answer' (true or false)")
                return nil
            }
            // Only the words true and false: YAML would also read yes, no, on and off.
            guard case .scalar(let scalar) = answerNode, scalar.style == .plain || scalar.style == .any,
                  scalar.string == "true" || scalar.string == "false" else {
                reader.fail(answerNode, "the answer of \(what) must be true or false")
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
    private func choices(_ fields: [String: Node], _ node: Node, _ what: String, predict: Bool) -> [QuizChoice]? {
        guard let choicesNode = fields["choices"] else {
            reader.fail(node, "\(what) needs 'choices' (a mapping like a: …, b: …)")
            return nil
        }
        guard let pairs = reader.mapping(choicesNode, "the choices of \(what)") else { return nil }
        guard pairs.count >= 2, pairs.count <= Self.maximumChoices else {
            reader.fail(choicesNode, "\(what) has \(pairs.count) choice\(pairs.count == 1 ? "" : "s"); it needs 2 to \(Self.maximumChoices)")
            return nil
        }
        var result: [QuizChoice] = []
        var texts: [String: String] = [:]
        var outcomes: [PredictedOutcome: String] = [:]
        var ok = true
        for pair in pairs {
            guard NamePattern.choiceKey.matches(pair.key) else {
                reader.fail(pair.keyNode, "choice key '\(Shown.value(pair.key))' of \(what) must be a short name: lower-case letters, digits and dashes (like a, b, c)")
                ok = false
                continue
            }
            let label = "choice '\(pair.key)' of \(what)"
            var outcome: PredictedOutcome?
            let text: LocalizedText?
            if predict {
                guard let parts = reader.mapping(pair.value, label + " (a mapping: text, outcome)", allowed: Self.choiceKeys) else { ok = false; continue }
                let part = Dictionary(parts.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
                text = part["text"].flatMap { reader.localized($0, "text of \(label)") }
                if part["text"] == nil { reader.fail(pair.value, "\(label) needs a 'text'") }
                if let outcomeNode = part["outcome"] {
                    outcome = predictedOutcome(outcomeNode, label)
                    if let outcome, let other = outcomes[outcome] {
                        reader.fail(outcomeNode, "\(label) has the same outcome as choice '\(other)' (\(outcome)); each outcome may be offered once")
                        ok = false
                    } else if let outcome {
                        outcomes[outcome] = pair.key
                    }
                } else {
                    reader.fail(pair.value, "\(label) needs an 'outcome' (returns, blocks, eof, timeout, bytes N or an errno name like ECONNREFUSED)")
                }
                if outcome == nil { ok = false }
            } else {
                text = reader.localized(pair.value, label)
            }
            guard let text else { ok = false; continue }
            if let other = texts[text.english] {
                reader.fail(pair.value, "\(label) has the same text as choice '\(other)'")
                ok = false
            }
            texts[text.english] = pair.key
            result.append(QuizChoice(key: pair.key, text: text, outcome: outcome))
        }
        return ok ? result : nil
    }

    private func predictedOutcome(_ node: Node, _ label: String) -> PredictedOutcome? {
        guard let text = reader.string(node, "outcome of \(label)") else { return nil }
        guard let outcome = PredictedOutcome(text: text) else {
            reader.fail(node, "\(label): unknown outcome '\(Shown.value(text))' (returns, blocks, eof, timeout, bytes N or an errno name like ECONNREFUSED)\(Suggestion.hint(for: text, in: ["returns", "blocks", "eof", "timeout"]))")
            return nil
        }
        if case .error(let name) = outcome, ErrnoValue.code(named: name) == nil {
            reader.fail(node, "\(label): unknown errno name '\(Shown.value(name))'\(Suggestion.hint(for: name, in: ErrnoValue.knownNames))")
            return nil
        }
        return outcome
    }

    private func answerKey(_ node: Node?, _ parent: Node, _ what: String, choices: [QuizChoice], required: Bool) -> String? {
        guard let node else {
            if required { reader.fail(parent, "\(what) needs an 'answer': the key of the right choice") }
            return nil
        }
        guard let key = reader.string(node, "the answer of \(what)") else { return nil }
        let keys = choices.map(\.key)
        guard keys.contains(key) else {
            reader.fail(node, "the answer '\(Shown.value(key))' of \(what) is not one of its choices (\(keys.joined(separator: ", ")))\(Suggestion.hint(for: key, in: keys))")
            return nil
        }
        return key
    }

    private func answerKeys(_ node: Node?, _ parent: Node, _ what: String, choices: [QuizChoice]) -> Set<String>? {
        guard let node else {
            reader.fail(parent, "\(what) needs 'answers': a list of the right choices' keys")
            return nil
        }
        guard let items = reader.sequence(node, "the answers of \(what)") else { return nil }
        if items.isEmpty {
            reader.fail(node, "\(what) needs at least one right answer")
            return nil
        }
        var keys: Set<String> = []
        var ok = true
        for item in items {
            guard let key = answerKey(item, node, what, choices: choices, required: true) else { ok = false; continue }
            if !keys.insert(key).inserted {
                reader.fail(item, "the answer '\(key)' of \(what) is listed twice")
                ok = false
            }
        }
        return ok ? keys : nil
    }

    private func accepted(_ node: Node?, _ parent: Node, _ what: String) -> [String]? {
        guard let node else {
            reader.fail(parent, "\(what) needs 'accept': a list of the answers to accept")
            return nil
        }
        guard let items = reader.sequence(node, "the accepted answers of \(what)") else { return nil }
        guard !items.isEmpty, items.count <= Self.maximumAccepted else {
            reader.fail(node, "\(what) has \(items.count) accepted answers; it needs 1 to \(Self.maximumAccepted)")
            return nil
        }
        var result: [String] = []
        var ok = true
        for item in items {
            guard let text = reader.string(item, "an accepted answer of \(what)") else { ok = false; continue }
            if text.utf8.count > Self.maximumAcceptedBytes {
                reader.fail(item, "an accepted answer of \(what) is \(text.utf8.count) bytes; at most \(Self.maximumAcceptedBytes)")
                ok = false
            } else if FillAnswer.normalized(text).isEmpty {
                reader.fail(item, "an accepted answer of \(what) is empty once spaces are removed")
                ok = false
            } else {
                result.append(text)
            }
        }
        return ok ? result : nil
    }

    private func items(_ node: Node?, _ parent: Node, _ what: String) -> [LocalizedText]? {
        guard let node else {
            reader.fail(parent, "\(what) needs 'items': a list in the right order")
            return nil
        }
        guard let nodes = reader.sequence(node, "the items of \(what)") else { return nil }
        guard nodes.count >= 2, nodes.count <= Self.maximumChoices else {
            reader.fail(node, "\(what) has \(nodes.count) item\(nodes.count == 1 ? "" : "s"); an order question needs 2 to \(Self.maximumChoices)")
            return nil
        }
        var result: [LocalizedText] = []
        var seen: Set<String> = []
        var ok = true
        for item in nodes {
            guard let text = reader.localized(item, "an item of \(what)") else { ok = false; continue }
            if !seen.insert(text.english).inserted {
                reader.fail(item, "the item '\(Shown.value(text.english))' of \(what) is listed twice; an order needs distinct items")
                ok = false
            }
            result.append(text)
        }
        return ok ? result : nil
    }

    private func predictedStep(_ node: Node?, _ parent: Node, _ what: String) -> String? {
        guard let node else {
            reader.fail(parent, "\(what) needs a 'step': the id of the step it predicts")
            return nil
        }
        guard let step = reader.string(node, "the step of \(what)") else { return nil }
        guard steps.contains(step) else {
            reader.fail(node, "\(what): no step '\(Shown.value(step))' in this lesson\(Suggestion.hint(for: step, in: steps))")
            return nil
        }
        return step
    }
}
