import Catalogue
import Foundation
import LessonKit
import Tutor

/// What the program's progress store offers the full-screen app. The TUI knows no store:
/// `sockettutor` fills these in (QuizProgress.swift); left nil, nothing is shown or kept.
public struct ProgressHooks {
    /// What the menu shows: lessons completed, the step reached (0-based) in each, questions due.
    public var menu: (() -> MenuProgress)?
    /// A live lesson waits for the learner past a step not kept before: (lesson, index, step id).
    public var stepReached: ((String, Int, String) -> Void)?
    public var lessonCompleted: ((String) -> Void)?
    /// The final quiz and the review, drawn when asked for (throw `LessonErrors` for a broken file).
    public var finalQuiz: (() throws -> QuizRun)?
    public var review: (() throws -> QuizRun)?
    /// The learner chose this interface language in the menu (L): keep it for the next
    /// start; false when it cannot be kept.
    public var languageChosen: ((String) -> Bool)?
    public init() {}
}

public struct MenuProgress: Sendable, Hashable {
    public var completed: Set<String>
    public var reached: [String: Int]
    /// Questions due for review now.
    public var due: Int
    public init(completed: Set<String>, reached: [String: Int], due: Int) {
        self.completed = completed; self.reached = reached; self.due = due
    }
}

extension TutorApp {
    /// Reads the marks and the due count again (after a lesson or a quiz changed them).
    func refreshMenuProgress() {
        menuStale = false
        guard let progress = progress.menu?() else { return }
        menu.marks = [:]
        for entry in menu.entries {
            if progress.completed.contains(entry.id) {
                menu.marks[entry.id] = .done
            } else if let step = progress.reached[entry.id] {
                menu.marks[entry.id] = .reached(step: step + 1, of: nil)
                menuCountsPending = true
            }
        }
        menu.dueCount = progress.due
    }

    /// Fills in the step counts of the lessons started: each needs its file parsed in full
    /// (4–5 ms for tcp-workflow), so it is done once the menu's first frame is up. Returns
    /// true when the marks changed.
    func countMenuSteps() -> Bool {
        guard menuCountsPending else { return false }
        menuCountsPending = false
        var changed = false
        for (index, entry) in menu.entries.enumerated() {
            guard case .reached(let step, nil)? = menu.marks[entry.id], let count = try? loadedLesson(index).steps.count else { continue }
            // A lesson file shortened since: resuming runs it to its last step.
            menu.marks[entry.id] = .reached(step: min(step, count), of: count)
            changed = true
        }
        return changed
    }

    /// The tracker of a lesson just opened: keeps the step reached and the lesson's end, and
    /// when resuming advances it, as Enter would, until the step reached before settles again.
    func followProgress(_ lessonRun: LessonRun, resumeTo: Int?) {
        menuStale = true
        let tracker = LessonProgressTracker(lesson: lessonRun.lesson, resumeTo: resumeTo)
        let id = lessonRun.lesson.id
        lessonRun.view.resumingTo = tracker.resumeTo.map { $0 + 1 }
        lessonRun.onEvent = { [weak self, unowned lessonRun] event in
            let actions = tracker.observe(event)
            if lessonRun.view.resumingTo != nil && !tracker.resuming {
                lessonRun.view.resumingTo = nil
                // Keys typed while it ran, not yet read, are dropped with the rest.
                self?.resumeEnded = true
            }
            for action in actions {
                switch action {
                // Counted as Space counts them, so the predict question after the resume is the right one.
                case .advance: if !lessonRun.leaving { lessonRun.sendNext() }
                case .keepReached(let index, let stepID): self?.progress.stepReached?(id, index, stepID)
                case .completed: self?.progress.lessonCompleted?(id)
                }
            }
        }
    }

    /// While a resume runs the lesson to its step, a key is dropped (Space would run one
    /// step more than the learner reached): only q and Esc act, leaving as q always does.
    func handleResuming(_ key: Key, run: LessonRun) -> Outcome {
        switch key {
        case .character("q"), .character("Q"), .escape: return leave(run)
        case .resize: return .changed
        default: return .unchanged
        }
    }

    /// r: the selected lesson from its start, run live up to the step it was left at.
    func resumeSelected() throws {
        guard menu.canResume, case .reached(let step, _)? = menu.marks[menu.entries[menu.selected].id] else {
            menu.notice = Words(language)(.nothingToResume)
            return
        }
        try open(menu.selected, quitEndsProgram: false, resumeTo: step - 1)
    }

    func openFinalQuiz() throws {
        guard let make = progress.finalQuiz else { return }
        let questions = try make()
        guard questions.total > 0 else { menu.notice = Words(language)(.noQuizQuestionsAtAll); return }
        openQuestions(questions, title: Words(language)(.finalQuizTitle), quitEndsProgram: false)
    }

    func openReview() throws {
        guard let make = progress.review else {
            menu.notice = Words(language)(.noReviewNoStore)
            return
        }
        let questions = try make()
        guard questions.total > 0 else {
            menu.notice = Words(language)(.noReviewDueNow)
            return
        }
        openQuestions(questions, title: Words(language)(.reviewTitle), quitEndsProgram: false)
    }

    /// Questions drawn from several lessons, over the menu.
    func openQuestions(_ questions: QuizRun, title: String, quitEndsProgram: Bool) {
        menuStale = true
        quiz = QuizSession(QuizView(run: questions, lessonTitle: title, language: language, quitEndsProgram: quitEndsProgram),
                           lessonIndex: menu.selected)
    }
}
