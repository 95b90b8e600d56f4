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
            return .failure(LessonErrors([LessonError(file: shown, line: 1, column: 1, message: TextPrescan.tooLarge(Int(info.st_size)))]))
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return .failure(LessonErrors([LessonError(file: shown, line: 1, column: 1, message: "cannot read the file")]))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(LessonErrors([LessonError(file: shown, line: 1, column: 1, message: "the file is not UTF-8 text")]))
        }
        return .success(text)
    }

    /// Parses lesson text. `expectedID`, when given, must equal the lesson's id.
    public static func parse(_ text: String, file: String, expectedID: String? = nil) -> Result<Lesson, LessonErrors> {
        let reader = YAMLReader(file: file)
        if let problem = TextPrescan.check(text) {
            return .failure(LessonErrors([LessonError(file: file, line: problem.line, column: problem.column, message: problem.message)]))
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
        guard let pairs = reader.mapping(root, "the lesson", allowed: Self.topKeys) else { return nil }
        let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let head = headerFields(fields, root: root, expectedID: expectedID, required: ["id", "title", "summary"]),
              let title = head.title, let summary = head.summary else { return nil }
        return (head.id, title, summary)
    }

    func lesson(_ root: Node, expectedID: String?) -> Lesson? {
        guard let pairs = reader.mapping(root, "the lesson", allowed: Self.topKeys) else { return nil }
        let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let (id, title, summary) = headerFields(fields, root: root, expectedID: expectedID,
                                                      required: ["id", "title", "summary", "actors", "sections"]) else { return nil }
        let actors = fields["actors"].flatMap { actorList($0) } ?? []
        var context = StepContext(reader: reader, actors: actors)
        var sections: [LessonSection] = []
        if let sectionsNode = fields["sections"], let nodes = reader.sequence(sectionsNode, "sections") {
            if nodes.isEmpty { reader.fail(sectionsNode, "a lesson needs at least one section") }
            var seen: Set<String> = []
            for node in nodes {
                guard let section = section(node, context: &context) else { continue }
                if !seen.insert(section.id).inserted { reader.fail(node, "section id '\(Shown.value(section.id))' is used twice") }
                sections.append(section)
            }
        }
        var hostNetwork = false
        if let node = fields["network"] {
            switch reader.string(node, "network") {
            case "host"?: hostNetwork = true
            case "private"?: break
            case let other?: reader.fail(node, "network must be 'host' or 'private', not '\(Shown.value(other))'")
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
            reader.fail(root, "missing 'format_version' (this sockettutor reads format_version \(Lesson.formatVersion))")
            return nil
        }
        guard let version = reader.integer(versionNode, "format_version") else { return nil }
        guard version == Lesson.formatVersion else {
            reader.fail(versionNode, "format_version \(version) is not supported (this sockettutor reads \(Lesson.formatVersion))")
            return nil
        }
        for key in required where fields[key] == nil {
            reader.fail(root, "missing '\(key)'")
        }
        let id = fields["id"].flatMap { reader.string($0, "id") } ?? ""
        if let idNode = fields["id"], !id.isEmpty {
            if !NamePattern.id.matches(id) {
                reader.fail(idNode, "lesson id '\(Shown.value(id))' must be lower-case letters, digits and dashes")
            } else if let expectedID, id != expectedID {
                reader.fail(idNode, "lesson id '\(Shown.value(id))' does not match the file name '\(expectedID).yaml'")
            }
        }
        let title = fields["title"].flatMap { reader.localized($0, "title") }
        let summary = fields["summary"].flatMap { reader.localized($0, "summary") }
        return (id, title, summary)
    }

    func actorList(_ node: Node) -> [String]? {
        guard let nodes = reader.sequence(node, "actors") else { return nil }
        var actors: [String] = []
        for item in nodes {
            guard let name = reader.string(item, "an actor") else { continue }
            if !NamePattern.actor.matches(name) {
                reader.fail(item, "actor name '\(Shown.value(name))' must be lower-case letters, digits and dashes")
            } else if actors.contains(name) {
                reader.fail(item, "actor '\(Shown.value(name))' is listed twice")
            } else {
                actors.append(name)
            }
        }
        if actors.isEmpty { reader.fail(node, "a lesson needs at least one actor") }
        return actors
    }

    func section(_ node: Node, context: inout StepContext) -> LessonSection? {
        guard let pairs = reader.mapping(node, "a section", allowed: Self.sectionKeys) else { return nil }
        let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let idNode = fields["id"], let id = reader.string(idNode, "section id") else {
            reader.fail(node, "a section needs an 'id'")
            return nil
        }
        if !NamePattern.id.matches(id) {
            reader.fail(idNode, "section id '\(Shown.value(id))' must be lower-case letters, digits and dashes")
        }
        guard let textNode = fields["text"] else {
            reader.fail(node, "section '\(Shown.value(id))' needs a 'text'")
            return nil
        }
        let text = reader.localized(textNode, "text of section '\(Shown.value(id))'")
        // A section's text comes before its steps: it may use what earlier sections bound.
        if let text { context.checkPlaceholders(text, textNode, what: "the text of section '\(Shown.value(id))'") }
        let title = fields["title"].flatMap { reader.localized($0, "title of section '\(Shown.value(id))'") }
        var steps: [LessonStep] = []
        if let stepsNode = fields["steps"], let nodes = reader.sequence(stepsNode, "steps of section '\(Shown.value(id))'") {
            for stepNode in nodes {
                if let step = context.step(stepNode) { steps.append(step) }
            }
        }
        guard let text else { return nil }
        return LessonSection(id: id, title: title, text: text, steps: steps)
    }
}
