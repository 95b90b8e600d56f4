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

    /// Characters that must not begin a line (Chinese punctuation stays with what it follows).
    private static let noBreakBefore: Set<Character> = ["，", "。", "、", "；", "：", "！", "？", "）", "」", "』", "》", "…", ",", ".", ";", ":", "!", "?", ")"]

    /// Lines of at most `width` columns. Breaks at spaces, and between wide characters
    /// (Chinese needs no spaces); a word longer than a line is cut. Newlines are kept.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += wrapParagraph(Substring(paragraph), width: width)
        }
        return lines
    }

    private static func wrapParagraph(_ paragraph: Substring, width: Int) -> [String] {
        var lines: [String] = []
        var line = "", lineWidth = 0
        var word = "", wordWidth = 0, wordIsWide = false
        var spaceBefore = false

        func flushWord() {
            guard wordWidth > 0 else { return }
            let gap = (lineWidth > 0 && spaceBefore) ? 1 : 0
            if lineWidth + gap + wordWidth <= width {
                if gap == 1 { line += " " }
                line += word
                lineWidth += gap + wordWidth
            } else {
                if lineWidth > 0 { lines.append(line) }
                line = ""; lineWidth = 0
                var rest = word[...]
                while columns(rest) > width {
                    var chunk = "", used = 0
                    while let c = rest.first, used + columns(c) <= width { chunk.append(c); used += columns(c); rest = rest.dropFirst() }
                    if chunk.isEmpty { rest = rest.dropFirst(); continue }
                    lines.append(chunk)
                }
                line = String(rest); lineWidth = columns(rest)
            }
            word = ""; wordWidth = 0; wordIsWide = false; spaceBefore = false
        }

        for character in paragraph {
            if character == " " {
                flushWord()
                spaceBefore = lineWidth > 0
                continue
            }
            let w = columns(character)
            if noBreakBefore.contains(character) && wordWidth > 0 {
                word.append(character); wordWidth += w
                continue
            }
            if w >= 2 || wordIsWide { flushWord() }
            word.append(character); wordWidth += w
            if w >= 2 { wordIsWide = true }
        }
        flushWord()
        lines.append(line)
        return lines
    }
}
