import Catalogue
import Foundation
import Testing
import Tutor
@testable import TUI

/// The player's model: seeking is a fold, step marks are the live screen's stopping
/// points, and playback follows the idle-limited clock.
@Suite struct ReplayTests {
    static func recording(_ events: [StampedEvent], ended: Bool = true, notices: [Message] = []) -> Recording {
        let header = RecordingHeader(program: "sockettutor 0.1.0", lessonID: "tcp-workflow", lessonTitle: "The TCP workflow, call by call",
                                     lessonHash: "sha256:0", language: "en", terminal: nil, startedAt: Date(timeIntervalSince1970: 0),
                                     kernelRelease: "6.1", capture: nil)
        return Recording(header: header, events: events, end: ended ? RecordingEnd(eventCount: events.count, ending: .finished) : nil,
                         notices: notices)
    }

    /// The fixture's events at new times (seconds since the start), one per event.
    static func retimed(_ events: [StampedEvent], _ seconds: [Double]) -> [StampedEvent] {
        zip(events, seconds).map { event, time in
            var event = event
            event.offsetNanoseconds = UInt64(time * 1e9)
            return event
        }
    }

    @Test(arguments: ["tcp-workflow", "client-server", "zh-echo"], [1, 7, 64, ReplayIndex.defaultInterval])
    func seekingToAnyEventEqualsFoldingFromTheStart(fixture: String, interval: Int) throws {
        let events = try Fixtures.events(fixture)
        let index = ReplayIndex(events: events, idleLimit: 2, interval: interval)
        for position in 0...events.count {
            #expect(index.state(at: position) == SessionState(folding: events[..<position]), "\(fixture) at \(position)")
        }
    }

    @Test func theViewShowsTheSameFoldWhicheverWayItGotThere() throws {
        let events = try Fixtures.events("client-server")
        var view = ReplayView(recording: Self.recording(events), idleLimit: 2, quitEndsProgram: true, interval: 16)
        // Backwards, forwards near and far, and in steps of one event.
        var generator = SystemRandomNumberGenerator()
        var targets = [events.count, 0, 5, 3, 200, 199, 17, 16, 15, 150, 151, 152]
        for _ in 0..<40 { targets.append(Int.random(in: 0...events.count, using: &generator)) }
        for target in targets {
            view.seek(to: target)
            #expect(view.position == target)
            #expect(view.lesson.shown == SessionState(folding: events[..<target]), "after seeking to \(target)")
        }
        view.seek(to: 0)
        for position in 1...events.count {
            view.moveEvents(1)
            #expect(view.lesson.shown == SessionState(folding: events[..<position]))
        }
        view.moveEvents(1)
        #expect(view.position == events.count, "no further than the end")
    }

    @Test func stepMarksAreWhereTheLiveScreenWaitedAfterEachStep() throws {
        let events = try Fixtures.events("tcp-workflow")
        var live = LessonView(lessonNumber: 1, lessonCount: 1, lessonTitle: "t", quitEndsProgram: true)
        for event in events { live.apply(event) }
        let marks = ReplayIndex.stepMarks(events)
        let firstStep = try #require(events.firstIndex { if case .stepStarted = $0.event { true } else { false } })
        #expect(marks == [firstStep] + live.settledMarks, "the points b goes back to in a lesson")
        #expect(marks.count == 18)
        let index = ReplayIndex(events: events, idleLimit: 2)
        for (step, mark) in marks.enumerated() {
            let state = index.state(at: mark)
            #expect(state.stepsSettled == step)
            // The next event begins the next step or section (or the recording ends).
            if mark < events.count {
                switch events[mark].event {
                case .stepStarted, .narration: break
                default: Issue.record("mark \(step) stops before \(events[mark].event)")
                }
            }
        }
    }

    @Test func bracketKeysWalkTheStepMarksAndPause() throws {
        let events = try Fixtures.events("tcp-workflow")
        let marks = ReplayIndex.stepMarks(events)
        var view = ReplayView(recording: Self.recording(events), idleLimit: 2, quitEndsProgram: true)
        #expect(view.playing, "a replay starts playing")
        view.moveSteps(1)
        #expect(!view.playing)
        #expect(view.position == marks[0])
        view.moveSteps(7)
        #expect(view.position == marks[7])
        #expect(view.lesson.shown.stepsSettled == 7)
        view.moveEvents(1)
        view.moveSteps(-1)
        #expect(view.position == marks[7], "back from just past a mark lands on it")
        view.moveSteps(-1)
        #expect(view.position == marks[6])
        view.moveSteps(100)
        #expect(view.position == events.count)
        view.moveSteps(-100)
        #expect(view.position == 0)
    }

    @Test func speedGoesFromAQuarterToSixteenAndNoFurther() throws {
        var view = ReplayView(recording: Self.recording(try Fixtures.events("tcp-workflow")), idleLimit: 2, quitEndsProgram: true)
        #expect(view.speed == 1)
        var seen: [Double] = []
        for _ in 0..<10 { view.changeSpeed(by: 1); seen.append(view.speed) }
        #expect(seen == [2, 4, 8, 16, 16, 16, 16, 16, 16, 16])
        seen = []
        for _ in 0..<10 { view.changeSpeed(by: -1); seen.append(view.speed) }
        #expect(seen == [8, 4, 2, 1, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25])
    }

