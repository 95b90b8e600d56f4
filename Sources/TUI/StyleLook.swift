/// How a style looks on a terminal, as plain data: the one table both the ncurses adapter
/// (Theme) and the ANSI renderer (asciicast export) read, so an exported cast shows what
/// the full screen shows. With colours off (NO_COLOR) only attributes remain, and every
/// style still differs from plain text by its words.
public struct StyleLook: Sendable, Hashable {
    /// The eight basic colours, numbered as both ncurses' COLOR_* and SGR 30–37 number them.
    public enum Color: UInt8, Sendable, Hashable {
        case black = 0, red, green, yellow, blue, magenta, cyan, white
    }

    public var bold = false
    public var dim = false
    public var reverse = false
    /// nil: the terminal's default.
    public var foreground: Color?
    public var background: Color?

    public static let plain = StyleLook()

    public static func of(_ style: Style, colors: Bool) -> StyleLook {
        var look = StyleLook()
        switch style {
        case .plain, .border: break
        // Without colour the title bar needs reverse video to stand out.
        case .title: look.reverse = !colors
        case .focusedTitle, .heading, .note, .success, .failure, .pending, .key: look.bold = true
        case .dim, .python: look.dim = true
        case .banner: look.reverse = true; look.bold = true
        case .selected: look.reverse = true
        }
        guard colors else { return look }
        switch style {
        case .border, .key: look.foreground = .cyan
        case .success: look.foreground = .green
        case .failure: look.foreground = .red
        case .pending, .focusedTitle: look.foreground = .yellow
        case .python: look.foreground = .blue
        case .title: look.foreground = .black; look.background = .cyan
        case .banner: look.foreground = .black; look.background = .yellow
        case .plain, .heading, .dim, .note, .selected: break
        }
        return look
    }
}
