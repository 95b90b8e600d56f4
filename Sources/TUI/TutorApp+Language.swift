import Catalogue
import LessonKit

/// The menu's L: the interface and the lessons in the other language, kept with the
/// progress (through `ProgressHooks.languageChosen`) for the next start.
extension TutorApp {
    static func menuEntries(_ lessons: [LessonHeader], language: String) -> [MenuView.Entry] {
        lessons.map { MenuView.Entry(id: $0.id, title: $0.title.resolved(language), summary: $0.summary.resolved(language)) }
    }

    func switchLanguage() {
        language = InterfaceLanguage(code: language).other.rawValue
        let selected = menu.selected
        menu.entries = Self.menuEntries(lessons, language: language)
        menu.selected = selected
        menu.language = language
        let kept = progress.languageChosen?(language) ?? false
        menu.notice = Words(language)(kept ? .languageSwitched : .languageSwitchedUnsaved)
    }
}