    @Test func digitsJumpToTenthsOfThePlaybackTime() throws {
        // Ten events one second apart, then a wait of a minute the idle limit cuts to 2 s.
        let base = try Fixtures.events("tcp-workflow")
        let seconds = (1...10).map(Double.init) + [70]
        let events = Self.retimed(Array(base.prefix(11)), seconds)
        var view = ReplayView(recording: Self.recording(events), idleLimit: 2, quitEndsProgram: true)
        #expect(view.index.playbackDuration == 12)
        for digit in 0...9 {
            view.jump(toPercent: digit * 10)
            let playhead = 12 * Double(digit) / 10
            #expect(abs(view.playhead - playhead) < 1e-9)
            #expect(view.position == seconds.prefix(10).filter { $0 <= playhead }.count, "at \(digit * 10) %")
            #expect(view.lesson.shown == SessionState(folding: events[..<view.position]))
        }
        #expect(view.playing, "a jump keeps playing")
        view.jumpToEnd()
        #expect(view.position == events.count && !view.playing && view.progress == 1)
        view.jumpToStart()
        #expect(view.position == 0 && view.progress == 0)
    }

    @Test func playingFollowsTheIdleLimitedClockWhileTheScreenShowsRecordedTime() throws {
        let base = try Fixtures.events("tcp-workflow")
        // A wait of 10 s between the second and the third event plays as 2 s.
        let events = Self.retimed(Array(base.prefix(4)), [0.1, 0.2, 10.2, 10.3])
        var view = ReplayView(recording: Self.recording(events), idleLimit: 2, quitEndsProgram: true)
        #expect(view.index.playbackTimes.map { ($0 * 1000).rounded() } == [100, 200, 2200, 2300])
        #expect(view.secondsToNextEvent.map { abs($0 - 0.1) < 1e-9 } == true, "the first event is due in 0.1 s")
        view.advance(by: 0.15)
        #expect(view.position == 1)
        view.advance(by: 1.0)
        #expect(view.position == 2)
        // Inside the shortened wait recorded time runs 5× faster: 0.2 + 0.95 / 2 × 10.
        #expect(abs(view.recordedTime - 4.95) < 1e-6)
        #expect(view.secondsToNextEvent.map { abs($0 - 1.05) < 1e-9 } == true)
        view.changeSpeed(by: 1)
        #expect(view.secondsToNextEvent.map { abs($0 - 0.525) < 1e-9 } == true, "at 2× the wait halves")
        view.advance(by: 0.55)
        #expect(view.position == 3)
        #expect(abs(view.recordedTime - 10.25) < 1e-6, "halfway through the last 0.1 s")
        view.playPause()
        view.advance(by: 5)
        #expect(view.position == 3, "paused: time does not move it")
        view.playPause()
        view.advance(by: 5)
        #expect(view.atEnd && !view.playing)
        #expect(abs(view.recordedTime - 10.3) < 1e-6)
        #expect(view.secondsToNextEvent == nil)
        view.playPause()
        #expect(view.playing && view.position == 0, "Space at the end plays again from the start")
    }

    @Test func aCutShortRecordingSaysSoAtTheEndOnce() throws {
        let events = Array(try Fixtures.events("tcp-workflow").prefix(50))
        var view = ReplayView(recording: Self.recording(events, ended: false, notices: [Message(.lastLineCut, ["file": "rec.jsonl", "line": 51, "events": 50])]),
                              idleLimit: 2, quitEndsProgram: true)
        #expect(!view.showsEndNotice)
        view.jumpToEnd()
        #expect(view.showsEndNotice)
        let grid = ReplayScreen.render(view, size: ScreenSize(columns: 80, rows: 24))
        #expect(grid.text.contains("no end record"))
        #expect(grid.text.contains("rec.jsonl:51: the last line was cut short"))
        #expect(grid.text.contains("end: cut short"))
        view.endNoticeClosed = true
        #expect(!ReplayScreen.render(view, size: ScreenSize(columns: 80, rows: 24)).text.contains("no end record"))
    }

    @Test(arguments: [
        (Key.character(" "), Request.playPause), (.character("."), .moveEvents(1)), (.character(","), .moveEvents(-1)),
        (.character("]"), .moveSteps(1)), (.character("["), .moveSteps(-1)), (.right, .moveSteps(1)), (.left, .moveSteps(-1)),
        (.character("+"), .changeSpeed(1)), (.character("-"), .changeSpeed(-1)),
        (.character("0"), .jumpToPercent(0)), (.character("5"), .jumpToPercent(50)), (.character("9"), .jumpToPercent(90)),
        (.character("g"), .jumpToStart), (.character("G"), .jumpToEnd), (.home, .jumpToStart), (.end, .jumpToEnd),
        (.pageUp, .scrollUp(10)), (.pageDown, .scrollDown(10)), (.tab, .focusNext),
        (.character("?"), .toggleHelp), (.character("q"), .quit), (.escape, .quit), (.resize, .relayout), (.character("b"), .none),
    ])
    func replayKeys(_ key: Key, _ request: Request) {
        #expect(KeyMap.replay(key, page: 10) == request)
    }

    @Test func recentSessionsAndMenuKeys() {
        #expect(KeyMap.menu(.character("h")) == .showRecent)
        #expect(KeyMap.recent(.down) == .choose(1))
        #expect(KeyMap.recent(.character("k")) == .choose(-1))
        #expect(KeyMap.recent(.enter) == .open)
        #expect(KeyMap.recent(.character("q")) == .quit)
        #expect(KeyMap.recent(.escape) == .quit)
    }
}
