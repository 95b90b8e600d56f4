import Foundation
import Testing
import Tutor
@testable import TUI

/// Many actors at 80×24: the screen gives its rows to what the step is about.
@Suite struct LessonLayoutTests {
    @Test func actorsShareEquallyWhenEachShareIsComfortable() {
        #expect(LessonLayout.actorHeights(["server", "client"], active: ["server"], rows: 18) == [9, 9])
        #expect(LessonLayout.actorHeights(["a", "b", "c"], active: [], rows: 18) == [6, 6, 6])
    }

    @Test func idleActorsShrinkToTheirLastCallWhenRoomIsShort() {
        let heights = LessonLayout.actorHeights(["server", "alice", "bob", "carol", "dave"], active: ["dave"], rows: 18)
        #expect(heights == [3, 3, 3, 3, 6])
        #expect(heights.reduce(0, +) == 18)
        let two = LessonLayout.actorHeights(["server", "alice", "bob", "carol", "dave"], active: ["server", "dave"], rows: 18)
        #expect(two == [4, 3, 3, 3, 5])
    }

    @Test func everyoneActiveOrNobodyActiveKeepsEqualShares() {
        let names = ["server", "alice", "bob", "carol", "dave"]
        #expect(LessonLayout.actorHeights(names, active: Set(names), rows: 18) == [3, 3, 3, 3, 6])
        #expect(LessonLayout.actorHeights(names, active: [], rows: 18) == [3, 3, 3, 3, 6])
    }

    @Test func withoutPacketsTheKernelPaneTakesAllButTheNote() {
        let size = ScreenSize(columns: 80, rows: 24)
        let plain = LessonLayout(size: size, actors: ["server", "client"])
        let noted = LessonLayout(size: size, actors: ["server", "client"], packetsNoteOnly: true)
        #expect(noted.kernel.width > plain.kernel.width)
        #expect(noted.packets.width >= TextWidth.columns("─ packets: not captured ─"))
        #expect(noted.kernel.width + noted.packets.width + 1 == 80)
    }

    /// The case: backlog at 80×24, five actors, Dave's connect blocked on a full
    /// queue. The listener's row (its queue over the limit) must be in the kernel pane.
    @Test func backlogKeepsTheFullListenerInSightAt80x24() throws {
        let recording = try RecordingReader.read(path: LessonSnapshotTests.directory.appendingPathComponent("backlog.jsonl").path)
        var view = LessonView(lessonNumber: 1, lessonCount: 1, lessonTitle: "backlog", quitEndsProgram: false)
        for event in recording.events {
            view.apply(event)
            if case .stepSettled("dave-connect", true) = event.event { break }
        }
        let grid = LessonScreen.render(view, size: ScreenSize(columns: 80, rows: 24), now: view.shown.lastEventAt)
        let kernelRows = grid.text.split(separator: "\n").suffix(4).dropLast()
        #expect(kernelRows.contains { $0.contains("LISTEN") && $0.contains("accept-queue 3/2") }, "\(kernelRows)")
        // Dave is the one the step is about: his pane is taller than each idle client's.
        let layout = LessonScreen.layout(view.shown, size: ScreenSize(columns: 80, rows: 24))
        let heights = Dictionary(uniqueKeysWithValues: layout.actors.map { ($0.name, $0.rect.height) })
        #expect(heights["dave"]! > heights["alice"]!)
    }
}

extension LessonLayoutTests {
    /// concurrency: seven actors, the server and three threads at work: the idle clients
    /// keep their title and newest line, the four active ones show a call and its Python line.
    @Test func sevenActorsGiveTheActiveOnesACallAndItsPythonLine() {
        let names = ["server", "thread-1", "thread-2", "thread-3", "alice", "bob", "carol"]
        let heights = LessonLayout.actorHeights(names, active: ["server", "thread-1", "thread-2", "thread-3"], rows: 18)
        #expect(heights == [3, 3, 3, 3, 2, 2, 2] || heights.prefix(4).allSatisfy { $0 >= 3 })
        #expect(heights.reduce(0, +) == 18)
        #expect(heights.suffix(3).allSatisfy { $0 == 2 })
        // Nobody active: equal shares, the leftover to the last.
        #expect(LessonLayout.actorHeights(names, active: [], rows: 18) == [2, 2, 2, 2, 2, 2, 6])
    }
}
