import Foundation
import Testing
import TUI

/// Screens compared as plain text with files under Snapshots/. A missing file fails the
/// test; SOCKETTUTOR_RECORD_SNAPSHOTS=1 writes them anew (then review the diff).
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    static var recording: Bool { ProcessInfo.processInfo.environment["SOCKETTUTOR_RECORD_SNAPSHOTS"] == "1" }

    static func check(_ grid: Grid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = grid.text + "\n"
        let file = directory.appendingPathComponent("\(name).txt")
        if recording {
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot \(file.lastPathComponent); record with SOCKETTUTOR_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let row = Array(zip(a, e)).firstIndex { $0.0 != $0.1 } ?? min(a.count, e.count)
        Issue.record("""
            screen differs from \(file.lastPathComponent) at row \(row + 1):
              expected: \(row < e.count ? String(e[row]) : "(end)")
              actual:   \(row < a.count ? String(a[row]) : "(end)")
            """, sourceLocation: sourceLocation)
    }
}
