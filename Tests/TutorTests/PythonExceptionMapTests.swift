import Foundation
import Testing
@testable import SocketTrace
@testable import Tutor

/// PythonLine.exception must name the class CPython itself raises for each errno the engine
/// can show: asked of python3 (`type(OSError(n, 'x')).__name__`), not written down twice.
struct PythonExceptionMapTests {
    @Test func everyKnownErrnoMapsToTheClassPython3Raises() throws {
        let codes = ErrnoValue.names.keys.sorted()
        #expect(!codes.isEmpty)
        let script = "import sys\nfor n in sys.argv[1:]: print(n, type(OSError(int(n), 'x')).__name__)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + codes.map(String.init)
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        var python: [Int32: String] = [:]
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            if f.count == 2, let n = Int32(f[0]) { python[n] = String(f[1]) }
        }
        #expect(python.count == codes.count, "python3 answered for every errno")
        for code in codes {
            #expect(PythonLine.exception(for: code) == python[code], "\(ErrnoValue.names[code] ?? "?") (\(code))")
        }
    }
}
