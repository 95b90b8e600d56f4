import Foundation
import Glibc
import Testing
@testable import SocketTrace

/// The errno table against Python's on this machine: a learner sees the same name in the
/// transcript as in Python's `errno.errorcode`.
@Suite struct ErrnoTableTests {
    /// Where Python's table picks the other name of an alias, ours keeps errno.h's first.
    static let aliases = ["EDEADLOCK": "EDEADLK", "ENOTSUP": "EOPNOTSUPP", "EWOULDBLOCK": "EAGAIN"]

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func everyErrnoPythonKnowsHasTheSameNameHere() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = ["-c", "import errno, json; print(json.dumps(errno.errorcode))"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let python = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(python.count > 100, "Python's table: \(python.count) codes")
        var mismatches: [String] = []
        for (key, name) in python {
            let code = try #require(Int32(key))
            let expected = Self.aliases[name] ?? name
            if ErrnoValue(code).name != expected { mismatches.append("\(code): Python \(name), here \(ErrnoValue(code).name)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.sorted())")
    }

    @Test func eisdirAndEnotdirHaveTheirNamesNotANumber() {
        #expect(ErrnoValue(EISDIR).description == "EISDIR (Is a directory)")
        #expect(ErrnoValue(ENOTDIR).description == "ENOTDIR (Not a directory)")
        #expect(ErrnoValue(ENOSPC).name == "ENOSPC" && ErrnoValue(EWOULDBLOCK).name == "EAGAIN")
        #expect(ErrnoValue(EDEADLOCK).name == "EDEADLK" && ErrnoValue(ENOTSUP).name == "EOPNOTSUPP")
    }
}
