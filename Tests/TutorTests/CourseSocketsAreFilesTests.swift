import Foundation
import LessonKit
import SocketTrace
import Testing
@testable import Tutor

/// The sockets-are-files lesson, run for real: fileno is the number socket() returned,
/// read and write move the bytes, and /proc/self/fd shows each socket as socket:[inode],
/// the inode of the kernel's row for it.
@Suite(.serialized) struct CourseSocketsAreFilesTests {
    func calls(_ h: SessionHarness, _ step: String) -> [SessionState.TraceEntry] {
        h.state.traces.values.flatMap { $0 }.filter { $0.stepID == step }.sorted { $0.callID < $1.callID }
    }

    func snapshots(_ h: SessionHarness) -> [[KernelSocket]] {
        h.events.compactMap { if case .kernel(let rows) = $0.event { rows } else { nil } }
    }

    @Test func filenoIsTheNumberSocketReturnedAndANumberIsReused() throws {
        let (_, h) = try CourseRun.run("sockets-are-files")
        for (made, asked) in [("server-socket", "fileno-listener"), ("client-socket", "fileno-client"), ("server-accept", "fileno-conn"),
                              ("client-socket-again", "fileno-again")] {
            let fd = try #require(calls(h, made).last?.outcome?.returnValue)
            #expect(calls(h, asked).map(\.call) == [.fileno(fd: Int32(fd))], "fileno makes no other call")
            #expect(calls(h, asked).last?.outcome?.returnValue == fd)
        }
        #expect(calls(h, "client-socket-again").last?.outcome?.returnValue == calls(h, "client-socket").last?.outcome?.returnValue,
                "the closed client's number is the lowest free one again")
    }

    @Test func readAndWriteMoveTheBytesAndReadSeesTheEnd() throws {
        let (_, h) = try CourseRun.run("sockets-are-files")
        #expect(calls(h, "server-read").last?.outcome?.bytes == Data("hello through write()\n".utf8))
        #expect(calls(h, "client-recv").last?.outcome?.bytes == Data("and back through write()\n".utf8))
        #expect(h.state.stepResults["server-eof"] == .endOfStream)
    }

    @Test func theDescriptorTableShowsEachSocketByTheInodeOfItsKernelRow() throws {
        let (_, h) = try CourseRun.run("sockets-are-files")
        let table = calls(h, "fd-table")
        let listing = try #require(table.first?.outcome)
        #expect(table.first?.call == .listDescriptors)
        let fds = ["server-socket", "client-socket", "server-accept"].compactMap { calls(h, $0).last?.outcome?.returnValue }.map(Int32.init)
        #expect(fds.count == 3)
        #expect(Set(fds).isSubset(of: Set(listing.descriptors ?? [])), "\(listing)")
        let links = Dictionary(table.compactMap { e -> (Int32, String)? in
            if case .readDescriptorLink(let fd) = e.call, let v = e.outcome?.value { (fd, v) } else { nil }
        }, uniquingKeysWith: { a, _ in a })
        let rows = snapshots(h).flatMap { $0 }
        for fd in fds {
            let inode = try #require(links[fd].flatMap(DescriptorTable.socketInode), "fd \(fd) links to socket:[inode]: \(links)")
            #expect(rows.contains { $0.inode == inode }, "the kernel's view has a row with inode \(inode)")
        }
        // The listing's own descriptor, the lowest free one then (every number below it was
        // listed), was closed before its readlink.
        let gone = table.filter { $0.outcome?.error?.name == "ENOENT" }
        #expect(gone.count == 1, "\(gone)")
        if case .readDescriptorLink(let fd)? = gone.first?.call {
            #expect(Set(0..<fd).isSubset(of: Set(listing.descriptors ?? [])), "\(fd) was the lowest free number: \(listing)")
            #expect(fd > (fds.max() ?? 0), "opened after the lesson's sockets")
        }
    }
}
