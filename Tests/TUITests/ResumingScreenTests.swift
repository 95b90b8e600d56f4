import Testing
@testable import TUI

/// While the menu's r re-runs a lesson to its step, the key bar offers only q and says it
/// is resuming (the other keys are dropped meanwhile: TutorApp.handleResuming).
struct ResumingScreenTests {
    @Test(arguments: [("en", "q menu · resuming to step 5: 0 run"), ("zh", "q 菜单 · 正在恢复到第 5 步：已运行 0 步")])
    func theKeyBarOffersOnlyQAndSaysItIsResuming(_ language: String, _ bar: String) {
        var view = LessonView(lessonNumber: 5, lessonCount: 15, lessonTitle: "TCP", quitEndsProgram: false)
        view.language = language
        view.resumingTo = 5
        let rows = LessonScreen.render(view, size: ScreenSnapshotTests.small, now: 0).text.split(separator: "\n").map(String.init)
        #expect(rows.last?.trimmingCharacters(in: .whitespaces) == bar)
        view.resumingTo = nil
        let after = LessonScreen.render(view, size: ScreenSnapshotTests.small, now: 0).text
        #expect(!after.contains(bar) && after.contains("Space"), "the usual keys once there")
    }
}
