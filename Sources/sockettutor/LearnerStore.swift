import Catalogue
import Foundation
import Glibc
import Progress

enum LearnerStore {
    /// The learner's progress store, or nil (said on stderr) when it cannot be had: a quiz or
    /// lesson still runs without it. Opened only by the commands that keep progress, so that
    /// `list` and the others start without touching it. SQLite's descriptors sit at 900 and
    /// above (CSQLite's open override), so a lesson beside the store still gets 3, 4, ….
    /// `language` says the warnings; the saved choice is not known before the store is open.
    static func open(language: InterfaceLanguage = RunLanguage.beforeStore,
                     directory: URL = ProgressStore.standardDirectory()) -> ProgressStore? {
        do {
            let (store, notice) = try ProgressStore.openTelling(directory: directory)
            if let notice { Warning.say(notice, language: language) }
            return store
        } catch {
            Warning.say(Message(.progressNotKept, ["problem": .message(error.problem)]), language: language)
            return nil
        }
    }
}
