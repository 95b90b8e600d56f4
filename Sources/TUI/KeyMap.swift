/// A key as the terminal adapter reports it, free of ncurses codes.
public enum Key: Sendable, Hashable {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, tab, escape
    /// Line editing, for a fill-in answer.
    case backspace, delete
    case resize
    case other
}

/// What a key asks for. Keys become requests before anything changes (tig's `enum request`):
/// one table, easy to read and to test.
public enum Request: Sendable, Hashable {
    case next, back, restart
    case scrollUp(Int), scrollDown(Int)
    case focusNext
    case toggleHelp
    case quit
    /// Move the menu's selection by this many lines.
    case choose(Int)
    /// Select lesson number n (1-based), as typed.
    case select(Int)
    case open
    /// The menu: the list of recorded sessions.
    case showRecent
    /// The menu: the interface in the other language (English ↔ 中文).
    case switchLanguage
    /// The menu: re-run the selected lesson live up to the step reached; the final quiz;
    /// the questions due for review.
    case resume, finalQuiz, review
    /// The replay player: play or pause; move by events or step marks; speed up or down
    /// (one notch of ReplayView.speeds); jump to a tenth of the recording, the start, the end.
    case playPause
    case moveEvents(Int)
    case moveSteps(Int)
    case changeSpeed(Int)
    case jumpToPercent(Int)
    case jumpToStart, jumpToEnd
    case relayout
    /// The quiz: answer, tick the choice under the cursor, move the arranged item, show
    /// the hint; in a fill-in, type, delete, move the editor's cursor; after feedback, go on.
    /// `openQuiz` is the menu's and a finished lesson's z.
    case answer, tick, hint, proceed, openQuiz
    /// A predict question in a lesson: no prediction, run the step.
    case skip
    case moveItem(Int)
    case type(Character)
    case deleteBackward, deleteForward
    case moveCursor(Int)
    case cursorHome, cursorEnd
    case none
}

public enum KeyMap {
    /// Inside a lesson.
    public static func lesson(_ key: Key, page: Int) -> Request {
        switch key {
        case .character(" "), .character("n"), .right: return .next
        case .character("b"), .left: return .back
        case .character("r"): return .restart
        case .character("z"): return .openQuiz
        case .pageUp: return .scrollUp(page)
        case .pageDown: return .scrollDown(page)
        case .up, .character("k"): return .scrollUp(1)
        case .down, .character("j"): return .scrollDown(1)
        case .tab: return .focusNext
        case .character("?"): return .toggleHelp
        case .character("q"), .character("Q"): return .quit
        case .resize: return .relayout
        default: return .none
        }
    }

    /// A predict question asked in a lesson before its step. As in the quiz, a digit answers
    /// with that choice at once, and Enter with the one under the cursor; Space does nothing
    /// here, so that pressing on through a lesson stops at the question.
    public static func prediction(_ key: Key) -> Request {
        switch key {
        case .up, .character("k"): return .choose(-1)
        case .down, .character("j"): return .choose(1)
        case .enter: return .answer
        case .character("h"): return .hint
        case .character("s"), .escape: return .skip
        case .character("?"): return .toggleHelp
        case .character("q"), .character("Q"): return .quit
        case .resize: return .relayout
        case .character(let c) where ("1"..."9").contains(c): return .select(c.wholeNumberValue ?? 1)
        default: return .none
        }
    }

    /// In the menu.
    public static func menu(_ key: Key) -> Request {
        switch key {
        case .up, .character("k"): return .choose(-1)
        case .down, .character("j"): return .choose(1)
        case .enter, .character(" "), .right: return .open
        case .character("?"): return .toggleHelp
        case .character("h"): return .showRecent
        case .character("z"): return .openQuiz
        case .character("r"): return .resume
        case .character("f"): return .finalQuiz
        case .character("v"): return .review
        case .character("L"), .character("l"): return .switchLanguage
        case .character("q"), .character("Q"), .escape: return .quit
        case .resize: return .relayout
        case .character(let c) where ("1"..."9").contains(c): return .select(c.wholeNumberValue ?? 1)
        default: return .none
        }
    }

    /// In the replay player. Arrows move by steps, as Space and b do in a lesson.
    public static func replay(_ key: Key, page: Int) -> Request {
        switch key {
        case .character(" "): return .playPause
        case .character("."): return .moveEvents(1)
        case .character(","): return .moveEvents(-1)
        case .character("]"), .right: return .moveSteps(1)
        case .character("["), .left: return .moveSteps(-1)
        case .character("+"), .character("="): return .changeSpeed(1)
        case .character("-"): return .changeSpeed(-1)
        case .character(let c) where ("0"..."9").contains(c): return .jumpToPercent((c.wholeNumberValue ?? 0) * 10)
        case .character("g"), .home: return .jumpToStart
        case .character("G"), .end: return .jumpToEnd
        case .pageUp: return .scrollUp(page)
        case .pageDown: return .scrollDown(page)
        case .up, .character("k"): return .scrollUp(1)
        case .down, .character("j"): return .scrollDown(1)
        case .tab: return .focusNext
        case .character("?"): return .toggleHelp
        case .character("q"), .character("Q"), .escape: return .quit
        case .resize: return .relayout
        default: return .none
        }
    }

    /// In the list of recent sessions.
    public static func recent(_ key: Key) -> Request {
        switch key {
        case .up, .character("k"): return .choose(-1)
        case .down, .character("j"): return .choose(1)
        case .enter, .character(" "), .right: return .open
        case .character("q"), .character("Q"), .escape, .left: return .quit
        case .resize: return .relayout
        default: return .none
        }
    }

    /// In a quiz. In a fill-in every printable key is typed (q and h included), so Esc
    /// leaves and Tab shows the hint; elsewhere q and Esc leave and h shows the hint.
    /// Order questions move the item under the cursor with u and d (Shift-arrows reach
    /// ncurses differently on every terminal; letters always arrive).
    public static func quiz(_ key: Key, mode: QuizView.Mode) -> Request {
        if key == .resize { return .relayout }
        switch mode {
        case .feedback:
            switch key {
            case .character("q"), .character("Q"), .escape: return .quit
            default: return .proceed
            }
        case .end:
            switch key {
            case .character("q"), .character("Q"), .escape, .enter, .character(" "): return .quit
            default: return .none
            }
        case .typing:
            switch key {
            case .enter: return .answer
            case .escape: return .quit
            case .tab: return .hint
            case .backspace: return .deleteBackward
            case .delete: return .deleteForward
            case .left: return .moveCursor(-1)
            case .right: return .moveCursor(1)
            case .home: return .cursorHome
            case .end: return .cursorEnd
            case .character(let c) where !(c.unicodeScalars.first.map { $0.value < 0x20 || $0.value == 0x7f } ?? true):
                return .type(c)
            default: return .none
            }
        case .choosing, .ordering:
            switch key {
            case .up, .character("k"): return .choose(-1)
            case .down, .character("j"): return .choose(1)
            case .enter: return .answer
            case .character(" ") where mode == .choosing: return .tick
            case .character("u") where mode == .ordering: return .moveItem(-1)
            case .character("d") where mode == .ordering: return .moveItem(1)
            case .character("h"): return .hint
            case .character("q"), .character("Q"), .escape: return .quit
            case .character(let c) where ("1"..."9").contains(c): return .select(c.wholeNumberValue ?? 1)
            default: return .none
            }
        }
    }
}
