import Foundation
import Testing
import Tutor
@testable import TUI

/// The player and the Recent sessions screen as a learner sees them.
@Suite struct ReplaySnapshotTests {
    /// tcp-workflow paused at the step mark after accept blocked, at 2×.
    func pausedAtAccept() throws -> ReplayView {
        var view = ReplayView(recording: ReplayTests.recording(try Fixtures.events("tcp-workflow")), idleLimit: 2, quitEndsProgram: true)
        view.moveSteps(8)
        view.changeSpeed(by: 1)
        return view
    }

    @Test func playerShowsTheLessonScreenWithReplayLabelProgressTimeAndSpeed() throws {
        let view = try pausedAtAccept()
        #expect(view.lesson.shown.pendingCalls.first?.call.name == "accept")
        for size in [ScreenSnapshotTests.small, ScreenSnapshotTests.large] {
            let grid = ReplayScreen.render(view, size: size)
            Snapshot.check(grid, "replay-accept-\(size.columns)x\(size.rows)")
            let rows = grid.text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(rows.first?.contains("REPLAY · The TCP workflow, call by call") == true)
            #expect(rows.first?.contains("step 7/17") == true)
            #expect(rows.last?.contains("‖ paused 2×") == true)
            #expect(rows.last?.contains("█") == true && rows.last?.contains("░") == true, "a progress bar, part played")
            #expect(grid.text.contains("⏳ blocked"))
            // Below the header and above the bar, exactly the live screen at the same point.
            var live = LessonView(lessonNumber: 3, lessonCount: 6, lessonTitle: "The TCP workflow, call by call", quitEndsProgram: true)
            for event in try Fixtures.events("tcp-workflow").prefix(view.position) { live.apply(event) }
            let liveRows = LessonScreen.render(live, size: size, now: view.recordedTime).text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(Array(rows.dropFirst().dropLast()) == Array(liveRows.dropFirst().dropLast()))
        }
    }

    @Test func replayHelpListsThePlayersKeys() throws {
        var view = try pausedAtAccept()
        view.showingHelp = true
        for size in [ScreenSnapshotTests.small, ScreenSnapshotTests.large] {
            let grid = ReplayScreen.render(view, size: size)
            Snapshot.check(grid, "replay-help-\(size.columns)x\(size.rows)")
            for key in ["Space", ". ,", "] [", "+ -", "0 … 9", "g G", "Waits longer than 2 s play as 2 s", "Any key closes"] {
                #expect(grid.text.contains(key), "\(key)")
            }
        }
    }

    static let entries: [RecentView.Session] = [
        RecentView.Session(path: "/r/3.jsonl", lessonID: "tcp-workflow", lessonTitle: "The TCP workflow, call by call",
                             startedAt: Date(timeIntervalSince1970: 1_796_000_000), duration: 95.25, ending: .finished),
        RecentView.Session(path: "/r/2.jsonl", lessonID: "closing", lessonTitle: "Closing a connection",
                             startedAt: Date(timeIntervalSince1970: 1_795_990_000), duration: 12.5, ending: .left),
        RecentView.Session(path: "/r/1.jsonl", lessonID: "backlog", lessonTitle: "The accept queue",
                             startedAt: Date(timeIntervalSince1970: 1_795_980_000), duration: 3700, ending: .signal(15)),
        RecentView.Session(path: "/r/0.jsonl", lessonID: "layers", lessonTitle: "Layers",
                             startedAt: Date(timeIntervalSince1970: 1_795_970_000), duration: 4, ending: nil),
    ]

    @Test func recentSessionsListsLessonDateLengthAndHowEachEnded() throws {
        var view = RecentView(entries: Self.entries, directory: "/home/learner/.local/state/sockettutor/recordings")
        view.move(by: 1)
        let utc = try #require(TimeZone(identifier: "UTC"))
        for size in [ScreenSnapshotTests.small, ScreenSnapshotTests.large] {
            let grid = RecentScreen.render(view, size: size, timeZone: utc)
            Snapshot.check(grid, "recent-\(size.columns)x\(size.rows)")
            #expect(grid.text.contains("▸ 2026-11-29 22:06  0:12.5     left        closing · Closing a connection"))
            for text in ["finished", "signal 15", "cut short", "1:01:40.0", "Enter replay"] { #expect(grid.text.contains(text), "\(text)") }
        }
    }

    @Test func noRecentSessionsSaysWhereTheyAreKept() {
        let grid = RecentScreen.render(RecentView(entries: [], directory: "/home/learner/.local/state/sockettutor/recordings"),
                                       size: ScreenSnapshotTests.small)
        Snapshot.check(grid, "recent-empty-80x24")
        #expect(grid.text.contains("No recorded sessions yet."))
        #expect(grid.text.contains("/home/learner/.local/state/sockettutor/recordings"))
    }
}
