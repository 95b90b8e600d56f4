import Foundation

/// What the menu and `list` show of a lesson, read without parsing its sections.
public struct LessonHeader: Sendable, Hashable {
    public var id: String
    public var title: LocalizedText
    public var summary: LocalizedText
    /// The file, parsed in full only when the lesson is opened.
    public var url: URL
    /// How errors name the file.
    public var displayPath: String

    public init(id: String, title: LocalizedText, summary: LocalizedText, url: URL, displayPath: String) {
        self.id = id; self.title = title; self.summary = summary; self.url = url; self.displayPath = displayPath
    }

    /// The whole lesson, through every check `lint` makes.
    public func load() throws(LessonErrors) -> Lesson {
        try LessonLoader.load(contentsOf: url, displayPath: displayPath).get()
    }
}

/// The lessons of one directory in course order, headers only: start-up need not parse
/// every step of every lesson to show a menu. `LessonLibrary` is the full parse (`lint`).
public struct LessonCatalog: Sendable {
    public var directory: URL
    public var headers: [LessonHeader]

    public init(directory: URL, headers: [LessonHeader]) { self.directory = directory; self.headers = headers }

    public var ids: [String] { headers.map(\.id) }
    public func header(id: String) -> LessonHeader? { headers.first { $0.id == id } }

    /// Reads `course.yaml` and the header of every lesson it names. All problems come back together.
    public static func load(directory: URL, displayPrefix: String? = nil) throws(LessonErrors) -> LessonCatalog {
        let headers = try LessonLibrary.eachListed(in: directory, displayPrefix: displayPrefix) {
            LessonLoader.loadHeader(contentsOf: $0, displayPath: $1)
        }
        return LessonCatalog(directory: directory, headers: headers)
    }
}
