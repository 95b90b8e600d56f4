import Catalogue
import ArgumentParser
import Foundation
import Glibc
import Tutor

/// Keeping sessions: every live session is also recorded in the store unless --no-record.
struct RecordOptions: ParsableArguments {
    @Flag(name: .customLong("no-record"), help: ArgumentHelp(CommandHelp.noRecordOption.text))
    var noRecord = false

    func plan(path: String?) -> RecordingPlan {
        var plan = RecordingPlan(path: path, store: noRecord ? nil : RecordingStore.standard())
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            plan.terminal = TerminalSize(columns: Int(size.ws_col), rows: Int(size.ws_row))
        }
        return plan
    }

    /// Store problems, once the screen is back to normal.
    func tellWarnings(_ plan: RecordingPlan, language: @autoclosure () -> String) {
        for warning in plan.warnings.all {
            FileHandle.standardError.write(Data("sockettutor: \(Words(language())(warning))\n".utf8))
        }
    }
}
