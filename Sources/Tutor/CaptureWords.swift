import Catalogue
import Foundation

/// Why packets are not captured, in the learner's language. The plan is made at start-up,
/// before any lesson (and its language) is known, so its reasons are English; the session
/// says them again in its language. sysctl names, capabilities and errnos stay as they are.
public enum CaptureWords {
    /// What a recording's header says when the lesson runs on the host's loopback.
    public static let hostLoopbackPlanned = "this lesson runs on the host's loopback, where capture needs CAP_NET_RAW"

    /// The reasons a plan can give, each found again in its English form.
    static let reasons: [Phrase] = [
        .captureOff, .captureNotAsked, .captureHostLoopback, .captureNoNetRaw, .captureUsernsDisabled,
        .captureAppArmorForbids, .captureUnshareManyThreads, .captureUnshareFailed,
    ]

    public static func reason(_ english: String, _ w: Words) -> String {
        guard w.language != .en else { return english }
        if english == hostLoopbackPlanned { return w(.captureHostLoopback) }
        for phrase in reasons {
            guard let values = match(Words(.en)(phrase), english) else { continue }
            var said: [String: CustomStringConvertible] = [:]
            for (name, value) in values {
                switch name {
                case "why": said[name] = reason(value, w)  // itself one of the reasons
                case "message": said[name] = values["name"].flatMap(ErrnoMeaning.chinese) ?? value  // strerror's words
                default: said[name] = value
                }
            }
            return w(phrase, said)
        }
        return english
    }

    /// The values of an English template (`no CAP_NET_RAW, and {why}`) in a text made from
    /// it, or nil when the text is not one of its forms.
    static func match(_ template: String, _ text: String) -> [String: String]? {
        var pattern = "^", names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            pattern += NSRegularExpression.escapedPattern(for: String(rest[..<open])) + "(.*?)"
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        pattern += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]),
              let found = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        var values: [String: String] = [:]
        for (i, name) in names.enumerated() {
            guard let range = Range(found.range(at: i + 1), in: text) else { return nil }
            values[name] = String(text[range])
        }
        return values
    }
}
