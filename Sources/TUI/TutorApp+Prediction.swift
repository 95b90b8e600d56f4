import LessonKit

/// Predict questions in a full-screen lesson: asked when Space is about to run their step,
/// answered (arrows and Enter, or a choice's number) or skipped (s, Esc), then the step runs.
extension TutorApp {
    /// Space at the present: the next step runs, unless it has a predict question not yet
    /// asked, which comes first (the step runs when it is answered or skipped).
    /// True when that changed the screen at once.
    @discardableResult
    func advance(_ run: LessonRun) -> Bool {
        if let question = run.nextQuestion, !askedPredictions.contains("\(run.lesson.id)/\(question.id)") {
            run.ask(question)
            return true
        }
        run.sendNext()
        return false
    }

    func handlePrompt(_ key: Key, run: LessonRun, size: ScreenSize) -> Outcome {
        if size.isTooSmall && KeyMap.prediction(key) != .quit { return .changed }
        var request = KeyMap.prediction(key)
        if case .select(let number) = request {
            // A choice's number answers with it, as in the quiz; a number with no choice, nothing.
            guard run.view.selectPrompt(number) else { return .unchanged }
            request = .answer
        }
        if let id = run.view.prompt?.item.qualifiedID, request == .answer || request == .skip { askedPredictions.insert(id) }
        switch request {
        case .choose(let delta): run.view.movePrompt(by: delta)
        case .answer: run.answer()
        case .skip: run.skip()
        case .hint: run.view.togglePromptHint()
        case .toggleHelp: run.view.showingHelp = true
        case .relayout: break
        default: return .unchanged
        }
        return .changed
    }
}
