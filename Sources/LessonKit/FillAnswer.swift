import Foundation

/// How a typed answer is compared with a fill-in question's accepted forms. A learner
/// should not lose a point for `Socket.Accept ()`, `080` or a full-width `ＥＰＩＰＥ`
/// typed with a Chinese input method: what is forgiven is spelling around the answer,
/// never the answer itself.
public enum FillAnswer {
    /// The form compared: compatibility-folded (full-width letters and digits become
    /// ASCII), lower-cased, every space removed (surrounding and inner), then a leading
    /// `socket.` and a trailing `()` dropped.
    public static func normalized(_ text: String) -> String {
        var folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        folded.removeAll { $0.isWhitespace }
        if folded.hasPrefix("socket."), folded.count > "socket.".count { folded.removeFirst("socket.".count) }
        if folded.hasSuffix("()"), folded.count > 2 { folded.removeLast(2) }
        return folded
    }

    /// The value of a plain decimal number (`80`, `080`, `80.0`, `-1`): digits with at most
    /// one point and a leading sign. Not `0x50`, `1e2` or `eighty`, which Double(_:) would
    /// partly take.
    public static func number(_ normalized: String) -> Double? {
        var body = Substring(normalized)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        guard !body.isEmpty, body.count <= 40, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              body.filter({ $0 == "." }).count <= 1, body.contains(where: \.isNumber) else { return nil }
        return Double(normalized)
    }

    /// Whether `typed` matches `accepted`: numbers as numbers, everything else as text.
    public static func matches(_ typed: String, _ accepted: String) -> Bool {
        let a = normalized(typed), b = normalized(accepted)
        guard !a.isEmpty else { return false }
        if let x = number(a), let y = number(b) { return x == y }
        return a == b
    }
}
