import Foundation

/// Which questions are due for review, by Leitner boxes over the answer log (see DECISIONS.md).
///
/// A question enters box 1 when first answered. A right answer given when the question is due
/// (or the first time) moves it up one box, up to 5; a right answer before it is due changes
/// nothing (no cramming up the boxes in one sitting); a wrong answer at any time sends it back
/// to box 1. It is next due its box's interval after the answer that placed it: box 1 a day,
/// 2 two days, 3 four, 4 eight, 5 sixteen. Every kind of answer counts, predict-the-result too.
/// Pure: the same log and the same `now` give the same answer.
public struct ReviewSchedule: Sendable {
    /// Days between reviews for boxes 1…5.
    public static let intervalDays = [1, 2, 4, 8, 16]
    static let day: TimeInterval = 86_400

    /// Where one question stands.
    public struct Card: Sendable, Hashable {
        public var questionID: String
        /// 1…5.
        public var box: Int
        public var due: Date
    }

    /// Every question ever answered, by id.
    public let cards: [String: Card]

    public init(answers: [AnswerRecord]) {
        var cards: [String: Card] = [:]
        // The log is kept oldest first; sort anyway so that any order of input gives one answer.
        let ordered = answers.enumerated().sorted { ($0.element.answeredAt, $0.offset) < ($1.element.answeredAt, $1.offset) }
        for (_, answer) in ordered {
            let id = answer.questionID
            let box: Int
            switch (cards[id], answer.correct) {
            case (nil, true): box = 2
            case (_, false): box = 1
            case (let card?, true) where answer.answeredAt >= card.due: box = min(card.box + 1, Self.intervalDays.count)
            case (.some, true): continue
            }
            cards[id] = Card(questionID: id, box: box,
                             due: answer.answeredAt.addingTimeInterval(Double(Self.intervalDays[box - 1]) * Self.day))
        }
        self.cards = cards
    }

    /// Ids of the questions due at `now`, the longest overdue first (ties by id).
    public func dueQuestions(now: Date = Date()) -> [String] {
        cards.values.filter { $0.due <= now }.sorted { ($0.due, $0.questionID) < ($1.due, $1.questionID) }.map(\.questionID)
    }

    public func dueCount(now: Date = Date()) -> Int {
        cards.values.reduce(0) { $0 + ($1.due <= now ? 1 : 0) }
    }
}
