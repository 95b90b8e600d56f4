import Foundation

/// A fresh directory under $TMPDIR, removed by `remove()` (call it in a defer).
struct TemporaryDirectory {
    let url: URL
    var path: String { url.path }

    init(_ label: String = "progress") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    func contents() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
}
