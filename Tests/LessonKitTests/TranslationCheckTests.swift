import Foundation
import Testing
@testable import LessonKit

/// Lint's language check: every learner-facing text of a lesson, and where it is.
@Suite struct TranslationCheckTests {
    /// Every kind of text once in English only, and once (the line after, where there is
    /// one) with both languages; line numbers are on the right.
    static let lesson = """
    format_version: 1
    id: demo
    title: Demo
    summary: {en: A demo., zh: 演示。}
    actors: [server]
    sections:
      - id: one
        title: One
        text: {en: Hello., zh: 你好。}
        steps:
          - {id: s, actor: server, call: socket, as: s, note: a socket}
          - {id: c, actor: server, call: close, fd: $s, note: {en: close it, zh: 关闭它}}
      - id: two
        title: {en: Two, zh: 二}
        text: |
          A longer text,
          in English only.
    quiz:
      - id: pick
        type: single
        question: Which call makes a socket?
        choices:
          a: socket()
          b: {en: a file, zh: 文件}
        answer: a
        hint: {en: Its name., zh: 看名字。}
        explanation: socket() does.
      - id: order
        type: order
        question: {en: Order them., zh: 排序。}
        items: [socket(), {en: close, zh: 关闭}]
        hint: The first makes it.
        explanation: {en: In that order., zh: 就是这个顺序。}
    """

    @Test func eachTextWithoutChineseIsNamedAtItsPosition() throws {
        let lesson = try LessonLoader.parse(Self.lesson, file: "Lessons/demo.yaml", expectedID: "demo").get()
        let missing = Translations.missing(in: lesson, languages: ["en", "zh"]).map(\.description)
        #expect(missing == [
            "Lessons/demo.yaml:3:8: title has no Chinese ('zh') text",
            "Lessons/demo.yaml:8:12: title of section 'one' has no Chinese ('zh') text",
            "Lessons/demo.yaml:11:59: note of step 's' has no Chinese ('zh') text",
            "Lessons/demo.yaml:15:11: text of section 'two' has no Chinese ('zh') text",
            "Lessons/demo.yaml:21:15: question of question 'pick' has no Chinese ('zh') text",
            "Lessons/demo.yaml:23:10: choice 'a' of question 'pick' has no Chinese ('zh') text",
            "Lessons/demo.yaml:27:18: explanation of question 'pick' has no Chinese ('zh') text",
            "Lessons/demo.yaml:31:13: an item of question 'order' has no Chinese ('zh') text",
            "Lessons/demo.yaml:32:11: hint of question 'order' has no Chinese ('zh') text",
        ])
        // Nothing is missing in English alone: a draft in one language passes.
        #expect(Translations.missing(in: lesson, languages: ["en"]).isEmpty)
    }

    @Test func everyTextIsPlacedAndAFullyTranslatedLessonPasses() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TUITests/Fixtures/zh-echo.yaml")
        let lesson = try LessonLoader.load(contentsOf: fixture, displayPath: "zh-echo.yaml").get()
        // title, summary; 2 sections × (title, text); 8 step notes.
        #expect(lesson.texts.count == 2 + 4 + 8)
        #expect(Translations.missing(in: lesson, languages: ["en", "zh"]).isEmpty)
    }

    @Test func aBlankTranslationCountsAsMissing() throws {
        let text = Self.lesson.replacingOccurrences(of: "zh: 二}", with: "zh: \"  \"}")
        let lesson = try LessonLoader.parse(text, file: "d.yaml", expectedID: "demo").get()
        #expect(Translations.missing(in: lesson, languages: ["zh"]).map(\.description).contains("d.yaml:14:12: title of section 'two' has no Chinese ('zh') text"))
    }
}
