import Foundation
import Testing
@testable import TUI
import Tutor

/// Seeded mutations of real recordings through the reader (what `replay` and `export` run):
/// truncations, flipped bytes, reordered, duplicated and deleted lines, values of the wrong
/// type, inserted junk. No crash; every refusal names a line; whatever is accepted folds and
/// renders. Rerun one seed with FUZZ_SEED=N.
@Suite struct RecordingFuzzTests {
    static let wrongValues = [#""3""#, "null", "true", "-1", "1e400", "[]", "{}", "18446744073709551616", #""\ud800""#, "0.5", #""""#]

    static func mutate(_ bytes: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        switch Int.random(in: 0..<8, using: &rng) {
        case 0:  // truncated anywhere
            return Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
        case 1:  // flipped bytes
            var b = bytes
            for _ in 0..<Int.random(in: 1...4, using: &rng) where !b.isEmpty {
                b[Int.random(in: 0..<b.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            }
            return b
        case 2:  // two lines swapped
            let i = Int.random(in: 0..<lines.count, using: &rng), j = Int.random(in: 0..<lines.count, using: &rng)
            lines.swapAt(i, j)
        case 3:  // a line duplicated
            let i = Int.random(in: 0..<lines.count, using: &rng)
            lines.insert(lines[i], at: Int.random(in: 0...lines.count, using: &rng))
        case 4:  // a line deleted
            lines.remove(at: Int.random(in: 0..<lines.count, using: &rng))
        case 5:  // a value of the wrong type: the text after some ':' up to the next ',' or '}'
            let i = Int.random(in: 0..<lines.count, using: &rng)
            let colons = lines[i].indices.filter { lines[i][$0] == UInt8(ascii: ":") }
            if let c = colons.randomElement(using: &rng) {
                let end = lines[i][(c + 1)...].firstIndex { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") } ?? lines[i].count
                lines[i].replaceSubrange((c + 1)..<end, with: Array(wrongValues.randomElement(using: &rng)!.utf8))
            }
        case 6:  // junk inserted: binary, a blank line, a JSON value that is not an object
            let junk: [[UInt8]] = [[0, 255, 10, 0x7f], [], Array("[1,2,3]".utf8), Array(#"{"seq":"#.utf8), Array(repeating: UInt8(ascii: "["), count: 5000)]
            lines.insert(junk.randomElement(using: &rng)!, at: Int.random(in: 0...lines.count, using: &rng))
        default:  // a field removed
            let i = Int.random(in: 0..<lines.count, using: &rng)
            if let comma = lines[i].indices.filter({ lines[i][$0] == UInt8(ascii: ",") }).randomElement(using: &rng),
               let next = lines[i][(comma + 1)...].firstIndex(where: { $0 == UInt8(ascii: ",") }) {
                lines[i].removeSubrange(comma..<next)
            }
        }
        return Array(lines.joined(separator: [10]))
    }

    @Test func mutatedRecordingsAreRefusedAtALineOrReplaySafely() throws {
        let seed = ProcessInfo.processInfo.environment["FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max / 2)
        print("RecordingFuzzTests seed \(seed) (rerun with FUZZ_SEED=\(seed))")
        var rng = SeededGenerator(seed: seed)
        let corpus = try ["tcp-workflow", "client-server", "zh-echo"].map { Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path($0)))) }
        var accepted = 0, refused = 0
        for run in 1...10_000 {
            var bytes = corpus.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 1...3, using: &rng) { bytes = Self.mutate(bytes, using: &rng) }
            do {
                let recording = try RecordingReader.parse(bytes, file: "fuzz.jsonl")
                accepted += 1
                // Every 20th accepted one is folded and drawn, as the player would.
                if accepted % 20 == 0 {
                    var view = LessonView(lessonNumber: 1, lessonCount: 1, lessonTitle: recording.header.lessonTitle, quitEndsProgram: true)
                    for e in recording.events { view.apply(e) }
                    _ = LessonScreen.render(view, size: ScreenSize(columns: 80, rows: 24), now: view.live.lastEventAt)
                }
            } catch {
                refused += 1
                #expect(error.line != nil || bytes.isEmpty, "seed \(seed) run \(run): a refusal without a line: \(error)")
                #expect(error.description.hasPrefix("fuzz.jsonl"), "seed \(seed) run \(run): \(error)")
                #expect(!error.description.contains("\n") && error.description.count < 600, "seed \(seed) run \(run): \(error.description.prefix(300))")
            }
        }
        print("RecordingFuzzTests: \(accepted) accepted, \(refused) refused")
        #expect(accepted > 100 && refused > 1000, "the mutations reach both sides")
    }
}
