/// A recording that cannot be read: which file, which line (1-based; nil for the file as a
/// whole), and what was wrong and expected. Printed as `FILE:LINE: message`.
public struct RecordingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file; self.line = line; self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
