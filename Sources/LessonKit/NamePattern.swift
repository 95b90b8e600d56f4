/// The shapes of names in lesson files (ids, actors, language codes), checked character by
/// character: these are read for every lesson at start-up, where compiling a regular
/// expression (ICU) cost more than the menu's whole header parse.
struct NamePattern: Sendable {
    let first: @Sendable (UInt8) -> Bool
    let rest: @Sendable (UInt8) -> Bool
    let maxLength: Int

    func matches(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let head = bytes.first, bytes.count <= maxLength, first(head) else { return false }
        return bytes.dropFirst().allSatisfy(rest)
    }

    static func lower(_ c: UInt8) -> Bool { c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") }
    static func digit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    /// Lesson and section ids: `[a-z0-9][a-z0-9-]{0,63}`.
    static let id = NamePattern(first: { lower($0) || digit($0) }, rest: { lower($0) || digit($0) || $0 == UInt8(ascii: "-") }, maxLength: 64)
    /// Actor names: `[a-z][a-z0-9-]{0,31}`.
    static let actor = NamePattern(first: { lower($0) }, rest: { lower($0) || digit($0) || $0 == UInt8(ascii: "-") }, maxLength: 32)

    /// Keys of a question's choices: `[a-z0-9][a-z0-9-]{0,15}`.
    static let choiceKey = NamePattern(first: { lower($0) || digit($0) }, rest: { lower($0) || digit($0) || $0 == UInt8(ascii: "-") }, maxLength: 16)

    /// A language code: `xx` or `xx-YY`.
    static func isLanguageCode(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func upper(_ c: UInt8) -> Bool { c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") }
        switch b.count {
        case 2: return lower(b[0]) && lower(b[1])
        case 5: return lower(b[0]) && lower(b[1]) && b[2] == UInt8(ascii: "-") && upper(b[3]) && upper(b[4])
        default: return false
        }
    }
}
