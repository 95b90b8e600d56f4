import Foundation
import Glibc

/// gethostbyname and gethostbyaddr, the IPv4-era lookups getaddrinfo and getnameinfo
/// replaced. Made through glibc's reentrant forms (_r: the actors are threads), which
/// consult the same sources in the same order (/etc/nsswitch.conf: files, then DNS).
enum HostLookups {
    static func gethostbyname(name: String) -> CallOutcome {
        withHostEntry { entry, buffer, result, herr in
            gethostbyname_r(name, &entry, buffer.baseAddress, buffer.count, &result, &herr)
        }
    }

    static func gethostbyaddr(host: String) -> CallOutcome {
        var a4 = in_addr(), a6 = in6_addr()
        if inet_pton(AF_INET, host, &a4) == 1 {
            return withHostEntry { entry, buffer, result, herr in
                gethostbyaddr_r(&a4, socklen_t(MemoryLayout<in_addr>.size), AF_INET, &entry, buffer.baseAddress, buffer.count, &result, &herr)
            }
        }
        if inet_pton(AF_INET6, host, &a6) == 1 {
            return withHostEntry { entry, buffer, result, herr in
                gethostbyaddr_r(&a6, socklen_t(MemoryLayout<in6_addr>.size), AF_INET6, &entry, buffer.baseAddress, buffer.count, &result, &herr)
            }
        }
        var o = CallOutcome(returnValue: 0)
        o.value = "NULL"
        o.lookupError = "HOST_NOT_FOUND (not a numeric address)"
        return o
    }

    /// Runs a _r lookup with a buffer that grows on ERANGE; the entry becomes the outcome:
    /// `value` = h_name then the aliases, space-separated; `addresses` = h_addr_list (port 0).
    private static func withHostEntry(_ lookup: (inout hostent, UnsafeMutableBufferPointer<CChar>, inout UnsafeMutablePointer<hostent>?, inout Int32) -> Int32) -> CallOutcome {
        var size = 1024
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            // The entry points into the buffer: read it while the buffer is pinned.
            let found: (rc: Int32, herr: Int32, names: [String], addresses: [SocketAddress]) = buffer.withUnsafeMutableBufferPointer { buf in
                var entry = hostent()
                var result: UnsafeMutablePointer<hostent>?
                var herr: Int32 = 0
                let rc = lookup(&entry, buf, &result, &herr)
                guard rc == 0, result != nil else { return (rc, herr, [], []) }
                var names = [String(cString: entry.h_name)]
                var i = 0
                while let alias = entry.h_aliases?[i] { names.append(String(cString: alias)); i += 1 }
                var addresses: [SocketAddress] = []
                i = 0
                while let raw = entry.h_addr_list?[i] {
                    var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                    if inet_ntop(entry.h_addrtype, raw, &text, socklen_t(text.count)) != nil {
                        let host = String(cBuffer: text)
                        addresses.append(entry.h_addrtype == AF_INET6 ? .inet6(host: host, port: 0) : .inet(host: host, port: 0))
                    }
                    i += 1
                }
                return (0, 0, names, addresses)
            }
            if found.rc == ERANGE, size < 1 << 20 { size *= 4; continue }
            var o = CallOutcome(returnValue: 0)
            guard !found.names.isEmpty else {
                o.value = "NULL"
                o.lookupError = herrorName(found.rc != 0 && found.rc != ENOENT ? -1 : found.herr)
                return o
            }
            o.value = found.names.joined(separator: " ")
            o.addresses = found.addresses
            return o
        }
    }

    /// netdb.h's h_errno values (they are not errno values).
    static func herrorName(_ code: Int32) -> String {
        switch code {
        case 1: "HOST_NOT_FOUND"
        case 2: "TRY_AGAIN"
        case 3: "NO_RECOVERY"
        case 4: "NO_DATA"
        default: "NETDB_INTERNAL"
        }
    }
}
