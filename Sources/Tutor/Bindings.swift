import Foundation
import LessonKit
import SocketTrace

/// The results earlier steps named with `as:`, resolved to real values of this run.
struct Bindings: Sendable {
    enum Value: Sendable {
        case descriptor(Int32)
        case address(SocketAddress)
        case data(Data)
        case integer(Int)
        case text(String)
    }

    private var values: [String: Value] = [:]
    /// Names whose socket the lesson has closed: Python's second close does nothing, and any
    /// other call fails with EBADF, never reaching a descriptor number since given to another.
    var closed: Set<String> = []
    /// Sockets the lesson may only close (SOCK_RAW, AF_IPX …).
    var attemptOnly: Set<String> = []
    /// Ports the kernel chose for this session's sockets: the only fixed ports a bind may name.
    var ownPorts: Set<UInt16> = []

    mutating func set(_ name: String, field: String? = nil, _ value: Value) {
        values[key(name, field)] = value
    }

    func get(_ name: String, field: String?) -> Value? { values[key(name, field)] }

    private func key(_ name: String, _ field: String?) -> String { field.map { "\(name).\($0)" } ?? name }

    /// The Python variable holding descriptor `fd`, for generated lines (`conn.recv(1024)`).
    func pythonName(of fd: Int32) -> String? {
        values.first(where: { if case .descriptor(fd) = $0.value { return true } else { return false } })
            .map { $0.key.replacingOccurrences(of: ".0", with: "[0]").replacingOccurrences(of: ".1", with: "[1]") }
    }
}
