import Foundation
import Glibc

/// The C library's name-service lookups. These are library functions, not system calls:
/// to answer them glibc may read /etc files or open sockets of its own (nscd, DNS).
enum Lookups {
    static func getaddrinfo(host: String, service: String?, family: AddressFamily, type: SocketType?) -> CallOutcome {
        var hints = addrinfo()
        hints.ai_family = family.value
        hints.ai_socktype = type?.value ?? 0
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = Glibc.getaddrinfo(host, service, &hints, &list)
        var o = CallOutcome(returnValue: Int(rc))
        guard rc == 0 else {
            o.lookupError = eaiDescription(rc)
            if rc == EAI_SYSTEM { o.error = ErrnoValue(errno) }
            return o
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor = list
        while let entry = cursor {
            var storage = sockaddr_storage()
            let len = entry.pointee.ai_addrlen
            withUnsafeMutableBytes(of: &storage) { dst in
                dst.copyMemory(from: UnsafeRawBufferPointer(start: entry.pointee.ai_addr, count: Int(len)))
            }
            let address = SocketAddress(storage: storage, length: len)
            if !addresses.contains(address) { addresses.append(address) }
            cursor = entry.pointee.ai_next
        }
        o.addresses = addresses
        return o
    }

    static func getnameinfo(address: SocketAddress, numeric: Bool) -> CallOutcome {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var serv = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let flags = numeric ? (NI_NUMERICHOST | NI_NUMERICSERV) : 0
        let rc = address.withSockAddr { sa, len in
            Glibc.getnameinfo(sa, len, &host, socklen_t(host.count), &serv, socklen_t(serv.count), flags)
        }
        var o = CallOutcome(returnValue: Int(rc))
        if rc == 0 {
            o.value = "\(String(cBuffer: host)) \(String(cBuffer: serv))"
        } else {
            o.lookupError = eaiDescription(rc)
        }
        return o
    }

    static func getservbyname(name: String, protocol proto: String?) -> CallOutcome {
        guard let entry = Glibc.getservbyname(name, proto) else { return notFound() }
        return service(entry.pointee)
    }

    static func getservbyport(port: UInt16, protocol proto: String?) -> CallOutcome {
        guard let entry = Glibc.getservbyport(Int32(port.bigEndian), proto) else { return notFound() }
        return service(entry.pointee)
    }

    static func getprotobyname(name: String) -> CallOutcome {
        guard let entry = Glibc.getprotobyname(name) else { return notFound() }
        var o = CallOutcome(returnValue: Int(entry.pointee.p_proto))
        o.value = String(cString: entry.pointee.p_name)
        return o
    }

    private static func service(_ entry: servent) -> CallOutcome {
        let port = UInt16(bigEndian: UInt16(truncatingIfNeeded: entry.s_port))
        var o = CallOutcome(returnValue: Int(port))
        o.value = "{s_name=\"\(String(cString: entry.s_name))\", s_port=\(port), s_proto=\"\(String(cString: entry.s_proto))\"}"
        return o
    }

    /// These lookups return NULL with no errno when nothing matches.
    private static func notFound() -> CallOutcome {
        var o = CallOutcome(returnValue: 0)
        o.value = "NULL"
        o.lookupError = "not found"
        return o
    }

    static let eaiNames: [Int32: String] = [
        EAI_BADFLAGS: "EAI_BADFLAGS", EAI_NONAME: "EAI_NONAME", EAI_AGAIN: "EAI_AGAIN",
        EAI_FAIL: "EAI_FAIL", EAI_FAMILY: "EAI_FAMILY", EAI_SOCKTYPE: "EAI_SOCKTYPE",
        EAI_SERVICE: "EAI_SERVICE", EAI_MEMORY: "EAI_MEMORY", EAI_SYSTEM: "EAI_SYSTEM",
        EAI_OVERFLOW: "EAI_OVERFLOW",
        // glibc's extensions (netdb.h, __USE_GNU), which Swift's Glibc module does not import.
        -5: "EAI_NODATA", -9: "EAI_ADDRFAMILY",
    ]

    static func eaiDescription(_ rc: Int32) -> String {
        "\(eaiNames[rc] ?? "EAI_\(rc)") (\(String(cString: gai_strerror(rc))))"
    }
}
