import Foundation
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
}
