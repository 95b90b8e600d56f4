/// What the replay player needs to seek in a recording at once: the state folded up to
/// any event, from a saved state every `interval` events (a jump folds at most
/// `interval - 1` events), each event's idle-limited playback time, and the step marks.
/// A position is a number of events folded: 0 (nothing yet) … `events.count` (the end).
public struct ReplayIndex: Sendable {
    /// 256 events is a few ms of folding on the slowest path and a handful of saved states
    /// for a whole lesson (tcp-workflow records ~130 events, a long session a few thousand).
    public static let defaultInterval = 256

    /// At most about 64 saved states: each costs a copy of the state's tables (per-step
    /// dictionaries) when the fold goes on, so a 100,000-event recording saves every 1,562
    /// events (a jump then folds at most that many, ~0.5 ms) instead of 390 states.
    public static func interval(for count: Int) -> Int { max(defaultInterval, count / 64) }

    public let events: [StampedEvent]
    public let interval: Int
    /// `checkpoints[i]`: the state after folding the first `i * interval` events.
    private let checkpoints: [SessionState]
    /// Per event: when it plays, in seconds from the start of playback (PlaybackClock).
    public let playbackTimes: [Double]
    /// Per event: when it happened, in seconds since the session started (the recorded time).
    public let offsets: [Double]
    /// The positions `[` and `]` move between: before the first step, then after each step
    /// (see `stepMarks(_:)`).
    public let stepMarks: [Int]

    public init(events: [StampedEvent], idleLimit: Double?, interval: Int? = nil) {
        let interval = interval ?? Self.interval(for: events.count)
        precondition(interval > 0)
        self.events = events
        self.interval = interval
        offsets = events.map { Double($0.offsetNanoseconds) / 1e9 }
        playbackTimes = PlaybackClock.playbackTimes(offsets, idleLimit: idleLimit)
        var saved: [SessionState] = [SessionState()]
        var state = SessionState()
        for (number, event) in events.enumerated() {
            state.apply(event)
            if (number + 1) % interval == 0 { saved.append(state) }
        }
        checkpoints = saved
        stepMarks = Self.stepMarks(events)
    }

    public var count: Int { events.count }

    /// The playback time of the last event: how long the whole replay takes at 1×.
    public var playbackDuration: Double { playbackTimes.last ?? 0 }

    /// The recorded time of the last event.
    public var recordedDuration: Double { offsets.last ?? 0 }

    /// The state after folding `events[0..<position]`: the nearest saved state at or before
    /// it, then the rest folded forward.
    public func state(at position: Int) -> SessionState {
        let position = clamp(position)
        let saved = position / interval
        return fold(checkpoints[saved], from: saved * interval, to: position)
    }

    /// `state` (the fold up to `from`) carried forward to `to` ≥ `from`: for playing on
    /// without going back to a saved state.
    public func fold(_ state: SessionState, from: Int, to: Int) -> SessionState {
        var state = state
        for event in events[clamp(from)..<max(clamp(from), clamp(to))] { state.apply(event) }
        return state
    }

    /// How many events play at or before playback time `time`.
    public func position(atPlaybackTime time: Double) -> Int {
        // Binary search: the times never decrease.
        var low = 0, high = playbackTimes.count
        while low < high {
            let middle = (low + high) / 2
            if playbackTimes[middle] <= time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The playback time at which `position` is reached (that of its last folded event).
    public func playbackTime(at position: Int) -> Double {
        let position = clamp(position)
        return position == 0 ? 0 : playbackTimes[position - 1]
    }

    /// The recorded time at playback time `time`, for the clocks on screen. Inside a gap the
    /// idle limit shortened, recorded time runs faster in proportion, so a call blocked for
    /// a minute shows "blocked 60 s" when it returns after two seconds of playback.
    public func recordedTime(atPlaybackTime time: Double) -> Double {
        let next = position(atPlaybackTime: time)
        let before = (play: playbackTime(at: next), recorded: next == 0 ? 0 : offsets[next - 1])
        guard next < count else { return recordedDuration }
        let gap = playbackTimes[next] - before.play
        guard gap > 0 else { return before.recorded }
        let fraction = min(1, max(0, (time - before.play) / gap))
        return before.recorded + fraction * max(0, offsets[next] - before.recorded)
    }

    /// The first step mark after `position`, or the end.
    public func nextMark(after position: Int) -> Int { stepMarks.first { $0 > position } ?? count }

    /// The last step mark before `position`, or the start.
    public func previousMark(before position: Int) -> Int { stepMarks.last { $0 < position } ?? 0 }

    /// A step mark is where the live screen stood waiting for the learner: just before the
    /// first step began (the opening narrative), and after each step settled, stretched over
    /// what follows it (Python's exception, the kernel's view, packets) up to the next step
    /// or section. The same points as going back in a lesson (LessonView.settledMarks).
    public static func stepMarks(_ events: [StampedEvent]) -> [Int] {
        var marks: [Int] = []
        var extending = false
        var first: Int?
        for (number, event) in events.enumerated() {
            switch event.event {
            case .stepSettled:
                marks.append(number + 1)
                extending = true
            case .narration, .stepStarted:
                if first == nil, case .stepStarted = event.event { first = number }
                extending = false
            default:
                if extending { marks[marks.count - 1] = number + 1 }
            }
        }
        return Array(Set([first ?? events.count] + marks)).sorted()
    }

    private func clamp(_ position: Int) -> Int { min(max(0, position), count) }
}
