import CNCursesW
import Foundation
import Glibc

/// The one measure of text on screen: terminal columns, from the C library's wcwidth.
/// Wrapping, truncation and padding all go through here, so CJK (two columns), combining
/// marks (none) and emoji line up the same way the terminal draws them.
public enum TextWidth {
    /// wcwidth answers -1 for CJK unless LC_CTYPE is a UTF-8 locale: take the user's
    /// locale, and if it is not UTF-8, C.UTF-8 for character classes only.
    private static let localeReady: Bool = {
        setlocale(LC_ALL, "")
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        return true
    }()

    /// Call before initscr: ncurses reads the locale when it starts.
    public static func prepareLocale() { _ = localeReady }

    /// Columns one grapheme takes: its first scalar decides (a base letter with combining
    /// marks is one column; an emoji sequence joined by ZWJ is two). Control characters
    /// and lone combining marks take none.
    public static func columns(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.value < 0x7f { return first.value >= 0x20 ? 1 : 0 }
        _ = localeReady
        return max(0, Int(wcwidth(wchar_t(bitPattern: first.value))))
    }

    public static func columns(_ text: some StringProtocol) -> Int {
        // Most text on screen is ASCII: then columns are bytes, with no grapheme breaking.
        var ascii = true
        var printable = 0
        for byte in text.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if byte >= 0x20 && byte < 0x7f { printable += 1 }
        }
        if ascii { return printable }
        var total = 0
        for character in text { total += columns(character) }
        return total
    }

    /// At most `width` columns; a cut string ends in "…" so the learner sees it was cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: Bool = true) -> String {
        guard width > 0 else { return "" }
        if columns(text) <= width { return text }
        let room = ellipsis ? width - 1 : width
        var out = "", used = 0
        for character in text {
            let w = columns(character)
            if used + w > room { break }
            out.append(character)
            used += w
        }
        return ellipsis ? out + "…" : out
    }

    /// Exactly `width` columns: truncated, then filled with spaces.
    public static func pad(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        return cut + String(repeating: " ", count: max(0, width - columns(cut)))
    }

    /// Closing punctuation never begins a line (Chinese line breaking, 禁则): it takes the
    /// character before it along to the next line.
    static let closing: Set<Character> = [
        "，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "”", "’", "》", "〉", "】", "〕", "〗", "］", "｝", "…",
        ",", ".", ";", ":", "!", "?", ")", "]", "}",
    ]
    /// Opening brackets never end a line: they go down with what they open.
    static let opening: Set<Character> = ["（", "「", "『", "“", "‘", "《", "〈", "【", "〔", "〖", "［", "｛", "(", "[", "{"]

    /// Lines of at most `width` columns. Breaks at spaces, and between two characters when
    /// either is wide (Chinese needs no spaces), but never before closing punctuation or
    /// after an opening bracket; a Latin word or a number is cut only when longer than a
    /// line. Newlines are kept.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += wrapParagraph(Substring(paragraph), width: width)
        }
        return lines
    }

    /// Whether a line may end after `before` and start again with `after`.
    static func canBreak(_ before: Character, _ after: Character, spaced: Bool) -> Bool {
        if closing.contains(after) { return false }
        if spaced { return true }
        if opening.contains(before) { return false }
        return columns(before) >= 2 || columns(after) >= 2
    }

    /// A run of text no line may break inside; `spaced`: a space came before it.
    private struct Piece { var text: String; var width: Int; var spaced: Bool }

    private static func pieces(_ paragraph: Substring) -> [Piece] {
        var pieces: [Piece] = []
        var previous: Character?
        var spaced = false
        for character in paragraph {
            if character == " " { spaced = previous != nil; continue }
            let w = columns(character)
            if let before = previous, !canBreak(before, character, spaced: spaced) {
                pieces[pieces.count - 1].text += (spaced ? " " : "") + String(character)
                pieces[pieces.count - 1].width += (spaced ? 1 : 0) + w
            } else {
                pieces.append(Piece(text: String(character), width: w, spaced: spaced))
            }
            previous = character
            spaced = false
        }
        return pieces
    }

    private static func wrapParagraph(_ paragraph: Substring, width: Int) -> [String] {
        var lines: [String] = []
        var line = "", used = 0
        for piece in pieces(paragraph) {
            let gap = (used > 0 && piece.spaced) ? 1 : 0
            if used + gap + piece.width <= width {
                if gap == 1 { line += " " }
                line += piece.text
                used += gap + piece.width
                continue
            }
            if used > 0 { lines.append(line) }
            // Longer than a line: cut by columns (a wide character goes whole to the next
            // line), still never leaving Chinese closing punctuation first or an opening
            // bracket last. ASCII marks are not moved: a long line of code is cut where it fills.
            var rest = Substring(piece.text)
            while columns(rest) > width {
                var chunk = Substring(), taken = 0
                while let c = rest.dropFirst(chunk.count).first, taken + columns(c) <= width {
                    chunk = rest.prefix(chunk.count + 1); taken += columns(c)
                }
                if chunk.isEmpty { rest = rest.dropFirst(); continue }  // wider than the whole line
                while chunk.count > 1, let next = rest.dropFirst(chunk.count).first,
                      (closing.contains(next) && !next.isASCII) || (opening.contains(chunk.last!) && !chunk.last!.isASCII) {
                    chunk = chunk.dropLast()
                }
                lines.append(String(chunk))
                rest = rest.dropFirst(chunk.count)
            }
            line = String(rest); used = columns(rest)
        }
        lines.append(line)
        return lines
    }
}
