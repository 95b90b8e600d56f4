import Catalogue
import Foundation

/// The lessons of one directory, in the order `course.yaml` gives.
public struct LessonLibrary: Sendable {
    public var directory: URL
    public var lessons: [Lesson]

    public func lesson(id: String) -> Lesson? { lessons.first { $0.id == id } }
    public var ids: [String] { lessons.map(\.id) }

    /// Where lessons are looked for when `--lessons` is not given: the copy built beside the
    /// binary, then the source tree it was built from. Bundle.module is avoided on purpose:
    /// it ends the program when the bundle is missing, and we want a clear message instead.
    public static func defaultDirectories() -> [URL] {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            candidates.append(exe.deletingLastPathComponent().appendingPathComponent("SocketTutor_LessonKit.resources/Lessons"))
        }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(source.appendingPathComponent("Lessons"))
        return candidates
    }

    public static func locate(override: String?) throws(LessonErrors) -> URL {
        if let override {
            let url = URL(fileURLWithPath: override)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw LessonErrors([LessonError(file: override, line: 1, column: 1, .noLessonsDirectory)])
            }
            return url
        }
        let candidates = defaultDirectories()
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent("course.yaml").path) }) {
            return found
        }
        throw LessonErrors([LessonError(file: candidates.first?.path ?? "Lessons", line: 1, column: 1,
            .cannotFindLessons, ["places": .list(candidates.map { .text($0.path) }, joiner: .andList)])])
    }

    /// Loads `course.yaml` and every lesson it names, fully. All problems come back together.
    public static func load(directory: URL, displayPrefix: String? = nil) throws(LessonErrors) -> LessonLibrary {
        let lessons = try eachListed(in: directory, displayPrefix: displayPrefix) { LessonLoader.load(contentsOf: $0, displayPath: $1) }
        return LessonLibrary(directory: directory, lessons: lessons)
    }

    /// Reads `course.yaml`, then `read`s each lesson file it names, in order, gathering errors.
    static func eachListed<T>(in directory: URL, displayPrefix: String?,
                              _ read: (URL, String) -> Result<T, LessonErrors>) throws(LessonErrors) -> [T] {
        let shown = { (name: String) in (displayPrefix.map { $0 + "/" } ?? directory.path + "/") + name }
        let order = try Course.load(directory.appendingPathComponent("course.yaml"), displayPath: shown("course.yaml"))
        var results: [T] = []
        var errors: [LessonError] = []
        for entry in order {
            let url = directory.appendingPathComponent(entry.id + ".yaml")
            guard FileManager.default.fileExists(atPath: url.path) else {
                errors.append(LessonError(file: shown("course.yaml"), line: entry.line, column: entry.column,
                                          .lessonFileMissing, ["id": .text(entry.id), "file": .text(entry.id + ".yaml")]))
                continue
            }
            switch read(url, shown(entry.id + ".yaml")) {
            case .success(let item): results.append(item)
            case .failure(let e): errors += e.errors
            }
        }
        if !errors.isEmpty { throw LessonErrors(errors) }
        return results
    }
}

/// `Lessons/course.yaml`: the teaching order.
enum Course {
    struct Entry { var id: String; var line: Int; var column: Int }

    static func load(_ url: URL, displayPath: String) throws(LessonErrors) -> [Entry] {
        let reader = YAMLReader(file: displayPath)
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw LessonErrors([LessonError(file: displayPath, line: 1, column: 1, .cannotReadCourse)])
        }
        if let problem = TextPrescan.check(text) {
            throw LessonErrors([LessonError(file: displayPath, line: problem.line, column: problem.column, problem: problem.message)])
        }
        var entries: [Entry] = []
        if let root = reader.compose(text, plainScalars: true), let pairs = reader.mapping(root, .lesson(.theCourse), allowed: ["format_version", "lessons"]) {
            let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            if let v = fields["format_version"], let n = reader.integer(v, .key("format_version")), n != Lesson.formatVersion {
                reader.fail(v, .formatVersionUnsupported, ["version": .of(n), "supported": .of(Lesson.formatVersion)])
            } else if fields["format_version"] == nil {
                reader.fail(root, .missingKey, ["key": "format_version"])
            }
            if let list = fields["lessons"], let nodes = reader.sequence(list, .key("lessons")) {
                for node in nodes {
                    guard let id = reader.string(node, .lesson(.aLessonID)) else { continue }
                    // A name, never a path: "../outside" would load a file from anywhere.
                    guard NamePattern.id.matches(id) else {
                        reader.fail(node, .lessonIDNotAPath, ["id": .text(Shown.value(id))])
                        continue
                    }
                    if entries.contains(where: { $0.id == id }) { reader.fail(node, .lessonListedTwice, ["id": .text(Shown.value(id))]); continue }
                    entries.append(Entry(id: id, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1))
                }
            } else if fields["lessons"] == nil {
                reader.fail(root, .missingKey, ["key": "lessons"])
            }
        }
        if !reader.errors.isEmpty { throw LessonErrors(reader.errors) }
        return entries
    }
}
