import Catalogue
import Foundation
import Glibc
import LessonKit
import SocketTrace

/// The steps about names, descriptors and framing: fileno, gethostbyname/gethostbyaddr,
/// the descriptor table, and a length-prefixed frame sent and received. Every real call
/// goes through `call`, so each is traced and recorded like any other.
extension StepExecutor {
    func fileno(_ step: LessonStep, _ a: ResolvedArguments) throws -> StepOutcome {
        let o = try call(.fileno(fd: try a.descriptor()), stepID: step.id)
        name(step, .integer(o.returnValue))
        return .returned
    }

    func hostLookup(_ step: LessonStep, _ a: ResolvedArguments) throws -> StepOutcome {
        let c: SocketCall
        if step.call == .gethostbyname {
            let host = try a.text("name") ?? ""
            // IPv4 only, and answered by /etc/hosts: the loader's rule, checked again at run time.
            guard LoopbackHosts.isAllowed(host), !host.contains(":") else {
                throw ResolvedArguments.Refused(Message(.runGethostbynameOffMachine, ["host": .text(Shown.value(host))]))
            }
            c = .gethostbyname(name: host)
        } else {
            let host = try a.text("address") ?? ""
            guard LoopbackHosts.hasName(forAddress: host) else {
                throw ResolvedArguments.Refused(Message(.runGethostbyaddrOffMachine, ["host": .text(Shown.value(host))]))
            }
            c = .gethostbyaddr(host: host)
        }
        let o = try call(c, stepID: step.id)
        if o.lookupError != nil {
            // Python: gethostbyname goes through getaddrinfo (gaierror); gethostbyaddr raises herror.
            return .raised(exception: step.call == .gethostbyname ? "socket.gaierror" : "socket.herror", errno: nil)
        }
        if step.call == .gethostbyname, case .inet(let host, _)? = o.addresses?.first {
            name(step, .text(host))
        } else if step.call == .gethostbyaddr, let names = o.value {
            name(step, .text(String(names.split(separator: " ").first ?? "")))
        }
        return .returned
    }

    /// Lists /proc/self/fd, then reads each link below 900 (the tutor's own are counted,
    /// not read). The listing's own descriptor is closed by then: its readlink fails with
    /// ENOENT, as Python's does.
    func listDescriptors(_ step: LessonStep) throws -> StepOutcome {
        let listed = try call(.listDescriptors, stepID: step.id)
        guard listed.error == nil else { return raised(listed) }
        var links: [(Int32, String)] = []
        for fd in listed.descriptors ?? [] {
            let link = try call(.readDescriptorLink(fd: fd), stepID: step.id)
            if let target = link.value, link.error == nil, fd > 2 { links.append((fd, target)) }
        }
        // Each socket's row in the kernel's tables (/proc/net), found by the same inode: the
        // tutor's own look, as for the kernel pane, not a call of the lesson's.
        let rows = links.contains { DescriptorTable.socketInode($0.1) != nil } ? KernelSocketTable.read() : []
        let table = links.map { fd, target in
            let row = DescriptorTable.socketInode(target).flatMap { inode in rows.first { $0.inode == inode } }
            return "\(fd) → \(target)" + (row.map { " (\($0.description))" } ?? "")
        }
        name(step, .text(table.joined(separator: "\n")))
        return .returned
    }

    /// sendall(struct.pack('!I', len(msg)) + msg): one buffer, sent until every byte is gone.
    func sendFrame(_ step: LessonStep, _ a: ResolvedArguments) throws -> StepOutcome {
        let fd = try a.descriptor()
        let payload = try a.data()
        var length = UInt32(payload.count).bigEndian
        var rest = Data(bytes: &length, count: 4) + payload
        while !rest.isEmpty {
            if let waited = try waitForTimeout(fd, .output, stepID: step.id) { return waited }
            let o = try call(.send(fd: fd, data: rest, flags: []), stepID: step.id)
            if o.error != nil { return raised(o) }
            rest = rest.dropFirst(o.returnValue)
        }
        return .returned
    }

    /// The biggest frame a lesson may receive (the payload is kept in memory, as Python would).
    static let maximumFrame = StepCall.maximumReceiveSize

    /// recv until 4 bytes, then until the length they give: each recv asks for what is missing.
    func receiveFrame(_ step: LessonStep, _ a: ResolvedArguments) throws -> StepOutcome {
        let fd = try a.descriptor()
        let header: Data
        switch try receiveExactly(fd, 4, stepID: step.id) {
        case .success(let d): header = d
        case .failure(let outcome): return outcome.result
        }
        let length = header.reduce(0) { $0 << 8 | Int($1) }
        guard length <= Self.maximumFrame else {
            throw ResolvedArguments.Refused(Message(.runFrameTooLarge, ["length": .of(length)]))
        }
        switch try receiveExactly(fd, length, stepID: step.id) {
        case .success(let payload):
            name(step, .data(payload))
            return .returned
        case .failure(let outcome): return outcome.result
        }
    }

    struct FrameStop: Error { let result: StepOutcome }

    private func receiveExactly(_ fd: Int32, _ count: Int, stepID: String) throws -> Result<Data, FrameStop> {
        var data = Data()
        while data.count < count {
            if let waited = try waitForTimeout(fd, .input, stepID: stepID) { return .failure(FrameStop(result: waited)) }
            let o = try call(.recv(fd: fd, size: count - data.count, flags: []), stepID: stepID)
            if o.error != nil { return .failure(FrameStop(result: raised(o))) }
            guard let got = o.bytes, !got.isEmpty else {
                // Python's loop raises EOFError: the peer closed in the middle of a frame.
                return .failure(FrameStop(result: .raised(exception: "EOFError", errno: nil)))
            }
            data += got
        }
        return .success(data)
    }
}
