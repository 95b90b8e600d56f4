import Catalogue
import Foundation
import LessonKit
import Progress
import TUI

/// The language chosen in the menu (L), kept as the store's `language` setting. It comes
/// after an explicit --lang and before the locale (LC_ALL, LC_MESSAGES, LANG): a learner
/// who picked 中文 in the menu gets 中文 next time, whatever the terminal's locale says.
enum SavedLanguage {
    static let key = "language"

    /// `--lang`, else the saved choice, else the locale's language (`Language.choose`).
    /// `fallback` is the run's language without the store (LessonOptions.resolvedLanguage).
    static func resolve(explicit: String?, store: ProgressStore?, fallback: String) -> String {
        guard let saved = try? store?.setting(key) else { return fallback }
        return Language.choose(flag: explicit, saved: saved, environment: ProcessInfo.processInfo.environment)
    }

    /// Keeps the menu's choice in `store`; with no store the choice lasts this run only.
    static func connect(_ app: TutorApp, to store: ProgressStore?) {
        guard let store else { return }
        app.progress.languageChosen = { language in
            do {
                try store.setSetting(key, language)
                return true
            } catch {
                Warning.say(Message(.languageCannotBeKept, ["problem": .problem(error)]), language: InterfaceLanguage(code: language))
                return false
            }
        }
    }

}

/// Why the full screen cannot start, in the learner's language (FullScreen's reasons are
/// compared as they are, in English; they are said through this).
enum ReasonWords {
    static func say(_ reason: String, _ w: Words) -> String {
        let known: [String: Phrase] = [
            "standard output is not a terminal": .reasonStdoutNotTerminal, FullScreen.stdinNotATerminal: .reasonStdinNotTerminal,
            "TERM is not set": .reasonTermNotSet, "TERM is dumb": .reasonTermDumb,
        ]
        return known[reason].map { w($0) } ?? reason
    }
}
