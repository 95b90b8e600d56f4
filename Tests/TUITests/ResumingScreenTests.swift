import Testing
@testable import TUI

/// While the menu's r re-runs a lesson to its step, the header says so and the key bar
/// offers only q (the other keys are dropped meanwhile: TutorApp.handleResuming).
struct ResumingScreenTests {
    @Test(arguments: [("en", "resuming to step 5: 0 run", "q menu"), ("zh", "正在恢复到第 5 步：已运行 0 步", "q 菜单")])
    func theHeaderSaysItIsResumingAndOnlyQIsOffered(_ language: String, _ header: String, _ keys: String) {
        var view = LessonView(lessonNumber: 5, lessonCount: 15, lessonTitle: "TCP", quitEndsProgram: false)
        view.language = language
        view.resumingTo = 5
        let rows = LessonScreen.render(view, size: ScreenSnapshotTests.small, now: 0).text.split(separator: "\n").map(String.init)
        #expect(rows.first?.contains(header) == true, "\(rows.first ?? "")")
        #expect(rows.last?.trimmingCharacters(in: .whitespaces) == keys)
        view.resumingTo = nil
        let after = LessonScreen.render(view, size: ScreenSnapshotTests.small, now: 0).text
        #expect(!after.contains(header) && after.contains("Space"), "the usual header and keys once there")
    }
}
