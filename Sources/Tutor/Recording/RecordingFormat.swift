import Catalogue
import Foundation
import Glibc
import SocketTrace

/// The recording format, spelled out on purpose (docs/recording-format.md): every kind and
/// field named here, never by Swift's synthesized coding, so renaming a case in the code
/// cannot change a file. One JSON object a line: the header, the events, the end.
public enum RecordingFormat {
    /// One event line, or nil for an event kind this version does not know (skipped by the
    /// reader, as the compatibility rules say; its sequence number still counts).
    static func encode(_ stamped: StampedEvent) -> JSONValue {
        var o = JSONObjectBuilder()
        o.add("seq", stamped.sequence)
        o.add("t_ns", stamped.offsetNanoseconds)
        func kind(_ name: String) { o.add("kind", name) }
        switch stamped.event {
        case .started(let info):
            kind("lesson_started")
            o.add("lesson", info.id); o.add("title", info.title); o.add("language", info.language)
            o.add("actors", .array(info.actors.map { .string($0) })); o.add("steps", info.stepCount)
        case .narration(let section, let title, let text):
            kind("narration"); o.add("section", section); o.add("title", title); o.add("text", text)
        case .stepStarted(let step, let index, let actor, let note, let python):
            kind("step_started"); o.add("step", step); o.add("index", index); o.add("actor", actor)
            o.add("note", note); o.add("python", python)
        case .callStarted(let start):
            kind("call_started"); o.add("call_id", start.callID); o.add("actor", start.actor); o.add("step", start.stepID)
            o.add("call", encode(start.call))
        case .callBlocked(let id, let actor):
            kind("call_blocked"); o.add("call_id", id); o.add("actor", actor)
        case .callFinished(let id, let actor, let traced):
            kind("call_finished"); o.add("call_id", id); o.add("actor", actor)
            o.add("call", encode(traced.call)); o.add("result", encode(traced.outcome))
        case .stepSettled(let step, let blocked):
            kind("step_settled"); o.add("step", step); o.add("blocked", blocked)
        case .stepFinished(let step, let result):
            kind("step_finished"); o.add("step", step); o.add("outcome", encode(result))
        case .kernel(let sockets):
            kind("kernel"); o.add("sockets", .array(sockets.map(encode)))
        case .capture(let status):
            kind("capture"); o.add("capture", encode(status))
        case .packet(let packet):
            kind("packet"); o.add("packet", encode(packet))
        case .packetsDropped(let count):
            kind("packets_dropped"); o.add("count", count)
        case .instructions(let text):
            kind("instructions"); o.add("text", text)
        case .notice(let text):
            kind("notice"); o.add("text", text)
        case .ready: kind("ready")
        case .finished: kind("finished")
        case .left(let joined, let closed):
            kind("left"); o.add("joined_threads", joined); o.add("closed_descriptors", closed)
        }
        return o.value
    }

    /// The event of one line (its `seq` and `t_ns` already read), or nil for an unknown kind.
    static func decodeEvent(_ f: JSONFields, kind: String) throws(JSONFields.Failure) -> SessionEvent? {
        switch kind {
        case "lesson_started":
            return .started(LessonInfo(id: try f.string("lesson"), title: try f.string("title"), language: try f.string("language"),
                                       actors: try f.strings("actors"), stepCount: try f.int("steps", as: Int.self)))
        case "narration":
            return .narration(sectionID: try f.string("section"), title: try f.optionalString("title"), text: try f.string("text"))
        case "step_started":
            return .stepStarted(stepID: try f.string("step"), index: try f.int("index", as: Int.self), actor: try f.string("actor"),
                                note: try f.optionalString("note"), python: try f.string("python"))
        case "call_started":
            return .callStarted(CallStarted(callID: try f.int("call_id", as: Int.self), actor: try f.string("actor"),
                                            stepID: try f.string("step"), call: try decodeCall(f.object("call"))))
        case "call_blocked":
            return .callBlocked(callID: try f.int("call_id", as: Int.self), actor: try f.string("actor"))
        case "call_finished":
            let actor = try f.string("actor")
            return .callFinished(callID: try f.int("call_id", as: Int.self), actor: actor,
                                 call: TracedCall(actor: actor, call: try decodeCall(f.object("call")),
                                                  outcome: try decodeOutcome(f.object("result"))))
        case "step_settled":
            return .stepSettled(stepID: try f.string("step"), blocked: try f.bool("blocked"))
        case "step_finished":
            return .stepFinished(stepID: try f.string("step"), result: try decodeStepOutcome(f.object("outcome")))
        case "kernel":
            var sockets: [KernelSocket] = []
            for s in try f.objects("sockets") { sockets.append(try decodeKernelSocket(s)) }
            return .kernel(sockets)
        case "capture": return .capture(try decodeCapture(f.object("capture")))
        case "packet": return .packet(try decodePacket(f.object("packet")))
        case "packets_dropped": return .packetsDropped(try f.int("count", as: Int.self))
        case "instructions": return .instructions(try f.string("text"))
        case "notice": return .notice(try f.string("text"))
        case "ready": return .ready
        case "finished": return .finished
        case "left":
            return .left(joinedThreads: try f.int("joined_threads", as: Int.self), closedDescriptors: try f.int("closed_descriptors", as: Int.self))
        default: return nil
        }
    }

