import Foundation
import LessonKit
import Testing
import Tutor
@testable import TUI

/// One screen of every course lesson at 80×24, at the step the lesson is about, rendered
/// from a real session recorded by the binary (`Fixtures/record.sh lesson ID`). Each
/// fixture `Fixtures/lessons/ID.jsonl` has its chosen step in `ID.step` beside it.
@Suite struct LessonSnapshotTests {
    static let directory = Fixtures.directory.appendingPathComponent("lessons")

    /// The course's lesson ids, in teaching order, as Lessons/course.yaml lists them.
    static var courseIDs: [String] { (try? LessonCatalog.load(directory: Fixtures.lessons))?.ids ?? [] }

    @Test func everyCourseLessonHasAFixtureAndAChosenStep() throws {
        #expect(Self.courseIDs.count >= 6)
        for id in Self.courseIDs {
            let base = Self.directory.appendingPathComponent(id).path
            #expect(FileManager.default.fileExists(atPath: base + ".jsonl"), "\(id): no fixture; run Fixtures/record.sh lesson \(id)")
            #expect(FileManager.default.fileExists(atPath: base + ".step"), "\(id): no chosen step in lessons/\(id).step")
        }
    }

    @Test(arguments: LessonSnapshotTests.courseIDs)
    func lessonScreenAtItsChosenStep(_ id: String) throws {
        let grid = try render(id, language: nil, size: ScreenSize(columns: 80, rows: 24))
        Snapshot.check(grid, "lesson-\(id)-80x24")
        #expect(!grid.text.contains("too small"), "\(id)")
    }

    /// The same step in Chinese, where the lesson has a Chinese recording (`record.sh lesson-zh ID`).
    @Test(arguments: LessonSnapshotTests.courseIDs)
    func chineseLessonScreenAtItsChosenStep(_ id: String) throws {
        guard FileManager.default.fileExists(atPath: Self.directory.appendingPathComponent("\(id).zh.jsonl").path) else { return }
        for size in [ScreenSize(columns: 80, rows: 24), ScreenSize(columns: 120, rows: 40)] {
            let grid = try render(id, language: "zh", size: size)
            Snapshot.check(grid, "lesson-\(id)-zh-\(size.columns)x\(size.rows)")
            // Wide characters are never split: every row is exactly the screen's width.
            for row in grid.text.split(separator: "\n", omittingEmptySubsequences: false) {
                #expect(TextWidth.columns(String(row)) <= size.columns, "\(id): \(row)")
            }
        }
    }

    /// The lesson view after folding the fixture up to its chosen step.
    func render(_ id: String, language: String?, size: ScreenSize) throws -> Grid {
        let base = Self.directory.appendingPathComponent(id)
        let stepID = try String(contentsOf: base.appendingPathExtension("step"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let fixture = Self.directory.appendingPathComponent(language.map { "\(id).\($0).jsonl" } ?? "\(id).jsonl")
        let recording = try RecordingReader.read(path: fixture.path)
        #expect(recording.header.lessonID == id)
        #expect(recording.header.language == (language ?? "en"))
        // The fixture must be of the lesson as it is now: re-record when the file changes.
        let source = try String(contentsOf: Fixtures.lessons.appendingPathComponent("\(id).yaml"), encoding: .utf8)
        let lesson = try LessonLoader.parse(source, file: "\(id).yaml").get()
        #expect(recording.header.lessonHash == lesson.sourceHash, "\(id): the fixture is of an older lesson file; run Fixtures/record.sh lesson\(language.map { "-" + $0 } ?? "") \(id)")
        #expect(lesson.steps.contains { $0.id == stepID }, "\(id): no step '\(stepID)'")

        let number = (Self.courseIDs.firstIndex(of: id) ?? 0) + 1
        var view = LessonView(lessonNumber: number, lessonCount: Self.courseIDs.count,
                              lessonTitle: lesson.title.resolved(language ?? "en"), quitEndsProgram: false)
        // The interface speaks the lesson's language too (the catalogue's words).
        view.language = language ?? "en"
        var reached = false
        for event in recording.events {
            view.apply(event)
            if case .stepSettled(let s, true) = event.event, s == stepID { reached = true; break }
            if case .stepFinished(let s, _) = event.event, s == stepID { reached = true; break }
        }
        #expect(reached, "\(id): the recording never reached '\(stepID)'")
        return LessonScreen.render(view, size: size, now: view.shown.lastEventAt)
    }
}

extension LessonSnapshotTests {
    /// Every course lesson is in Chinese too, and has its Chinese screen.
    @Test func everyCourseLessonHasAChineseFixture() {
        for id in Self.courseIDs {
            #expect(FileManager.default.fileExists(atPath: Self.directory.appendingPathComponent("\(id).zh.jsonl").path),
                    "\(id): no Chinese fixture; run Fixtures/record.sh lesson-zh \(id)")
        }
    }
}
