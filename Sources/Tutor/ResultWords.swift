import Catalogue
import Foundation
import SocketTrace

/// A call's result in the learner's language: `= -1 EPIPE (Broken pipe)` as strace prints
/// it in English; in Chinese the errno's name stays (it is what C and Python print) and its
/// meaning is said in Chinese instead of the C library's English: `= -1 EPIPE（管道破裂：对端已关闭）`.
/// An errno the table does not know keeps the C library's words.
public enum ResultWords {
    public static func result(_ call: SocketCall, _ outcome: CallOutcome, _ w: Words) -> String {
        let text = TraceLine.result(call, outcome)
        guard w.language == .zh, let error = outcome.error, outcome.lookupError == nil,
              let meaning = ErrnoMeaning.chinese(error.name) else { return text }
        return text.replacingOccurrences(of: "\(error.name) (\(error.message))", with: "\(error.name)（\(meaning)）")
    }
}
