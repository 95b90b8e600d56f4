import Catalogue
import Foundation
import SocketTrace

/// Turns events into the line-by-line transcript of `--plain`: narrative, then one line
/// per call in strace's shape prefixed by the actor, each followed by its Python line.
/// A call that blocks gets a line when it blocks and another when it resumes.
public struct PlainTranscript {
    private var held: [Int: CallStarted] = [:]
    private var blocked: Set<Int> = []
    private var python: [String: String] = [:]
    private var kernelShown: Set<String> = []
    private let w: Words

    /// `language`: the transcript's own words (tags, notes); C calls, errno names, Python
    /// lines and Python's messages stay as they are.
    public init(language: String = "en") { w = Words(language) }

    /// The lines this event adds (possibly none).
    public mutating func lines(for stamped: StampedEvent) -> [String] {
        switch stamped.event {
        case .started(let info):
            return ["== \(info.title) (\(info.id)) =="]
        case .narration(_, let title, let text):
            var out = [""]
            if let title { out.append("## \(title)") }
            out += text.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n")
            return out
        case .stepStarted(let id, _, _, let note, let line):
            python[id] = line
            guard let note else { return [""] }
            return [""] + note.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n").map { "  » " + $0 }
        case .callStarted(let start):
            held[start.callID] = start
            return []
        case .callBlocked(let id, let actor):
            guard let start = held[id] else { return [] }
            blocked.insert(id)
            return withPython(["[\(actor)] \(ResultWords.call(start.call, nil, w)) " + w(.plainBlocked)], stepID: start.stepID)
        case .callFinished(let id, let actor, let traced):
            let start = held.removeValue(forKey: id)
            if blocked.remove(id) != nil {
                return ["[\(actor)] <… \(traced.call.name) resumed> \(Self.resumedArguments(traced))\(ResultWords.result(traced.call, traced.outcome, w))"]
            }
            return withPython(["[\(actor)] \(ResultWords.call(traced.call, traced.outcome, w)) \(ResultWords.result(traced.call, traced.outcome, w))"], stepID: start?.stepID ?? "")
        case .stepSettled, .ready:
            return []
        case .stepFinished(_, let result):
            switch result {
            case .returned: return []
            case .endOfStream: return ["    " + w(.plainEndOfStream)]
            case .timedOut: return ["    " + w(.plainRaises, ["exception": "TimeoutError: timed out"])]
            case .raised(let exception, let errno):
                return ["    " + w(.plainRaises, ["exception": "\(exception)" + (errno.map { ": [Errno \($0.code)] \($0.message)" } ?? "")])]
            }
        case .kernel(let rows):
            // Only what changed since the last look: new sockets and new states or queues.
            let lines = rows.map { KernelWords.line($0, w) }
            let now = Set(lines)
            defer { kernelShown = now }
            return lines.filter { !kernelShown.contains($0) }.map { "[\(w(.tagKernel))] " + $0 }
        case .capture(.capturing(let place)):
            return ["[\(w(.tagPacket))] " + w(.plainCapturing, ["place": place.hasPrefix("lo,") ? w(.captureOwnNamespace) : place])]
        case .capture(.unavailable(let reason)):
            return ["[\(w(.tagPacket))] " + w(.plainNotCaptured, ["reason": reason])]
        case .packet(let packet):
            return ["[\(w(.tagPacket))] " + Self.milliseconds(packet.offsetNanoseconds) + " " + packet.description]
        case .packetsDropped(let count):
            return ["[\(w(.tagPacket))] " + w(count == 1 ? .plainDroppedOne : .plainDroppedMany, ["n": count])]
        case .notice(let text):
            return ["[\(w(.plainNote))] \(text)"]
        case .instructions(let text):
            return text.components(separatedBy: "\n").map { "[\(w(.plainYou))] " + $0 }
        case .finished:
            return ["", w(.plainEndOfLesson)]
        case .left(let joined, let closed):
            return ["[\(w(.tagSession))] " + w(.plainLeft, ["threads": w(joined == 1 ? .threadsOne : .threadsMany, ["n": joined]),
                                                           "descriptors": w(closed == 1 ? .descriptorsOne : .descriptorsMany, ["n": closed])])]
        }
    }

    /// What a resumed read brought, as strace shows it: `"hi\n", 1024, 0) `; nothing for
    /// other calls, whose blocked line already showed every argument.
    static func resumedArguments(_ traced: TracedCall) -> String {
        switch traced.call {
        case .recv, .read, .recvfrom:
            guard traced.outcome.error == nil else { return "" }
            let whole = TraceLine.call(traced.call, traced.outcome)
            guard let comma = whole.range(of: ", ") else { return "" }
            return String(whole[comma.upperBound...]) + " "
        default:
            return ""
        }
    }

    /// `12.345ms`: the packet's time since the lesson started.
    static func milliseconds(_ nanoseconds: UInt64) -> String {
        String(format: "%.3fms", Double(nanoseconds) / 1e6)
    }

    private mutating func withPython(_ lines: [String], stepID: String) -> [String] {
        guard let line = python.removeValue(forKey: stepID) else { return lines }
        // A Python "line" may span several (its imports, a loop): each indented alike.
        return lines + line.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
    }
}
