import Foundation
import Glibc
import Progress

enum LearnerStore {
    /// The learner's progress store, or nil (said on stderr) when it cannot be had: a quiz or
    /// lesson still runs without it. Opened only by the commands that keep progress, so that
    /// `list` and the others start without touching it.
    static func open() -> ProgressStore? {
        do {
            let (store, warning) = try ProgressStore.open(directory: ProgressStore.standardDirectory())
            if let warning { FileHandle.standardError.write(Data("sockettutor: warning: \(warning)\n".utf8)) }
            return store
        } catch {
            FileHandle.standardError.write(Data("sockettutor: warning: \(error); your progress will not be kept\n".utf8))
            return nil
        }
    }

    /// The same, where a lesson runs beside it. SQLite's own descriptors are placed at 900
    /// and above (CSQLite's open override), so the lesson's sockets are 3, 4, … as in Python.
    static func openAboveLessonDescriptors() -> ProgressStore? { open() }
}
