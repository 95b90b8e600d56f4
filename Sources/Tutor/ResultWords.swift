import Catalogue
import Foundation
import SocketTrace

/// A call's result in the learner's language: `= -1 EPIPE (Broken pipe)` as strace prints
/// it in English; in Chinese the errno's name stays (it is what C and Python print) and its
/// meaning is said in Chinese instead of the C library's English: `= -1 EPIPE（管道破裂：对端已关闭）`.
/// getaddrinfo's errors likewise: `= EAI_NONAME（未知的名称或服务）`, gethostbyname's h_errno
/// `= NULL（h_errno HOST_NOT_FOUND：未知的主机）`, getservbyname's `= NULL（没有该条目）`. Every errno Linux defines
/// has a meaning; a number it does not define reads `E999（未知错误 999）`.
public enum ResultWords {
    /// The call as TraceLine shows it; in Chinese, the tutor's own words for a step that
    /// makes no system call (fileno) are said in Chinese too.
    public static func call(_ call: SocketCall, _ outcome: CallOutcome?, _ w: Words) -> String {
        guard w.language != .en, case .fileno = call else { return TraceLine.call(call, outcome) }
        return w(.traceNoSystemCall, ["call": call.name])
    }

    public static func result(_ call: SocketCall, _ outcome: CallOutcome, _ w: Words) -> String {
        let text = TraceLine.result(call, outcome)
        guard w.language == .zh else { return text }
        if outcome.error == nil, let own = ownWords(call, outcome, w) { return own }
        if let lookup = outcome.lookupError {
            switch call {
            case .getservbyname, .getservbyport, .getprotobyname:
                return text.replacingOccurrences(of: " (no entry)", with: "（\(w(.lookupNoEntry))）")
            case .gethostbyname, .gethostbyaddr:
                // The h_errno name, and the tutor's own words after it if any (not a numeric address).
                let name = String(lookup.prefix { $0 != " " })
                guard let meaning = ErrnoMeaning.chinese(name) else { return text }
                return text.replacingOccurrences(of: " (h_errno \(lookup))", with: "（h_errno \(name)：\(meaning)）")
            default:
                guard let (name, message) = named(lookup), let meaning = ErrnoMeaning.chinese(name) else { return text }
                return text.replacingOccurrences(of: "\(name) (\(message))", with: "\(name)（\(meaning)）")
            }
        }
        guard let error = outcome.error else { return text }
        let meaning = ErrnoMeaning.chinese(error.name) ?? ErrnoMeaning.unknown(error.code)
        return text.replacingOccurrences(of: "\(error.name) (\(error.message))", with: "\(error.name)（\(meaning)）")
    }

    /// `EAI_NONAME (Name or service not known)` → its name and the C library's words.
    static func named(_ lookupError: String) -> (String, String)? {
        guard let open = lookupError.range(of: " ("), lookupError.hasSuffix(")") else { return nil }
        return (String(lookupError[..<open.lowerBound]),
                String(lookupError[open.upperBound..<lookupError.index(before: lookupError.endIndex)]))
    }

    /// An errno on its own: `EPERM (1) Operation not permitted`; in Chinese its name and meaning.
    public static func errno(_ e: ErrnoValue, _ w: Words) -> String {
        guard w.language == .zh else { return e.description }
        return "\(e.name)（\(ErrnoMeaning.chinese(e.name) ?? ErrnoMeaning.unknown(e.code))）"
    }

    /// Results TraceLine words itself (not strace's): fileno's and list_fds'.
    static func ownWords(_ call: SocketCall, _ o: CallOutcome, _ w: Words) -> String? {
        switch call {
        case .fileno:
            return w(.traceFilenoKeeps, ["fd": o.returnValue])
        case .listDescriptors:
            var text = w(.traceEntries, ["n": o.returnValue, "fds": (o.descriptors ?? []).map(String.init).joined(separator: ", ")])
            // DescriptorTable's note: "N of the tutor's own, FROM and above, not shown".
            if let note = o.value {
                let numbers = note.split { !$0.isNumber }.map(String.init)
                text += numbers.count == 2 ? w(.traceTutorsOwn, ["n": numbers[0], "from": numbers[1]]) : " (\(note))"
            }
            return text
        default:
            return nil
        }
    }
}
