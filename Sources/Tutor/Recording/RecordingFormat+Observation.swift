import Catalogue
import Foundation
import SocketTrace

/// How the kernel's view, packets and the capture status are spelled in a recording.
extension RecordingFormat {
    static func encode(_ socket: KernelSocket) -> JSONValue {
        var o = JSONObjectBuilder()
        o.add("proto", socket.proto.rawValue)
        o.add("state", socket.state)
        o.add("local", socket.local)
        o.add("remote", socket.remote)
        o.add("recv_q", socket.receiveQueue)
        o.add("send_q", socket.sendQueue)
        o.add("backlog", socket.backlog)
        o.add("inode", socket.inode)
        o.add("local_port", socket.localPort)
        o.add("remote_port", socket.remotePort)
        return o.value
    }

    static func decodeKernelSocket(_ f: JSONFields) throws(JSONFields.Failure) -> KernelSocket {
        let protoName = try f.string("proto")
        guard let proto = KernelSocket.Proto(rawValue: protoName) else { throw f.fail(.unknownProto, ["name": .text(String(protoName.prefix(20)))]) }
        var socket = KernelSocket(proto: proto, state: try f.string("state"), local: try f.string("local"), remote: try f.string("remote"),
                                  receiveQueue: try f.int("recv_q", as: Int.self), sendQueue: try f.int("send_q", as: Int.self),
                                  inode: try f.int("inode", as: UInt64.self),
                                  localPort: try f.optionalInt("local_port", as: UInt16.self),
                                  remotePort: try f.optionalInt("remote_port", as: UInt16.self))
        socket.backlog = try f.optionalInt("backlog", as: Int.self)
        return socket
    }

    static func encode(_ p: Packet) -> JSONValue {
        var o = JSONObjectBuilder()
        o.add("t_ns", p.offsetNanoseconds)
        o.add("wall_s", p.seconds)
        o.add("wall_ns", p.nanoseconds)
        o.add("transport", p.transport)
        o.add("source", p.source)
        o.add("destination", p.destination)
        o.add("source_port", p.sourcePort)
        o.add("destination_port", p.destinationPort)
        o.add("flags", .array(p.flags.map { .string($0) }))
        o.add("seq", p.sequence)
        o.add("ack", p.acknowledgement)
        o.add("window", p.window)
        o.add("wire_length", p.wireLength)
        o.add("frame", p.frame)
        o.add("payload", p.payload)
        return o.value
    }

    static func decodePacket(_ f: JSONFields) throws(JSONFields.Failure) -> Packet {
        Packet(offsetNanoseconds: try f.int("t_ns", as: UInt64.self), seconds: try f.int("wall_s"),
               nanoseconds: try f.int("wall_ns", as: Int32.self), frame: try f.data("frame"),
               wireLength: try f.int("wire_length", as: Int.self), transport: try f.string("transport"),
               source: try f.string("source"), destination: try f.string("destination"),
               sourcePort: try f.int("source_port", as: UInt16.self), destinationPort: try f.int("destination_port", as: UInt16.self),
               flags: try f.strings("flags"), sequence: try f.int("seq", as: UInt32.self),
               acknowledgement: try f.optionalInt("ack", as: UInt32.self), window: try f.int("window", as: UInt16.self),
               payload: try f.data("payload"))
    }

    static func encode(_ status: CaptureStatus) -> JSONValue {
        switch status {
        case .capturing(let place): .object([("capturing", .bool(true)), ("place", .string(place))])
        case .unavailable(let reason): .object([("capturing", .bool(false)), ("reason", .string(reason))])
        }
    }

    static func decodeCapture(_ f: JSONFields) throws(JSONFields.Failure) -> CaptureStatus {
        try f.bool("capturing") ? .capturing(place: try f.string("place")) : .unavailable(reason: try f.string("reason"))
    }

    static func encode(_ outcome: StepOutcome) -> JSONValue {
        switch outcome {
        case .returned: .object([("result", .string("returned"))])
        case .raised(let exception, let errno):
            .object([("result", .string("raised")), ("exception", .string(exception))] + (errno.map { [("errno", encode($0))] } ?? []))
        case .timedOut: .object([("result", .string("timed_out"))])
        case .endOfStream: .object([("result", .string("end_of_stream"))])
        }
    }

    static func decodeStepOutcome(_ f: JSONFields) throws(JSONFields.Failure) -> StepOutcome {
        switch try f.string("result") {
        case "returned": return .returned
        case "raised":
            return .raised(exception: try f.string("exception"),
                           errno: try f.optionalObject("errno").map { (e) throws(JSONFields.Failure) in try decodeErrno(e) })
        case "timed_out": return .timedOut
        case "end_of_stream": return .endOfStream
        case let other: throw f.fail(.unknownResult, ["name": .text(String(other.prefix(30)))])
        }
    }
}
