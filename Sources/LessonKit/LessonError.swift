import Catalogue
import Foundation

/// A problem in a lesson file, at a position an editor can jump to:
/// `Lessons/tcp-workflow.yaml:12:5: unknown call 'acept' (did you mean 'accept'?)`, or in
/// Chinese `Lessons/tcp-workflow.yaml:12:5: 未知的调用「acept」（是不是「accept」？）`.
public struct LessonError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// What is wrong, in no language yet (LessonProblem's catalogue renders it).
    public var problem: Message

    public init(file: String, line: Int, column: Int, problem: Message) {
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
    }

    public init(file: String, line: Int, column: Int, _ problem: LessonProblem, _ values: [String: Message.Value] = [:]) {
        self.init(file: file, line: line, column: column, problem: Message(problem, values))
    }

    /// The problem in English, without the position (what the tests and tools before the
    /// catalogue read as `message`).
    public var message: String { problem.description }

    /// `FILE:LINE:COL: message` in a language, one line always: a newline inside a value
    /// would make a message look like two. The position comes first, as editors expect.
    public func text(_ language: InterfaceLanguage) -> String {
        "\(file):\(line):\(column): " + problem.text(language).replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    /// The English line.
    public var description: String { text(.en) }
}

/// All the problems found in one load, so an author sees every one at once.
public struct LessonErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [LessonError]
    public init(_ errors: [LessonError]) { self.errors = errors }
    /// One line per problem, in a language.
    public func text(_ language: InterfaceLanguage) -> String { errors.map { $0.text(language) }.joined(separator: "\n") }
    public var description: String { text(.en) }
}

/// "Did you mean …?" by edit distance, for call and argument names.
public enum Suggestion {
    public static func closest(to word: String, in candidates: [String]) -> String? {
        // Edit distance costs length × length: a 2 MB name would take seconds, and nothing
        // that long is a typo of a short name.
        guard word.utf8.count <= 64 else { return nil }
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, word.count / 3) ? best.0 : nil
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where j <= b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

}
