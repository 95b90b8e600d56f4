import Testing
import Tutor

@Suite("Playback clock: idle limit")
struct PlaybackClockTests {
    @Test("gaps longer than the idle limit play back as the limit; shorter ones unchanged")
    func longGapsAreCut() {
        let times = PlaybackClock.playbackTimes([0.5, 1.0, 61.0, 61.25], idleLimit: 2)
        #expect(times == [0.5, 1.0, 3.0, 3.25])
    }

    @Test("without a limit playback keeps the real times")
    func noLimitKeepsRealTimes() {
        #expect(PlaybackClock.playbackTimes([0.5, 1.0, 61.0], idleLimit: nil) == [0.5, 1.0, 61.0])
    }

    @Test("a long wait before the first event is cut too, and times never go back")
    func firstGapAndMonotonic() {
        let times = PlaybackClock.playbackTimes([30, 29, 31], idleLimit: 2)
        #expect(times == [2, 2, 3])
    }
}
