import Catalogue
import Crypto
import Foundation
import Glibc
import Yams

/// Reads a lesson file into a `Lesson`, or reports every problem in it.
public enum LessonLoader {
    /// Loads `url`; `displayPath` is how errors name the file (`Lessons/x.yaml`).
    public static func load(contentsOf url: URL, displayPath: String? = nil) -> Result<Lesson, LessonErrors> {
        let shown = displayPath ?? url.path
        switch readText(url, shown: shown) {
        case .failure(let e): return .failure(e)
        case .success(let text): return parse(text, file: shown, expectedID: url.deletingPathExtension().lastPathComponent)
        }
    }

    /// Reads only what a menu needs: the part of the file before its top-level `sections:`,
    /// through the same checks as `load` for those fields. Whenever that part alone does not
    /// give a clean header (odd key order, an error in it), the whole file is parsed instead,
    /// so the errors reported are exactly the full parse's.
    public static func loadHeader(contentsOf url: URL, displayPath: String? = nil) -> Result<LessonHeader, LessonErrors> {
        let shown = displayPath ?? url.path
        let text: String
        switch readText(url, shown: shown) {
        case .failure(let e): return .failure(e)
        case .success(let t): text = t
        }
        let expectedID = url.deletingPathExtension().lastPathComponent
        // Top-level keys start at column 0; the lines of a block scalar under them never do.
        let prefix = headerPrefix(text)
        let reader = YAMLReader(file: shown)
        if TextPrescan.check(prefix) == nil, let root = reader.compose(prefix, plainScalars: true),
           let header = LessonBuilder(reader: reader).header(root, expectedID: expectedID), reader.errors.isEmpty {
            return .success(LessonHeader(id: header.id, title: header.title, summary: header.summary, url: url, displayPath: shown))
        }
        return parse(text, file: shown, expectedID: expectedID).map {
            LessonHeader(id: $0.id, title: $0.title, summary: $0.summary, url: url, displayPath: shown)
        }
    }

    /// The text before the top-level `sections:` key (found on bytes: Foundation's
    /// `range(of:)` bridges through NSString, a cost paid per lesson at start-up).
    static func headerPrefix(_ text: String) -> String {
        let bytes = text.utf8
        let key = Array("sections:".utf8)
        var lineStart = bytes.startIndex
        while lineStart < bytes.endIndex {
            if bytes[lineStart...].starts(with: key) { return String(text[..<lineStart]) }
            guard let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            lineStart = bytes.index(after: newline)
        }
        return text
    }

    private static func readText(_ url: URL, shown: String) -> Result<String, LessonErrors> {
        // stat(), not FileManager.attributesOfItem: that one also looks up the owner's name
        // (getpwuid: a hidden connect to nscd that strace would show beside the lesson's calls).
        var info = stat()
        if stat(url.path, &info) == 0, Int(info.st_size) > TextPrescan.maximumBytes {
            return .failure(LessonErrors([LessonError(file: shown, line: 1, column: 1, problem: TextPrescan.tooLarge(Int(info.st_size)))]))
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return .failure(LessonErrors([LessonError(file: shown, line: 1, column: 1, .cannotReadFile)]))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(LessonErrors([LessonError(file: shown, line: 1, column: 1, .notUTF8)]))
        }
        return .success(text)
    }

    /// Parses lesson text. `expectedID`, when given, must equal the lesson's id.
    public static func parse(_ text: String, file: String, expectedID: String? = nil) -> Result<Lesson, LessonErrors> {
        let reader = YAMLReader(file: file)
        if let problem = TextPrescan.check(text) {
            return .failure(LessonErrors([LessonError(file: file, line: problem.line, column: problem.column, problem: problem.message)]))
        }
        guard let root = reader.compose(text) else { return .failure(LessonErrors(reader.errors)) }
        let lesson = LessonBuilder(reader: reader).lesson(root, expectedID: expectedID)
        if var lesson, reader.errors.isEmpty {
            lesson.texts = reader.texts
            lesson.sourceHash = "sha256:" + SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
            return .success(lesson)
        }
        return .failure(LessonErrors(reader.errors))
    }
}

/// The lesson file's structure, one level at a time.
struct LessonBuilder {
    let reader: YAMLReader
    static let topKeys = ["format_version", "id", "title", "summary", "actors", "network", "sections", "quiz"]
    static let sectionKeys = ["id", "title", "text", "steps"]
    /// \A…\z, not ^…$: `$` also matches before a final newline ("intro\n" would pass).

    /// id, title and summary only, with the same checks `lesson` makes on them.
    func header(_ root: Node, expectedID: String?) -> (id: String, title: LocalizedText, summary: LocalizedText)? {
        guard let pairs = reader.mapping(root, .lesson(.theLesson), allowed: Self.topKeys) else { return nil }
        let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let head = headerFields(fields, root: root, expectedID: expectedID, required: ["id", "title", "summary"]),
              let title = head.title, let summary = head.summary else { return nil }
        return (head.id, title, summary)
    }

