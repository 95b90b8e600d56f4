import Foundation
import Progress
import Testing

/// Leitner boxes over a synthetic answer log: right answers move a question up and its due
/// date out, a wrong one brings it back to box 1, nothing is due before its time.
@Suite struct ReviewScheduleTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_000_000)
    static let day: TimeInterval = 86_400

    /// (answers as (day offset, right?), box expected, due expected as a day offset).
    static let cases: [(String, [(Double, Bool)], Int, Double)] = [
        ("first answer right: box 2, due in 2 days", [(0, true)], 2, 2),
        ("first answer wrong: box 1, due tomorrow", [(0, false)], 1, 1),
        ("right when due each time climbs 2→3→4→5", [(0, true), (2, true), (6, true), (14, true)], 5, 30),
        ("box 5 stays 5, due 16 days on", [(0, true), (2, true), (6, true), (14, true), (30, true)], 5, 46),
        ("wrong after climbing: back to box 1", [(0, true), (2, true), (6, false)], 1, 7),
        ("right again before due: no move, same due date", [(0, true), (0.5, true), (1, true)], 2, 2),
        ("wrong before due still sends it back", [(0, true), (1, false)], 1, 2),
        ("wrong then right at the end of the quiz: still box 1, due tomorrow", [(0, false), (0.01, true)], 1, 1),
        ("wrong, then right when due: box 2", [(0, false), (1, true)], 2, 3),
    ]

    func log(_ id: String, _ answers: [(Double, Bool)], kind: AnswerRecord.Kind = .quiz) -> [AnswerRecord] {
        answers.map { offset, right in
            AnswerRecord(questionID: id, lessonID: "l", answeredAt: Self.t0.addingTimeInterval(offset * Self.day),
                         answer: "a", correct: right, milliseconds: 10, kind: kind)
        }
    }

    @Test(arguments: cases)
    func boxesAndDueDatesFollowTheAnswers(name: String, answers: [(Double, Bool)], box: Int, dueDay: Double) throws {
        let schedule = ReviewSchedule(answers: log("q", answers))
        let card = try #require(schedule.cards["q"], "\(name)")
        #expect(card.box == box, "\(name)")
        #expect(card.due == Self.t0.addingTimeInterval(dueDay * Self.day), "\(name)")
        #expect(schedule.dueCount(now: card.due.addingTimeInterval(-1)) == 0, "\(name): nothing due before its time")
        #expect(schedule.dueQuestions(now: card.due) == ["q"], "\(name): due at its time")
    }

    @Test func dueQuestionsComeLongestOverdueFirstAndEveryKindCounts() {
        let answers = log("a", [(0, true)]) + log("b", [(0, false)], kind: .predict) + log("c", [(0, true), (2, true)], kind: .review)
        let schedule = ReviewSchedule(answers: answers.shuffled())
        #expect(schedule.dueQuestions(now: Self.t0) == [])
        #expect(schedule.dueQuestions(now: Self.t0.addingTimeInterval(1 * Self.day)) == ["b"], "a predict-only question is scheduled")
        #expect(schedule.dueQuestions(now: Self.t0.addingTimeInterval(3 * Self.day)) == ["b", "a"])
        #expect(schedule.dueCount(now: Self.t0.addingTimeInterval(6 * Self.day)) == 3)
    }

    @Test func anEmptyLogHasNothingDue() {
        #expect(ReviewSchedule(answers: []).dueQuestions(now: Self.t0) == [])
    }
}
