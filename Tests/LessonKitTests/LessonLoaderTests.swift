import Foundation
import Testing
@testable import LessonKit

@Suite struct LessonLoaderTests {
    static let header = """
    format_version: 1
    id: demo
    title: Demo
    summary: A demo.
    actors: [server, client]
    sections:
      - id: one
        text: Hello.
        steps:

    """

    /// A lesson whose steps are `steps`, indented under the first section.
    static func lesson(_ steps: String) -> String {
        header + steps.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n") + "\n"
    }

    static let socketStep = """
    - id: s
      actor: server
      call: socket
      as: s
    """

    func errors(_ text: String) -> [String] {
        switch LessonLoader.parse(text, file: "Lessons/demo.yaml", expectedID: "demo") {
        case .success: return []
        case .failure(let e): return e.errors.map(\.description)
        }
    }

    @Test func aWellFormedLessonLoads() throws {
        let text = Self.lesson(Self.socketStep + """

        - id: b
          actor: server
          call: bind
          fd: $s
          address: 127.0.0.1:0
          note: {en: Bind it., zh: 绑定它。}
        """)
        let lesson = try LessonLoader.parse(text, file: "Lessons/demo.yaml", expectedID: "demo").get()
        #expect(lesson.steps.map(\.id) == ["s", "b"])
        #expect(lesson.steps[1].arguments["fd"] == .reference(name: "s", field: nil))
        #expect(lesson.steps[1].note?.resolved("zh") == "绑定它。")
        #expect(lesson.steps[1].note?.resolved("fr") == "Bind it.")
        #expect(lesson.steps[0].arguments["family"] == .family(.inet), "defaults are filled in")
    }

    /// Each broken file and the exact message an author sees, with its line and column.
    @Test(arguments: [
        (lesson("- id: s\n  actor: server\n  call: acept\n  as: s"),
         "Lessons/demo.yaml:12:15: unknown call 'acept' (did you mean 'accept'?)"),
        (lesson("- id: s\n  actor: sever\n  call: socket\n  as: s"),
         "Lessons/demo.yaml:11:16: unknown actor 'sever' (this lesson's actors: server, client) (did you mean 'server'?)"),
        (lesson(socketStep + "\n- id: b\n  actor: server\n  call: bind\n  fd: $s\n  address: 127.0.0.1:8080"),
         "Lessons/demo.yaml:18:18: 'address' of bind: lessons bind to port 0 and let the kernel choose (got port 8080)"),
        (lesson(socketStep + "\n- id: b\n  actor: server\n  call: bind\n  fd: $s\n  address: 192.168.1.5:0"),
         "Lessons/demo.yaml:18:18: 'address' of bind: 192.168.1.5:0 is not a loopback address; lessons stay on 127.0.0.1 or ::1"),
        (lesson(socketStep + "\n- id: b\n  actor: server\n  call: bind\n  fd: $sock\n  address: 127.0.0.1:0"),
         "Lessons/demo.yaml:17:13: '$sock' does not name an earlier result"),
        (lesson(socketStep + "\n- id: b\n  actor: client\n  call: close\n  fd: $s"),
         "Lessons/demo.yaml:17:13: '$s' is a socket of server; client cannot use it (each actor stands for a separate program)"),
        (lesson(socketStep + "\n- id: b\n  actor: server\n  call: listen\n  fd: $s\n  backlg: 5"),
         "Lessons/demo.yaml:18:9: 'listen' has no argument 'backlg' (it takes fd, backlog) (did you mean 'backlog'?)"),
        (lesson(socketStep + "\n- id: b\n  actor: server\n  call: bind\n  address: 127.0.0.1:0"),
         "Lessons/demo.yaml:14:9: step 'b': 'bind' needs 'fd'"),
        (lesson("- id: s\n  actor: server\n  call: socket"),
         "Lessons/demo.yaml:10:9: step 's': give the result of 'socket' a name with 'as:' so later steps can use it"),
        (lesson(socketStep + "\n- id: s\n  actor: server\n  call: close\n  fd: $s"),
         "Lessons/demo.yaml:14:13: step id 's' is used twice"),
        (lesson(socketStep + "\n- id: c\n  actor: server\n  call: close\n  fd: $s\n  expect: EWHAT"),
         "Lessons/demo.yaml:18:17: unknown errno name 'EWHAT'"),
        (lesson(socketStep + "\n- id: c\n  actor: server\n  call: shutdown\n  fd: $s\n  how: SHUT_WRITE"),
         "Lessons/demo.yaml:18:14: unknown shutdown mode 'SHUT_WRITE' (did you mean 'SHUT_WR'?)"),
        (lesson("- id: s\n  actor: server\n  call: socket\n  family: AF_INTE\n  as: s"),
         "Lessons/demo.yaml:13:17: 'family' of socket: address family 'AF_INTE' is not one a lesson may use (AF_UNIX, AF_INET, AF_INET6, AF_IPX) (did you mean 'AF_INET'?)"),
        (lesson(socketStep + "\n- id: c\n  actor: server\n  call: connect\n  fd: $s\n  address: localhost:80"),
         "Lessons/demo.yaml:18:18: 'address' of connect: 'localhost:80' is not an address like 127.0.0.1:0, [::1]:0 or unix:NAME (host names are not allowed: looking them up opens sockets of its own)"),
        (lesson(socketStep + "\n- id: b\n  actor: server\n  call: bind\n  fd: $s\n  address: unix:../escape.sock"),
         "Lessons/demo.yaml:18:18: 'address' of bind: unix:../escape.sock must be a plain file name; it is made inside the lesson's private directory"),
    ])
    func brokenStepsAreReportedWhereTheyAre(text: String, message: String) {
        #expect(errors(text) == [message])
    }

