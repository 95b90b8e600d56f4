/// Playback times for recorded events, shared by the player and the asciicast export: a
/// long wait (a blocked accept the learner left for a minute) plays back as at most
/// `idleLimit` seconds, as asciinema's `idle_time_limit` does. The screen still shows the
/// real durations; only the pace of playback changes.
public enum PlaybackClock {
    /// `offsets`: seconds since the session began, one per event, never decreasing.
    /// Returns the playback time of each event: the same gaps, each cut to `idleLimit`
    /// (nil: no limit). The first event plays at min(its offset, idleLimit).
    public static func playbackTimes(_ offsets: [Double], idleLimit: Double?) -> [Double] {
        var times: [Double] = []
        times.reserveCapacity(offsets.count)
        var previous = 0.0
        var played = 0.0
        for offset in offsets {
            var gap = max(0, offset - previous)
            if let idleLimit { gap = min(gap, idleLimit) }
            played += gap
            times.append(played)
            previous = max(previous, offset)
        }
        return times
    }

    public static func playbackTimes(_ events: [StampedEvent], idleLimit: Double?) -> [Double] {
        playbackTimes(events.map { Double($0.offsetNanoseconds) / 1e9 }, idleLimit: idleLimit)
    }
}
