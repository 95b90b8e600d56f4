import Catalogue
import Yams

/// Walks a composed YAML tree and collects every problem with its position, so that one
/// run of the loader (or lint) tells an author all that is wrong with a file.
final class YAMLReader {
    let file: String
    private(set) var errors: [LessonError] = []
    /// Every learner-facing text read, with its position (for lint's language check).
    private(set) var texts: [PlacedText] = []

    init(file: String) { self.file = file }

    func fail(_ node: Node?, _ problem: LessonProblem, _ values: [String: Message.Value] = [:]) {
        let mark = node?.mark
        errors.append(LessonError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, problem, values))
    }

    func fail(line: Int, column: Int, _ problem: LessonProblem, _ values: [String: Message.Value] = [:]) {
        errors.append(LessonError(file: file, line: line, column: column, problem, values))
    }

    /// Parses the text; a syntax error becomes one positioned error. `plainScalars`: resolve
    /// no tags (every scalar a string, numbers still read by `integer`): for the headers
    /// read at start-up, where the default resolver's regular expressions cost more than
    /// the parse itself. The full parse keeps YAML's usual types.
    func compose(_ text: String, plainScalars: Bool = false) -> Node? {
        do {
            // The encoding given, not `.default`: that one reads the whole environment on every call.
            guard let node = try Yams.compose(yaml: text, plainScalars ? .basic : .default, .default, .utf8) else {
                fail(line: 1, column: 1, .fileEmpty)
                return nil
            }
            return node
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _),
                 .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                if let context {
                    fail(line: mark.line, column: mark.column, .yamlSyntaxIn, ["context": Self.libraryWords(context.text), "problem": Self.libraryWords(problem)])
                } else {
                    fail(line: mark.line, column: mark.column, .yamlSyntax, ["problem": Self.libraryWords(problem)])
                }
            case .duplicatedKeysInMapping(let duplicates, let context):
                fail(line: context.mark.line, column: context.mark.column,
                     .duplicateKeys, ["keys": .list(duplicates.map { .quoted(Shown.value($0)) })])
            case .reader(let problem, _, _, _):
                fail(line: 1, column: 1, .cannotReadAsText, ["problem": .text("\(problem)")])
            default:
                fail(line: 1, column: 1, .yamlOther, ["error": .of(error)])
            }
            return nil
        } catch {
            fail(line: 1, column: 1, .yamlOther, ["error": .text("\(error)")])
            return nil
        }
    }

    /// The YAML library's words for a syntax error, from the catalogue when it has them (its
    /// English is the library's text exactly); any other stays as the library wrote it.
    static func libraryWords(_ text: String) -> Message.Value {
        libraryProblems[text].map { .lesson($0) } ?? .text(text)
    }

    static let libraryProblems: [String: LessonProblem] = Dictionary(
        LessonProblem.allCases.filter { $0.rawValue.hasPrefix("libyaml") }.map { ($0.template(.en), $0) }, uniquingKeysWith: { a, _ in a })

    /// The pairs of a mapping, keys as strings; reports keys outside `allowed` (when given).
    func mapping(_ node: Node, _ what: Message.Value, allowed: [String]? = nil) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            fail(node, .mustBeMapping, ["what": what])
            return nil
        }
        var result: [(String, Node, Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                fail(keyNode, .keysMustBeStrings)
                continue
            }
            if let allowed, !allowed.contains(key) {
                fail(keyNode, .unknownKey, ["key": .text(Shown.value(key)), "what": what, "hint": .hint(for: key, in: allowed)])
                continue
            }
            result.append((key, keyNode, value))
        }
        return result.map { (key: $0.0, keyNode: $0.1, value: $0.2) }
    }

    func sequence(_ node: Node, _ what: Message.Value) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            fail(node, .mustBeList, ["what": what])
            return nil
        }
        return Array(sequence)
    }

    func string(_ node: Node, _ what: Message.Value) -> String? {
        guard case .scalar(let scalar) = node else {
            fail(node, .mustBeSingleValue, ["what": what])
            return nil
        }
        return scalar.string
    }

    func integer(_ node: Node, _ what: Message.Value) -> Int? {
        // Plain decimal first: Yams's general reader (hex, octal, `1_000`) goes through
        // NSString, a cost paid for every header at start-up.
        guard case .scalar(let scalar) = node, let value = scalar.style == .plain ? Int(scalar.string) ?? node.int : node.int else {
            fail(node, .mustBeWholeNumber, ["what": what])
            return nil
        }
        return value
    }

    /// A plain string (English) or `{en: …, zh: …}`; English is required.
    func localized(_ node: Node, _ what: Message.Value) -> LocalizedText? {
        let text = localizedText(node, what)
        if let text { texts.append(PlacedText(what: what, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, text: text)) }
        return text
    }

    private func localizedText(_ node: Node, _ what: Message.Value) -> LocalizedText? {
        if case .scalar(let scalar) = node { return LocalizedText(scalar.string) }
        guard let pairs = mapping(node, what) else { return nil }
        var translations: [String: String] = [:]
        for pair in pairs {
            guard NamePattern.isLanguageCode(pair.key) else {
                fail(pair.keyNode, .notLanguageCode, ["key": .text(Shown.value(pair.key)), "what": what])
                continue
            }
            if let text = string(pair.value, .lesson(.translationOf, ["what": what, "language": .text(pair.key)])) { translations[pair.key] = text }
        }
        guard translations["en"] != nil else {
            fail(node, .noEnglishText, ["what": what])
            return nil
        }
        return LocalizedText(translations: translations)
    }
}
