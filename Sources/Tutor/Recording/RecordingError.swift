import Catalogue

/// A recording that cannot be read: which file, which line (1-based; nil for the file as a
/// whole), and what was wrong and expected. Printed as `FILE:LINE: message`, in English by
/// `description` and in the learner's language by `text(_:)`.
public struct RecordingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var problem: Message

    public init(file: String, line: Int?, _ problem: Message) {
        self.file = file; self.line = line; self.problem = problem
    }

    /// The English problem without its location.
    public var message: String { Self.oneLine(problem.text(.en)) }

    public func text(_ language: InterfaceLanguage) -> String {
        let what = Self.oneLine(problem.text(language))
        if let line { return "\(file):\(line): \(what)" }
        return "\(file): \(what)"
    }

    public var description: String { text(.en) }

    /// A message may quote the file's own text: keep it on one line, without control bytes.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.flatMap { scalar -> [Unicode.Scalar] in
            scalar.value < 0x20 || scalar.value == 0x7F ? Array("\\u{\(String(scalar.value, radix: 16))}".unicodeScalars) : [scalar]
        }))
    }
}