    @Test(arguments: [
        ("format_version: 2\nid: demo\n", "Lessons/demo.yaml:1:17: format_version 2 is not supported (this sockettutor reads 1)"),
        ("id: demo\n", "Lessons/demo.yaml:1:1: missing 'format_version' (this sockettutor reads format_version 1)"),
        ("format_version: 1\nid: other\ntitle: T\nsummary: S\nactors: [a]\nsections:\n  - id: x\n    text: y\n",
         "Lessons/demo.yaml:2:5: lesson id 'other' does not match the file name 'demo.yaml'"),
        ("format_version: 1\nid: demo\ntitle: {zh: 标题}\nsummary: S\nactors: [a]\nsections:\n  - id: x\n    text: y\n",
         "Lessons/demo.yaml:3:8: title has no English ('en') text"),
        ("format_version: 1\nid: demo\ntitel: T\n", "Lessons/demo.yaml:3:1: unknown key 'titel' in the lesson (did you mean 'title'?)"),
        ("format_version: 1\nid: demo\ntitle: [unclosed\n", "Lessons/demo.yaml:4:1: YAML syntax: while parsing a flow sequence did not find expected ',' or ']'"),
        ("format_version: 1\nformat_version: 1\n", "Lessons/demo.yaml:1:1: duplicate key 'format_version' in a mapping"),
        ("", "Lessons/demo.yaml:1:1: the file is empty"),
        ("- just\n- a list\n", "Lessons/demo.yaml:1:1: the lesson must be a mapping (key: value lines)"),
    ])
    func brokenFilesAreReportedWhereTheyAre(text: String, message: String) {
        #expect(errors(text).first == message)
    }

    @Test func everyProblemInAFileIsReportedAtOnce() {
        let text = Self.lesson("- id: s\n  actor: sever\n  call: socket\n  as: s\n- id: t\n  actor: server\n  call: acept")
        #expect(errors(text).count == 2)
    }

    @Test func aFileThatIsNotUTF8IsRefusedByName() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(getpid()).yaml")
        try Data([0xff, 0xfe, 0x00, 0x41]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        guard case .failure(let e) = LessonLoader.load(contentsOf: url, displayPath: "x/demo.yaml") else {
            Issue.record("a binary file loaded")
            return
        }
        #expect(e.errors.map(\.description) == ["x/demo.yaml:1:1: the file is not UTF-8 text"])
    }
}

