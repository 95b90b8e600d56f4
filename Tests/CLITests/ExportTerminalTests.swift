import Foundation
import Testing
import TUI
import Tutor

/// An exported cast played into a real terminal (tmux) ends on the very screen the lesson
/// screen renders: the ANSI renderer draws what the grid holds, wide characters included.
@Suite(.serialized, .enabled(if: Tmux.available, "needs tmux (.ci/run installs it)"))
struct ExportTerminalTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TUITests/Fixtures")

    /// A recorded fixture session (TUITests' Fixtures).
    static func recording(_ name: String) throws -> Recording {
        try RecordingReader.read(path: fixtures.appendingPathComponent("\(name).jsonl").path)
    }

    @Test(arguments: [("tcp-workflow", 100, 30), ("zh-echo", 80, 24), ("client-server", 120, 40)])
    func theLastFramePlayedInATerminalIsTheRenderedScreen(fixture: String, columns: Int, rows: Int) throws {
        let recording = try Self.recording(fixture)
        let size = ScreenSize(columns: columns, rows: rows)
        let options = AsciicastExport.Options(size: size, idleLimit: 2, colors: true)
        // Through the file format and back: what a player would read.
        let output = try AsciicastExport.text(recording, options: options).split(separator: "\n").dropFirst().compactMap { line -> String? in
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            return event[1] as? String == "o" ? event[2] as? String : nil
        }.joined()

        var view = LessonView(lessonNumber: options.lessonNumber, lessonCount: options.lessonCount,
                              lessonTitle: recording.header.lessonTitle, quitEndsProgram: true)
        for event in recording.events { view.apply(event) }
        let last = Double(recording.events.last?.offsetNanoseconds ?? 0) / 1e9
        let expected = LessonScreen.render(view, size: size, now: last).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cast-\(UUID().uuidString).out").path
        try Data(output.utf8).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        // The sleep keeps the pane alive (and free of tmux's "Pane is dead") while we read it.
        let tmux = try Tmux(["sh", "-c", "cat \(path); sleep 60"], columns: columns, rows: rows)
        func trimmed(_ screen: String) -> [String] {
            var lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                var s = String(line)
                while s.hasSuffix(" ") { s.removeLast() }
                return s
            }
            while lines.count > rows, lines.last == "" { lines.removeLast() }
            return lines
        }
        let screen = trimmed(try tmux.waitFor("the last frame") { trimmed($0) == expected })
        #expect(screen.count == expected.count)
        for (row, (got, want)) in zip(screen, expected).enumerated() {
            #expect(got == want, "row \(row + 1)")
        }
        // And in colour: the title bar black on cyan, as the full screen shows it.
        let title = try tmux.styledScreen().split(separator: "\n").first.map(String.init) ?? ""
        #expect(title.contains("\u{1B}[30m") && title.contains("\u{1B}[46m"), "\(title.debugDescription)")
    }
}
