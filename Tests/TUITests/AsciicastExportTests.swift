import Foundation
import Testing
import Tutor
@testable import TUI

/// A recorded session exported as asciicast v2, read back with a JSON parser and held to the
/// format's rules and to what the recording holds.
@Suite struct AsciicastExportTests {
    /// A fixture as a recording (the fixtures predate the recording format's header line).
    static func recording(_ name: String, stretch: UInt64 = 1) throws -> Recording {
        var events = try Fixtures.events(name)
        for i in events.indices { events[i].offsetNanoseconds *= stretch }
        var info: LessonInfo?
        if case .started(let found)? = events.first?.event { info = found }
        let header = RecordingHeader(program: "sockettutor 0.1.0", lessonID: info?.id ?? name, lessonTitle: info?.title ?? name,
                                     lessonHash: "", language: info?.language ?? "en", terminal: nil,
                                     startedAt: Date(timeIntervalSince1970: 1_796_000_000.75), kernelRelease: "6.1", capture: nil)
        return Recording(header: header, events: events, end: RecordingEnd(eventCount: events.count, ending: .finished))
    }

    struct Cast {
        var header: [String: Any]
        var events: [(time: Double, kind: String, data: String)]
    }

    /// Parses the text as asciicast v2, recording an issue for every line that breaks the rules.
    static func parse(_ text: String) throws -> Cast {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.last == "", "the file ends with a newline")
        lines.removeLast()
        let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        var events: [(Double, String, String)] = []
        for (number, line) in lines.dropFirst().enumerated() {
            let array = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], "line \(number + 2)")
            #expect(array.count == 3, "line \(number + 2): 3 elements")
            let time = try #require(array[0] as? Double ?? (array[0] as? Int).map(Double.init), "line \(number + 2): a number")
            let kind = try #require(array[1] as? String, "line \(number + 2): a code")
            let data = try #require(array[2] as? String, "line \(number + 2): a string")
            #expect(kind == "o" || kind == "m", "line \(number + 2): \(kind)")
            events.append((time, kind, data))
        }
        return Cast(header: header, events: events)
    }

    @Test func theTCPWorkflowExportFollowsAsciicastV2Rules() throws {
        let recording = try Self.recording("tcp-workflow")
        let options = AsciicastExport.Options(size: ScreenSize(columns: 100, rows: 30), idleLimit: 2)
        let text = AsciicastExport.text(recording, options: options)
        // Valid UTF-8 throughout, and no escaped surrogate halves (which would decode to
        // invalid text in a player).
        let bytes = Data(text.utf8)
        #expect(String(validating: bytes, as: UTF8.self) != nil)
        #expect(text.range(of: #"\\u[dD][89a-fA-F][0-9a-fA-F]{2}"#, options: .regularExpression) == nil)

        let cast = try Self.parse(text)
        #expect(cast.header["version"] as? Int == 2)
        #expect(cast.header["width"] as? Int == 100)
        #expect(cast.header["height"] as? Int == 30)
        #expect(cast.header["timestamp"] as? Int == 1_796_000_000)
        #expect(cast.header["title"] as? String == "The TCP workflow, call by call (sockettutor)")
        #expect((cast.header["idle_time_limit"] as? NSNumber)?.doubleValue == 2)
        #expect((cast.header["env"] as? [String: String])?["TERM"] == "xterm-256color")
        // Only fields the v2 spec defines.
        let known: Set<String> = ["version", "width", "height", "timestamp", "duration", "idle_time_limit", "command", "title", "env", "theme"]
        #expect(Set(cast.header.keys).isSubset(of: known), "\(cast.header.keys)")

        let times = cast.events.map(\.time)
        #expect((times.first ?? -1) >= 0)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }, "times never go back")
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 <= 2 + 1e-6 }, "no pause beyond the idle limit")

        let outputs = cast.events.filter { $0.kind == "o" }
        let markers = cast.events.filter { $0.kind == "m" }
        #expect(outputs.count == recording.events.count, "one frame per recorded event")
        #expect(markers.count == 17, "one marker per step of the lesson")
        #expect(markers.first?.data == "step 1: server-socket")
        #expect(markers.map(\.data).contains("step 7: server-accept"))
        // The first frame hides the cursor and clears the screen before drawing.
        #expect(outputs.first?.data.hasPrefix("\u{1B}[?25l\u{1B}[0m\u{1B}[H\u{1B}[2J") == true)
    }

    @Test func playbackTimesComeFromThePlaybackClockAndCountersFromTheRecordedClock() throws {
        // Stretched a thousandfold: the 40 ms session becomes 40 s with long pauses.
        let recording = try Self.recording("tcp-workflow", stretch: 1000)
        let options = AsciicastExport.Options(idleLimit: 0.5)
        let cast = try Self.parse(AsciicastExport.text(recording, options: options))
        let expected = PlaybackClock.playbackTimes(recording.events, idleLimit: 0.5)
        let outputTimes = cast.events.filter { $0.kind == "o" }.map(\.time)
        #expect(outputTimes.count == expected.count)
        for (got, want) in zip(outputTimes, expected) { #expect(abs(got - want) < 1e-6) }
        let times = cast.events.map(\.time)
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 <= 0.5 + 1e-6 })

        // The blocked accept counts the real (recorded) seconds, not the shortened playback.
        let events = recording.events
        let acceptStart = try #require(events.first {
            if case .callStarted(let c) = $0.event { return c.call.name == "accept" } else { return false }
        })
        guard case .callStarted(let accept) = acceptStart.event else { return }
        let resumed = try #require(events.firstIndex {
            if case .callFinished(let id, _, _) = $0.event { return id == accept.callID } else { return false }
        })
        let lastPending = events[resumed - 1]
        let elapsed = Double(lastPending.offsetNanoseconds - acceptStart.offsetNanoseconds) / 1e9
        // (After "⏳" the renderer sets the column itself: see AnsiRenderer.)
        let shown = String(format: " blocked %.1f s", elapsed)
        #expect(elapsed > 0.5, "the stretched wait is longer than the idle limit")
        #expect(cast.events.contains { $0.kind == "o" && $0.data.contains(shown) }, "\(shown)")
    }

    @Test func aCJKLessonExportsItsWideTextIntact() throws {
        let recording = try Self.recording("zh-echo")
        let cast = try Self.parse(AsciicastExport.text(recording, options: AsciicastExport.Options(size: .minimum)))
        let all = cast.events.filter { $0.kind == "o" }.map(\.data).joined()
        var view = LessonView(lessonNumber: 1, lessonCount: 1, lessonTitle: recording.header.lessonTitle, quitEndsProgram: true)
        for event in recording.events { view.apply(event) }
        let last = LessonScreen.render(view, size: .minimum, now: 0)
        // Some wide text of the final screen appears in the output as it is.
        let wideRow = try #require((0..<last.height).first { y in last.row(y).contains { $0.width == 2 } })
        let sample = last.row(wideRow).filter { !$0.isContinuation }.map(\.text).joined()
            .split(separator: " ").first { $0.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } }
        #expect(all.contains(String(try #require(sample))))
    }

    @Test func asciicastStringsEscapeControlsAndKeepUnicode() {
        #expect(AsciicastJSON.string("a\u{1B}[0m\"\\\n中") == "\"a\\u001b[0m\\\"\\\\\\n中\"")
        #expect(AsciicastJSON.seconds(0) == "0.000000")
        #expect(AsciicastJSON.seconds(12.3456789) == "12.345679")
        #expect(AsciicastJSON.number(2) == "2")
        #expect(AsciicastJSON.number(0.5) == "0.5")
    }
}
