/// A recording that cannot be read: which file, which line (1-based; nil for the file as a
/// whole), and what was wrong and expected. Printed as `FILE:LINE: message`.
public struct RecordingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file; self.line = line
        // A message may quote the file's own text: keep it on one line, without control bytes.
        self.message = String(String.UnicodeScalarView(message.unicodeScalars.flatMap { scalar -> [Unicode.Scalar] in
            scalar.value < 0x20 || scalar.value == 0x7F ? Array("\\u{\(String(scalar.value, radix: 16))}".unicodeScalars) : [scalar]
        }))
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
