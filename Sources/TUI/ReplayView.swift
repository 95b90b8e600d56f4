import Catalogue
import Tutor

/// The replay player's model: a recording, the position on screen (events folded), the
/// playhead in playback seconds, play or pause, and the speed. The lesson screen itself is
/// the `lesson` view, fed folded states instead of live events. Pure: time comes in as
/// `advance(by:)`, so playing is testable without a clock.
public struct ReplayView: Sendable {
    /// The speeds `+` and `-` step through.
    public static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16]

    public let index: ReplayIndex
    public let title: String
    /// The lesson's number of steps, from its `started` event (known before it is reached).
    public let stepCount: Int
    /// The recording has no end record: the session was cut short.
    public let cutShort: Bool
    /// What the reader forgave in the file (a cut last line …).
    public let warnings: [String]
    /// Gaps longer than this play as this long (nil: no limit).
    public let idleLimit: Double?
    /// q ends the program (`replay FILE`), or returns to the list of recent sessions.
    public var quitEndsProgram: Bool
    /// Events folded: 0 … index.count.
    public private(set) var position = 0
    /// Seconds of playback from the start, at 1×.
    public private(set) var playhead = 0.0
    public private(set) var playing = true
    public private(set) var speedIndex = 2
    public var showingHelp = false
    /// The box about a cut-short recording or its warnings was shown at the end and closed.
    public var endNoticeClosed = false
    /// What the lesson screen draws: the state at `position`.
    public private(set) var lesson: LessonView

    /// The interface's language: the one given, else the recorded session's.
    public let language: String

    public init(recording: Recording, idleLimit: Double?, quitEndsProgram: Bool, interval: Int? = nil, language: String? = nil) {
        self.language = language ?? recording.header.language
        index = ReplayIndex(events: recording.events, idleLimit: idleLimit, interval: interval)
        title = recording.header.lessonTitle
        stepCount = recording.events.lazy.compactMap { if case .started(let info) = $0.event { info.stepCount } else { nil } }.first ?? 0
        cutShort = recording.end == nil
        warnings = recording.notices.map(Words(self.language).callAsFunction)
        self.idleLimit = idleLimit
        self.quitEndsProgram = quitEndsProgram
        lesson = LessonView(lessonNumber: 1, lessonCount: 1, lessonTitle: recording.header.lessonTitle, quitEndsProgram: quitEndsProgram)
        lesson.language = self.language
    }

    public var speed: Double { Self.speeds[speedIndex] }
    public var atEnd: Bool { position >= index.count }
    /// The session's own time at the playhead: the clock the screen's counters show.
    public var recordedTime: Double { index.recordedTime(atPlaybackTime: playhead) }
    /// How far through the playback, 0…1.
    public var progress: Double {
        let total = index.playbackDuration
        return total > 0 ? min(1, playhead / total) : (atEnd ? 1 : 0)
    }
    public var showsEndNotice: Bool { atEnd && !endNoticeClosed && (cutShort || !warnings.isEmpty) }

    /// Wall-clock seconds until the next event is due, while playing.
    public var secondsToNextEvent: Double? {
        guard playing, position < index.count else { return nil }
        return max(0, index.playbackTimes[position] - playhead) / speed
    }

    /// Plays on by `wallSeconds` of real time at the current speed; stops at the end.
    public mutating func advance(by wallSeconds: Double) {
        guard playing else { return }
        playhead = min(index.playbackDuration, playhead + max(0, wallSeconds) * speed)
        move(to: index.position(atPlaybackTime: playhead))
        if playhead >= index.playbackDuration {
            move(to: index.count)
            playing = false
        }
    }

    /// Space: at the end it plays again from the start.
    public mutating func playPause() {
        if playing { playing = false; return }
        if atEnd { seek(to: 0) }
        playing = true
    }

    /// `.` and `,`: one event; stepping pauses, so that the learner can look.
    public mutating func moveEvents(_ count: Int) {
        playing = false
        seek(to: position + count)
    }

    /// `]` and `[`: the next or previous step mark (ReplayIndex.stepMarks); pauses.
    public mutating func moveSteps(_ count: Int) {
        playing = false
        var target = position
        for _ in 0..<abs(count) { target = count > 0 ? index.nextMark(after: target) : index.previousMark(before: target) }
        seek(to: target)
    }

    public mutating func changeSpeed(by notches: Int) {
        speedIndex = min(Self.speeds.count - 1, max(0, speedIndex + notches))
    }

    /// `0`…`9`: a tenth of the playback time; playing or paused stays as it was.
    public mutating func jump(toPercent percent: Int) {
        playhead = index.playbackDuration * Double(min(100, max(0, percent))) / 100
        move(to: index.position(atPlaybackTime: playhead))
    }

    public mutating func jumpToStart() { seek(to: 0) }

    public mutating func jumpToEnd() {
        seek(to: index.count)
        playing = false
    }

    /// Shows the state after `target` events, with the playhead at its last event.
    public mutating func seek(to target: Int) {
        let target = min(max(0, target), index.count)
        move(to: target)
        playhead = index.playbackTime(at: target)
    }

    public mutating func scroll(by lines: Int) { lesson.scroll(by: lines) }
    public mutating func setScroll(_ lines: Int, pane: LessonView.Pane) { lesson.scroll[pane] = lines }
    public mutating func cycleFocus() { lesson.cycleFocus() }

    /// Folds to `target`: forward from what is on screen when that is near, else from the
    /// nearest saved state. New content brings its pane back to the newest line, as live.
    private mutating func move(to target: Int) {
        guard target != position else { return }
        if target > position && target - position < index.interval {
            let state = index.fold(lesson.live, from: position, to: target)
            for event in index.events[position..<target] {
                switch event.event {
                case .narration, .stepStarted, .notice: lesson.scroll[.narrative] = 0
                case .callStarted(let start): lesson.scroll[.actor(start.actor)] = 0
                default: break
                }
            }
            lesson.show(state)
        } else {
            lesson.show(index.state(at: target))
            lesson.scroll = [:]
        }
        position = target
    }
}
