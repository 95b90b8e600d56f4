import LessonKit
import SocketTrace

/// What a step really did in one run, read from the session's events: the fact a predict
/// question is scored against. Pure over events (or the folded state), so the screen, the
/// plain transcript and `lint --run` all see the same answer.
public enum StepObservation {
    /// The step's outcome in these events, or nil while it is not known (the step has not
    /// run, or is still running without having been seen asleep).
    public static func outcome(of stepID: String, in events: some Sequence<StampedEvent>) -> ObservedOutcome? {
        var calls: Set<Int> = []
        var blocked = false
        var lastCall: TracedCall?
        var result: StepOutcome?
        for stamped in events {
            switch stamped.event {
            case .callStarted(let start) where start.stepID == stepID:
                calls.insert(start.callID)
            case .callBlocked(let id, _) where calls.contains(id):
                // Only the step's own call counts: a step queued behind another blocked
                // call of its actor is settled "blocked" without itself sleeping.
                if result == nil { blocked = true }
            case .callFinished(let id, _, let call) where calls.contains(id):
                lastCall = call
            case .stepFinished(let id, let outcome) where id == stepID:
                result = outcome
            default:
                break
            }
        }
        return observed(blocked: blocked, result: result, lastCall: lastCall?.outcome)
    }

    /// The same, from the state the screen already folds.
    public static func outcome(of stepID: String, in state: SessionState) -> ObservedOutcome? {
        let entries = state.traces.values.flatMap { $0.filter { $0.stepID == stepID } }.sorted { $0.callID < $1.callID }
        let blocked = entries.contains(where: \.blocked)
        return observed(blocked: blocked, result: state.stepResults[stepID], lastCall: entries.last(where: { !$0.pending })?.outcome)
    }

    static func observed(blocked: Bool, result: StepOutcome?, lastCall: CallOutcome?) -> ObservedOutcome? {
        // A wait that gave up is a timeout, though it slept first: that is what was predicted.
        if result == .timedOut { return ObservedOutcome(.timedOut) }
        if blocked { return ObservedOutcome(.blocked) }
        switch result {
        case nil: return nil
        case .returned?: return ObservedOutcome(.returned, bytes: lastCall?.bytes?.count)
        case .endOfStream?: return ObservedOutcome(.endOfStream, bytes: 0)
        case .timedOut?: return ObservedOutcome(.timedOut)
        case .raised(_, let errno)?: return ObservedOutcome(.failed(errno: errno?.name))
        }
    }
}
