import Foundation
import Glibc
import Progress
import Testing

/// Other processes writing the store: killed with SIGKILL mid-answer, or two at once.
/// The children are `progress-stress`, which prints each answer's id after its COMMIT returned.
@Suite(.serialized) struct StoreCrashTests {
    static var stressBinary: URL {
        // The test bundle sits in the build directory beside the products.
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("progress-stress")
    }

    final class Child {
        let process = Process()
        let output = Pipe()
        let errors = Pipe()
        var received = Data()

        init(directory: String, prefix: String, count: Int) throws {
            process.executableURL = StoreCrashTests.stressBinary
            process.arguments = [directory, prefix, String(count)]
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        /// Reads until the child says it has opened the store (or its output ends).
        func waitUntilOpen() {
            while !String(decoding: received, as: UTF8.self).contains("open\n") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { return }
                received.append(chunk)
            }
        }

        /// Reads to the end, waits, and returns the ids on complete lines (a line cut by the
        /// kill may not be whole; its answer is not counted as reported).
        func finish() -> (ids: [String], stderr: String) {
            received.append(output.fileHandleForReading.readDataToEndOfFile())
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            var lines = String(decoding: received, as: UTF8.self).components(separatedBy: "\n")
            lines.removeLast()  // after the last newline: empty, or a cut line
            return (lines.filter { $0 != "open" }, stderr)
        }
    }

    @Test func aChildKilledAtRandomPointsNeverLosesACommittedAnswer() throws {
        let dir = try TemporaryDirectory("progress-kill")
        defer { dir.remove() }
        var generator = SystemRandomNumberGenerator()
        var reportedTotal = 0
        for round in 0..<200 {
            let prefix = "k\(round)"
            let child = try Child(directory: dir.path, prefix: prefix, count: 1_000_000)
            if round % 10 == 0 {
                // Some kills land while the child starts, opens or creates the store.
                usleep(UInt32.random(in: 1_000...20_000, using: &generator))
            } else {
                child.waitUntilOpen()
                usleep(UInt32.random(in: 5_000...50_000, using: &generator))
            }
            kill(child.process.processIdentifier, SIGKILL)
            let (reported, stderr) = child.finish()
            #expect(child.process.terminationReason == .uncaughtSignal && child.process.terminationStatus == SIGKILL,
                    "round \(round): the child ended otherwise: \(child.process.terminationStatus) \(stderr)")
            reportedTotal += reported.count

            let (store, warning) = try ProgressStore.open(directory: dir.url)
            #expect(warning == nil, "round \(round): the store after a kill is sound")
            let kept = Set(try store.answers(lesson: prefix).map(\.questionID))
            let lost = reported.filter { !kept.contains($0) }
            #expect(lost.isEmpty, "round \(round): committed answers lost: \(lost.prefix(5))")
            if !lost.isEmpty || warning != nil { break }
        }
        #expect(reportedTotal > 200, "the kills landed while answers were being written (\(reportedTotal) reported)")
    }

    @Test func twoProcessesAnsweringAtOnceKeepAllThousandAnswers() throws {
        let dir = try TemporaryDirectory("progress-two")
        defer { dir.remove() }
        let children = try ["a", "b"].map { try Child(directory: dir.path, prefix: $0, count: 500) }
        let results = children.map { $0.finish() }
        for (child, result) in zip(children, results) {
            #expect(child.process.terminationStatus == 0, "\(result.stderr)")
            #expect(result.ids.count == 500)
        }
        let (store, warning) = try ProgressStore.open(directory: dir.url)
        #expect(warning == nil)
        let ids = try store.answers().map(\.questionID)
        #expect(ids.count == 1000)
        #expect(Set(ids) == Set((0..<500).flatMap { ["a-\($0)", "b-\($0)"] }))
    }
}
