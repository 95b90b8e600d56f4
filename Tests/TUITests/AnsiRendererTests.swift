import Testing
@testable import TUI

/// The ANSI renderer draws exactly the grid: its looks, wide characters once, changed rows only.
@Suite struct AnsiRendererTests {
    static let esc = "\u{1B}["

    /// Two rows: a key-styled run holding a CJK character, then a plain "x".
    func sample() -> Grid {
        var grid = Grid(width: 6, height: 2)
        grid.put("a中b", row: 0, column: 0, style: .key)
        grid.put("x", row: 1, column: 0)
        return grid
    }

    @Test func aFullFrameDrawsStylesAndAWideCharacterOnceWithTrailingBlanksErased() {
        let e = Self.esc
        let frame = AnsiRenderer(colors: true).fullFrame(sample())
        // Hide the cursor, clear; row 1 in bold cyan (the key look), "中" once (its
        // continuation cell is the terminal's to fill), reset, erase the rest; row 2 plain.
        #expect(frame == "\(e)?25l\(e)0m\(e)H\(e)2J" + "\(e)1;1H\(e)0;1;36ma中b\(e)0m\(e)K" + "\(e)2;1Hx\(e)K")
    }

    @Test func withoutColoursOnlyAttributesAreSent() {
        let e = Self.esc
        let frame = AnsiRenderer(colors: false).fullFrame(sample())
        #expect(frame.hasSuffix("\(e)1;1H\(e)0;1ma中b\(e)0m\(e)K\(e)2;1Hx\(e)K"))
        #expect(AnsiRenderer.sgr(StyleLook.of(.title, colors: false)) == "\(e)0;7m")
        #expect(AnsiRenderer.sgr(StyleLook.of(.title, colors: true)) == "\(e)0;30;46m")
        #expect(AnsiRenderer.sgr(StyleLook.of(.python, colors: true)) == "\(e)0;2;34m")
        // Without colour, every style but plain text and borders still looks different.
        for style in Style.allCases where style != .plain && style != .border {
            #expect(StyleLook.of(style, colors: false) != .plain, "\(style)")
        }
    }

    @Test func aDiffFrameOfOneChangedRowTouchesOnlyThatRow() {
        let before = sample()
        var after = before
        after.put("y", row: 1, column: 0, style: .failure)
        let e = Self.esc
        #expect(AnsiRenderer(colors: true).frame(after, after: before) == "\(e)2;1H\(e)0;1;31my\(e)0m\(e)K")
        #expect(AnsiRenderer(colors: true).frame(before, after: before) == "")
    }

    @Test func aDiffFrameAfterAGridOfAnotherSizeRedrawsEverything() {
        let renderer = AnsiRenderer(colors: true)
        #expect(renderer.frame(sample(), after: Grid(width: 7, height: 2)) == renderer.fullFrame(sample()))
        #expect(renderer.frame(sample(), after: nil) == renderer.fullFrame(sample()))
    }

    @Test func anEmojiWideCharacterIsFollowedByAnExplicitColumn() throws {
        // Terminals disagree on ⏳'s width; the grid's columns win.
        try #require(TextWidth.columns("⏳") == 2)
        var grid = Grid(width: 5, height: 1)
        grid.put("⏳xy", row: 0, column: 0)
        let e = Self.esc
        #expect(AnsiRenderer(colors: true).frame(grid, after: Grid(width: 5, height: 1)) == "\(e)1;1H⏳\(e)3Gxy\(e)K")
    }

    @Test func controlCharactersInCellTextNeverReachTheTerminal() {
        #expect(AnsiRenderer.printable("a\u{1B}[2Jb") == "a[2Jb")
        #expect(AnsiRenderer.printable("\u{9B}") == " ")
        #expect(AnsiRenderer.printable("中") == "中")
    }
}