    static func encode(_ header: RecordingHeader) -> JSONValue {
        var o = JSONObjectBuilder()
        o.add("format", RecordingHeader.formatName)
        o.add("version", .object([("major", .int(Int64(header.version.major))), ("minor", .int(Int64(header.version.minor)))]))
        o.add("program", header.program)
        o.add("lesson", .object([("id", .string(header.lessonID)), ("title", .string(header.lessonTitle)), ("hash", .string(header.lessonHash))]))
        o.add("language", header.language)
        o.add("terminal", header.terminal.map { JSONValue.object([("columns", .int(Int64($0.columns))), ("rows", .int(Int64($0.rows)))]) } ?? .null)
        o.add("started_at", iso8601(header.startedAt))
        o.add("kernel_release", header.kernelRelease)
        o.add("capture", header.capture.map(encode) ?? .null)
        return o.value
    }

    static func decodeHeader(_ f: JSONFields) throws(JSONFields.Failure) -> RecordingHeader {
        let version = try f.object("version")
        let lesson = try f.object("lesson")
        var terminal: TerminalSize?
        if let t = try f.optionalObject("terminal") {
            terminal = TerminalSize(columns: try t.int("columns", as: Int.self), rows: try t.int("rows", as: Int.self))
        }
        let startedText = try f.string("started_at")
        guard let started = parseISO8601(startedText) else { throw f.fail(.startedAtFormat, ["example": "2026-12-04T10:20:30.123Z"]) }
        return RecordingHeader(version: RecordingVersion(major: try version.int("major", as: Int.self), minor: try version.int("minor", as: Int.self)),
                               program: try f.string("program"), lessonID: try lesson.string("id"), lessonTitle: try lesson.string("title"),
                               lessonHash: try lesson.string("hash"), language: try f.string("language"), terminal: terminal,
                               startedAt: started, kernelRelease: try f.string("kernel_release"),
                               capture: try f.optionalObject("capture").map { (c) throws(JSONFields.Failure) in try decodeCapture(c) })
    }

    static func encode(_ end: RecordingEnd) -> JSONValue {
        var o = JSONObjectBuilder()
        switch end.ending {
        case .finished: o.add("end", "finished")
        case .left: o.add("end", "left")
        case .signal(let signal): o.add("end", "signal"); o.add("signal", signal)
        }
        o.add("events", end.eventCount)
        return o.value
    }

    static func decodeEnd(_ f: JSONFields) throws(JSONFields.Failure) -> RecordingEnd {
        let ending: RecordingEnd.Ending
        switch try f.string("end") {
        case "finished": ending = .finished
        case "left": ending = .left
        case "signal": ending = .signal(try f.int("signal", as: Int32.self))
        case let other: throw f.fail(.unknownEnding, ["value": .text(String(other.prefix(30)))])
        }
        return RecordingEnd(eventCount: try f.int("events", as: Int.self), ending: ending)
    }

    /// `2026-12-04T10:20:30.123Z`. With libc's gmtime_r and timegm, not Foundation's
    /// formatters: those load ICU's data, several MB and milliseconds at every session start.
    static func iso8601(_ date: Date, compact: Bool = false) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let ms = Int(millis - Int64(seconds) * 1000)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        let date = "\(parts.tm_year + 1900)" + (compact ? "" : "-") + two(parts.tm_mon + 1) + (compact ? "" : "-") + two(parts.tm_mday)
        let time = two(parts.tm_hour) + (compact ? "" : ":") + two(parts.tm_min) + (compact ? "" : ":") + two(parts.tm_sec)
        return date + "T" + time + "." + msText + "Z"
    }

    /// Reads what `iso8601` writes, with or without the milliseconds (UTC only: `Z`).
    static func parseISO8601(_ text: String) -> Date? {
        let scalars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int32? {
            guard from + count <= scalars.count else { return nil }
            var v: Int32 = 0
            for b in scalars[from..<(from + count)] {
                guard (48...57).contains(b) else { return nil }
                v = v * 10 + Int32(b - 48)
            }
            return v
        }
        guard scalars.count >= 20, scalars.last == UInt8(ascii: "Z"),
              scalars[4] == UInt8(ascii: "-"), scalars[7] == UInt8(ascii: "-"), scalars[10] == UInt8(ascii: "T"),
              scalars[13] == UInt8(ascii: ":"), scalars[16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var millis = 0.0
        if scalars.count > 20 {
            guard scalars[19] == UInt8(ascii: "."), scalars.count >= 22, let fraction = number(20, scalars.count - 21) else { return nil }
            millis = Double(fraction) / pow(10, Double(scalars.count - 21)) * 1000
        }
        var parts = tm()
        parts.tm_year = year - 1900; parts.tm_mon = month - 1; parts.tm_mday = day
        parts.tm_hour = hour; parts.tm_min = minute; parts.tm_sec = second
        return Date(timeIntervalSince1970: Double(timegm(&parts)) + millis / 1000)
    }
}