    func lesson(_ root: Node, expectedID: String?) -> Lesson? {
        guard let pairs = reader.mapping(root, .lesson(.theLesson), allowed: Self.topKeys) else { return nil }
        let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let (id, title, summary) = headerFields(fields, root: root, expectedID: expectedID,
                                                      required: ["id", "title", "summary", "actors", "sections"]) else { return nil }
        let actors = fields["actors"].flatMap { actorList($0) } ?? []
        var context = StepContext(reader: reader, actors: actors)
        var sections: [LessonSection] = []
        if let sectionsNode = fields["sections"], let nodes = reader.sequence(sectionsNode, .key("sections")) {
            if nodes.isEmpty { reader.fail(sectionsNode, .needsASection) }
            var seen: Set<String> = []
            for node in nodes {
                guard let section = section(node, context: &context) else { continue }
                if !seen.insert(section.id).inserted { reader.fail(node, .idUsedTwice, ["what": .lesson(.sectionID), "id": .text(Shown.value(section.id))]) }
                sections.append(section)
            }
        }
        var hostNetwork = false
        if let node = fields["network"] {
            switch reader.string(node, .key("network")) {
            case "host"?: hostNetwork = true
            case "private"?: break
            case let other?: reader.fail(node, .networkHostOrPrivate, ["value": .text(Shown.value(other))])
            case nil: break
            }
        }
        let quiz = fields["quiz"].map { QuizBuilder(reader: reader, steps: sections.flatMap(\.steps).map(\.id)).questions($0) } ?? []
        guard let title, let summary else { return nil }
        var lesson = Lesson(id: id, title: title, summary: summary, actors: actors, sections: sections, file: reader.file)
        lesson.hostNetwork = hostNetwork
        lesson.quiz = quiz
        return lesson
    }

    private func headerFields(_ fields: [String: Node], root: Node, expectedID: String?, required: [String])
        -> (id: String, title: LocalizedText?, summary: LocalizedText?)? {
        guard let versionNode = fields["format_version"] else {
            reader.fail(root, .missingFormatVersion, ["version": .of(Lesson.formatVersion)])
            return nil
        }
        guard let version = reader.integer(versionNode, .key("format_version")) else { return nil }
        guard version == Lesson.formatVersion else {
            reader.fail(versionNode, .formatVersionUnsupported, ["version": .of(version), "supported": .of(Lesson.formatVersion)])
            return nil
        }
        for key in required where fields[key] == nil {
            reader.fail(root, .missingKey, ["key": .text(key)])
        }
        let id = fields["id"].flatMap { reader.string($0, .key("id")) } ?? ""
        if let idNode = fields["id"], !id.isEmpty {
            if !NamePattern.id.matches(id) {
                reader.fail(idNode, .lessonIDShape, ["id": .text(Shown.value(id))])
            } else if let expectedID, id != expectedID {
                reader.fail(idNode, .lessonIDNotFileName, ["id": .text(Shown.value(id)), "file": .text(expectedID + ".yaml")])
            }
        }
        let title = fields["title"].flatMap { reader.localized($0, .key("title")) }
        let summary = fields["summary"].flatMap { reader.localized($0, .key("summary")) }
        return (id, title, summary)
    }

    func actorList(_ node: Node) -> [String]? {
        guard let nodes = reader.sequence(node, .key("actors")) else { return nil }
        var actors: [String] = []
        for item in nodes {
            guard let name = reader.string(item, .lesson(.anActor)) else { continue }
            if !NamePattern.actor.matches(name) {
                reader.fail(item, .actorNameShape, ["name": .text(Shown.value(name))])
            } else if actors.contains(name) {
                reader.fail(item, .actorListedTwice, ["name": .text(Shown.value(name))])
            } else {
                actors.append(name)
            }
        }
        if actors.isEmpty { reader.fail(node, .needsAnActor) }
        return actors
    }

    func section(_ node: Node, context: inout StepContext) -> LessonSection? {
        guard let pairs = reader.mapping(node, .lesson(.aSection), allowed: Self.sectionKeys) else { return nil }
        let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let idNode = fields["id"], let id = reader.string(idNode, .lesson(.sectionID)) else {
            reader.fail(node, .needsKeyAn, ["what": .lesson(.aSection), "key": "id"])
            return nil
        }
        if !NamePattern.id.matches(id) {
            reader.fail(idNode, .idShape, ["what": .lesson(.sectionID), "id": .text(Shown.value(id))])
        }
        let section: Message.Value = .lesson(.sectionNamed, ["id": .text(Shown.value(id))])
        guard let textNode = fields["text"] else {
            reader.fail(node, .needsKeyA, ["what": section, "key": "text"])
            return nil
        }
        let text = reader.localized(textNode, .lesson(.keyOf, ["key": "text", "what": section]))
        // A section's text comes before its steps: it may use what earlier sections bound.
        if let text { context.checkPlaceholders(text, textNode, what: .lesson(.theKeyOf, ["key": "text", "what": section])) }
        let title = fields["title"].flatMap { reader.localized($0, .lesson(.keyOf, ["key": "title", "what": section])) }
        var steps: [LessonStep] = []
        if let stepsNode = fields["steps"], let nodes = reader.sequence(stepsNode, .lesson(.keyOf, ["key": "steps", "what": section])) {
            for stepNode in nodes {
                if let step = context.step(stepNode) { steps.append(step) }
            }
        }
        guard let text else { return nil }
        return LessonSection(id: id, title: title, text: text, steps: steps)
    }
}
