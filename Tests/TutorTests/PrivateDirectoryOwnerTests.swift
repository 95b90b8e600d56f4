import Foundation
import Testing
@testable import Tutor

/// The private AF_UNIX directory of a live process that runs lessons is never swept as stale.
@Suite struct PrivateDirectoryOwnerTests {
    @Test func thisTestProcessCountsAsALiveTutor() throws {
        let comm = try String(contentsOfFile: "/proc/self/comm", encoding: .utf8)
        #expect(PrivateDirectory.isLiveTutor(getpid()), "comm \(comm)")
    }
}
