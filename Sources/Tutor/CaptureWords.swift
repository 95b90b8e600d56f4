import Catalogue

/// Why packets are not captured, in the learner's language. The plan is made at start-up,
/// before any lesson (and its language) is known, so its reasons are English; the session
/// says them again in its language. sysctl names, capabilities and errnos stay as they are.
public enum CaptureWords {
    /// What a recording's header says when the lesson runs on the host's loopback.
    public static let hostLoopbackPlanned = "this lesson runs on the host's loopback, where capture needs CAP_NET_RAW"

    public static func reason(_ english: String, _ w: Words) -> String {
        guard w.language != .en else { return english }
        if english == Words(.en)(.captureOff) { return w(.captureOff) }
        if english == Words(.en)(.captureNotAsked) { return w(.captureNotAsked) }
        if english == hostLoopbackPlanned || english == Words(.en)(.captureHostLoopback) { return w(.captureHostLoopback) }
        let noNetRaw = "no CAP_NET_RAW, and "
        if english.hasPrefix(noNetRaw) { return w(.captureNoNetRaw, ["why": String(english.dropFirst(noNetRaw.count))]) }
        return english
    }
}
