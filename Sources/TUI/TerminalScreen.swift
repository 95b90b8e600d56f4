import Catalogue
import CNCursesW
import Foundation
import Glibc

/// The terminal adapter: the only code that calls ncurses. It copies grids to the screen
/// (rows that changed only; ncurses' own diff does the rest), reads keys, and restores the
/// terminal on every way out. Used from the main thread only.
final class TerminalScreen {
    private var last: Grid?
    private let theme: Theme
    private var active = false
    private var screen: OpaquePointer?
    /// SIGINT, SIGTERM and SIGHUP arrive here as one byte each (see cnc_trap_signals).
    let signalDescriptor: Int32
    private let signalWriter: Int32

    init(colors: Bool) throws {
        TextWidth.prepareLocale()
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw MessageFailure(.cannotMakePipe, ["reason": .errno(errno)]) }
        for i in fds.indices {
            fds[i] = cnc_move_high(fds[i])
            _ = fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK)
            _ = fcntl(fds[i], F_SETFD, FD_CLOEXEC)
        }
        signalDescriptor = fds[0]
        signalWriter = fds[1]
        cnc_save_terminal()
        // newterm, unlike initscr, returns NULL instead of ending the process.
        guard let made = cnc_newterm() else {
            close(fds[0]); close(fds[1])
            let term = ProcessInfo.processInfo.environment["TERM"].map(Message.Value.text) ?? .message(Message(.termUnset))
            throw MessageFailure(.cannotStartFullScreen, ["term": term])
        }
        screen = made
        active = true
        theme = Theme(colors: colors && has_colors())
        cbreak()
        noecho()
        nonl()
        keypad(cnc_stdscr(), true)
        nodelay(cnc_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        if theme.colors { start_color() }
        theme.installPairs()
        // After newterm: ncurses' own handlers would exit with status 1.
        cnc_trap_signals(signalWriter)
    }

    var size: ScreenSize { ScreenSize(columns: Int(cnc_cols()), rows: Int(cnc_lines())) }

    /// Copies the grid to the screen. Unchanged rows are skipped.
    func draw(_ grid: Grid) {
        if last?.width != grid.width || last?.height != grid.height {
            last = nil
            erase()
        }
        var buffer: [wchar_t] = []
        for y in 0..<grid.height where last.map({ $0.row(y) != grid.row(y) }) ?? true {
            var x = 0, runStart = 0
            var runStyle = grid[y, 0].style
            buffer.removeAll(keepingCapacity: true)
            func flush() {
                guard !buffer.isEmpty else { return }
                let (attrs, pair) = theme.attributes(runStyle)
                _ = cnc_draw_run(Int32(y), Int32(runStart), buffer, Int32(buffer.count), attrs, pair)
                buffer.removeAll(keepingCapacity: true)
            }
            for cell in grid.row(y) {
                defer { x += 1 }
                if cell.isContinuation { continue }
                if cell.style != runStyle {
                    flush()
                    runStart = x
                    runStyle = cell.style
                }
                for scalar in cell.text.unicodeScalars { buffer.append(wchar_t(bitPattern: scalar.value)) }
            }
            flush()
        }
        last = grid
        refresh()
    }

    /// Forces the next draw to repaint everything (after a resize).
    func invalidate() { last = nil }

    /// Drops the keys typed and not yet read (curses' own buffer and the terminal's).
    func discardTypeahead() { flushinp() }

    /// Every key waiting, without blocking.
    func readKeys() -> [Key] {
        var keys: [Key] = []
        var value: wint_t = 0
        while true {
            let kind = wget_wch(cnc_stdscr(), &value)
            if kind == ERR { break }
            if kind == KEY_CODE_YES {
                keys.append(Self.functionKey(Int32(value)))
            } else {
                keys.append(Self.characterKey(UInt32(value)))
            }
        }
        return keys
    }

    private static func functionKey(_ code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_RESIZE: return .resize
        default: return .other
        }
    }

    private static func characterKey(_ value: UInt32) -> Key {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        default:
            guard let scalar = Unicode.Scalar(value) else { return .other }
            return .character(Character(scalar))
        }
    }

    /// Leaves the alternate screen and puts the tty back. Safe to call more than once.
    func stop() {
        guard active else { return }
        active = false
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        cnc_release_signals()
        close(signalDescriptor)
        close(signalWriter)
    }

    deinit { stop() }
}
