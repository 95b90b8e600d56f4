import Foundation
import Glibc
import Progress

enum LearnerStore {
    /// The learner's progress store, or nil (said on stderr) when it cannot be had: a quiz or
    /// lesson still runs without it. Opened only by the commands that keep progress, so that
    /// `list` and the others start without touching it. SQLite's descriptors sit at 900 and
    /// above (CSQLite's open override), so a lesson beside the store still gets 3, 4, ….
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
}