@Suite struct SuggestionTests {
    @Test(arguments: [("acept", "accept"), ("recieve", nil), ("sendal", "sendall"), ("conect_ex", "connect_ex"), ("zzzz", nil)])
    func closeMisspellingsGetASuggestion(word: String, expected: String?) {
        #expect(Suggestion.closest(to: word, in: StepCall.names) == expected)
    }
}

@Suite struct LessonLibraryTests {
    func makeDirectory(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func theCourseFileOrdersTheLessons() throws {
        let lesson = { (id: String) in "format_version: 1\nid: \(id)\ntitle: \(id)\nsummary: s\nactors: [a]\nsections:\n  - id: x\n    text: y\n" }
        let dir = try makeDirectory(["course.yaml": "format_version: 1\nlessons: [b, a]\n", "a.yaml": lesson("a"), "b.yaml": lesson("b")])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try LessonLibrary.load(directory: dir).ids == ["b", "a"])
    }

    @Test func aListedLessonWithNoFileIsNamedInTheCourseFile() throws {
        let dir = try makeDirectory(["course.yaml": "format_version: 1\nlessons:\n  - missing\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: LessonErrors.self) { try LessonLibrary.load(directory: dir, displayPrefix: "L") }
        do { _ = try LessonLibrary.load(directory: dir, displayPrefix: "L") } catch {
            #expect(error.description == "L/course.yaml:3:5: lesson 'missing' is listed but missing.yaml does not exist")
        }
    }

    @Test func theCatalogReadsHeadersOnlyAndReportsHeaderErrorsAsTheFullParseDoes() throws {
        let brokenSections = "format_version: 1\nid: a\ntitle: A\nsummary: s\nactors: [x]\nsections:\n  - id: x\n    text: y\n    steps: [{id: s, actor: x, call: acept}]\n"
        let badTitle = "format_version: 1\nid: b\ntitle: [not, text]\nsummary: s\nactors: [x]\nsections:\n  - id: x\n    text: y\n"
        let dir = try makeDirectory(["course.yaml": "format_version: 1\nlessons: [a]\n", "a.yaml": brokenSections, "b.yaml": badTitle])
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog = try LessonCatalog.load(directory: dir, displayPrefix: "L")
        #expect(catalog.ids == ["a"])
        #expect(catalog.headers[0].title.english == "A")
        #expect(throws: LessonErrors.self) { try catalog.headers[0].load() }

        let file = dir.appendingPathComponent("b.yaml")
        let header = LessonLoader.loadHeader(contentsOf: file, displayPath: "L/b.yaml")
        let full = LessonLoader.load(contentsOf: file, displayPath: "L/b.yaml")
        guard case .failure(let headerErrors) = header, case .failure(let fullErrors) = full else {
            Issue.record("a title that is a list must fail both ways"); return
        }
        #expect(headerErrors.description == fullErrors.description)
        #expect(headerErrors.description.hasPrefix("L/b.yaml:3:"))
    }

    /// The menu reads headers with no YAML type resolution (a start-up cost); what it shows
    /// must still be what the full parse reads, for every lesson of the course.
    @Test func headersReadForTheMenuEqualTheFullParseForEveryBuiltInLesson() throws {
        let dir = try LessonLibrary.locate(override: nil)
        let catalog = try LessonCatalog.load(directory: dir)
        let library = try LessonLibrary.load(directory: dir)
        #expect(catalog.ids == library.ids)
        for header in catalog.headers {
            let lesson = try header.load()
            #expect(header.title == lesson.title && header.summary == lesson.summary, "\(header.id)")
        }
    }

    @Test func aLessonWrittenWithWindowsLineEndingsLoads() throws {
        let text = LessonLoaderTests.lesson(LessonLoaderTests.socketStep).replacingOccurrences(of: "\n", with: "\r\n")
        let loader = LessonLoaderTests()
        #expect(loader.errors(text) == [])
        #expect(loader.errors("format_version: 1\r\nid: demo\rtitle: x\n").first?.contains("control character U+D") == true)
    }

    @Test func theBuiltInLessonsAllLoad() throws {
        let dir = try LessonLibrary.locate(override: nil)
        let library = try LessonLibrary.load(directory: dir)
        #expect(library.ids.contains("tcp-workflow"))
    }
}
