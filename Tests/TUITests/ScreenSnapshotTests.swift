import Foundation
import LessonKit
import SocketTrace
import Testing
import Tutor
@testable import TUI

/// The screens a learner sees, rendered from recorded real sessions at 80×24 and 120×40.
@Suite struct ScreenSnapshotTests {
    static let small = ScreenSize(columns: 80, rows: 24)
    static let large = ScreenSize(columns: 120, rows: 40)

    /// The lesson view after folding `events` up to the end of step `stepID` (its return, or
    /// the moment the kernel reported it blocked); nil: the whole session.
    func view(_ fixture: String, through stepID: String?, lessonNumber: Int = 3, title: String = "The TCP workflow, call by call") throws -> LessonView {
        let events = try Fixtures.events(fixture)
        var view = LessonView(lessonNumber: lessonNumber, lessonCount: 3, lessonTitle: title, quitEndsProgram: false)
        for event in events {
            view.apply(event)
            if case .stepSettled(let id, true) = event.event, id == stepID { break }
            if case .stepFinished(let id, _) = event.event, id == stepID { break }
        }
        return view
    }

    func pending(_ view: LessonView) throws -> SessionState.TraceEntry {
        try #require(view.shown.pendingCalls.first)
    }

    @Test func menuListsTheLessonsInOrder() throws {
        let library = try LessonLibrary.load(directory: Fixtures.lessons)
        let menu = MenuView(entries: library.lessons.map {
            MenuView.Entry(id: $0.id, title: $0.title.resolved("en"), summary: $0.summary.resolved("en"))
        })
        for size in [Self.small, Self.large] {
            let grid = MenuScreen.render(menu, size: size)
            Snapshot.check(grid, "menu-\(size.columns)x\(size.rows)")
            #expect(grid.text.contains("▸  1  client-server"))
        }
    }

    @Test func lessonMidwayShowsAcceptPendingWithItsElapsedTime() throws {
        let view = try view("tcp-workflow", through: "server-accept")
        let accept = try pending(view)
        #expect(accept.call.name == "accept" && accept.blocked)
        for size in [Self.small, Self.large] {
            let grid = LessonScreen.render(view, size: size, now: accept.startedAt + 2.14)
            Snapshot.check(grid, "lesson-accept-pending-\(size.columns)x\(size.rows)")
            #expect(grid.text.contains("accept(") && grid.text.contains("⏳ blocked 2.1 s"))
        }
    }

    @Test func errorResultShowsSymbolicNameMessageAndPythonException() throws {
        let view = try view("tcp-workflow", through: "send-on-listener")
        for size in [Self.small, Self.large] {
            let grid = LessonScreen.render(view, size: size, now: view.shown.lastEventAt)
            Snapshot.check(grid, "lesson-error-\(size.columns)x\(size.rows)")
            #expect(grid.text.contains("= -1 EPIPE (Broken"))
            #expect(grid.text.contains("✗ raises BrokenPipeError: [Errno 32]"))
        }
    }

    @Test func helpOverlayListsEveryKey() throws {
        var view = try view("tcp-workflow", through: "server-listen")
        view.showingHelp = true
        for size in [Self.small, Self.large] {
            let grid = LessonScreen.render(view, size: size, now: view.shown.lastEventAt)
            Snapshot.check(grid, "lesson-help-\(size.columns)x\(size.rows)")
            for key in ["Space → n", "b ←", "PgUp PgDn", "Tab", "Any key closes"] { #expect(grid.text.contains(key)) }
        }
    }

    @Test func tooSmallTerminalSaysWhatItNeedsAndHas() throws {
        let view = try view("tcp-workflow", through: "server-accept")
        let grid = LessonScreen.render(view, size: ScreenSize(columns: 60, rows: 20), now: 0)
        Snapshot.check(grid, "too-small-60x20")
        #expect(grid.text.contains("terminal too small: need 80×24, have 60×20"))
        let menu = MenuScreen.render(MenuView(entries: []), size: ScreenSize(columns: 79, rows: 24))
        #expect(menu.text.contains("have 79×24"))
    }

    @Test func fourActorsEachGetAPaneAt80x24() throws {
        let view = try view("client-server", through: nil, lessonNumber: 1, title: "Clients and servers")
        let grid = LessonScreen.render(view, size: Self.small, now: view.shown.lastEventAt)
        Snapshot.check(grid, "client-server-end-80x24")
        for actor in ["server", "alice", "bob", "carol"] { #expect(grid.text.contains(" \(actor) ─")) }
    }

    /// The whole tcp-workflow, captured on lo: the packets pane ends with the closing FINs,
    /// and the kernel pane with the client's TIME_WAIT, which no descriptor owns.
    @Test(arguments: [ScreenSnapshotTests.small, ScreenSnapshotTests.large])
    func packetsAndKernelPanesAtTheEnd(size: ScreenSize) throws {
        let view = try view("tcp-workflow", through: nil, lessonNumber: 3, title: "The TCP workflow, call by call")
        let grid = LessonScreen.render(view, size: size, now: view.shown.lastEventAt)
        Snapshot.check(grid, "tcp-workflow-end-\(size.columns)x\(size.rows)")
        #expect(grid.text.contains("─ packets on lo ─"))
        let packetRows = grid.text.split(separator: "\n").suffix(size.rows >= 36 ? 7 : 4)
        #expect(packetRows.contains { $0.contains("FIN,ACK") }, "\(packetRows)")
        #expect(grid.text.contains("TIME_WAIT"))
    }

    @Test func historyShowsAnEarlierStepAndSaysSo() throws {
        var view = try view("tcp-workflow", through: "server-accept")
        view.stepBack()
        view.stepBack()
        let grid = LessonScreen.render(view, size: Self.small, now: 99)
        Snapshot.check(grid, "lesson-history-80x24")
        #expect(grid.text.contains("◀ history: after step 5/17"))
        #expect(!grid.text.contains("accept("), "accept had not started after step 5")
    }

    @Test func chineseNarrativeLinesUpInColumns() throws {
        let view = try view("zh-echo", through: "k", lessonNumber: 1, title: "回声服务器")
        for size in [Self.small, Self.large] {
            let grid = LessonScreen.render(view, size: size, now: view.shown.lastEventAt)
            Snapshot.check(grid, "zh-echo-\(size.columns)x\(size.rows)")
            let separator = size.columns * 9 / 20
            for (row, line) in grid.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                #expect(TextWidth.columns(line) <= size.columns, "row \(row) fits the screen")
                // Between the header and the kernel pane, the pane border sits in one column on every row.
                guard row >= 1, row < LessonLayout(size: size, actors: ["server", "client"]).kernel.row else { continue }
                var column = 0
                var found: Int?
                for character in line {
                    if "│├┬".contains(character) { found = column; break }
                    column += TextWidth.columns(character)
                }
                #expect(found == separator, "row \(row): border at column \(found ?? -1), want \(separator): \(line)")
            }
            #expect(grid.text.contains("accept() 会一直阻塞"))
        }
    }
}
