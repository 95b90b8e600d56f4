/// The one-line editor of a fill-in answer. It works on Characters (graphemes), never on
/// bytes or scalars, so a Chinese character or an accented letter is one step of ← → and
/// one Backspace; columns on screen come from TextWidth, so a wide character takes two.
public struct LineEditor: Sendable, Hashable {
    public private(set) var characters: [Character] = []
    /// Insertion point: how many characters precede it.
    public private(set) var cursor = 0

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }
    /// The cursor's column from the start of the text.
    public var cursorColumn: Int { TextWidth.columns(String(characters[..<cursor])) }

    public mutating func insert(_ character: Character) {
        characters.insert(character, at: cursor)
        cursor += 1
    }

    public mutating func insert(_ text: String) { for c in text { insert(c) } }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    public mutating func move(by delta: Int) { cursor = min(characters.count, max(0, cursor + delta)) }
    public mutating func home() { cursor = 0 }
    public mutating func end() { cursor = characters.count }
}
