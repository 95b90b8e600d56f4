import Foundation
import Glibc

/// Which host names a lesson may look up. A DNS name makes the C library ask a name server
/// off this machine, so only numeric loopback and names that /etc/hosts answers with
/// loopback addresses (and nothing else) are allowed.
public enum LoopbackHosts {
    /// Numeric 127.0.0.0/8 or ::1.
    public static func isNumericLoopback(_ host: String) -> Bool {
        SocketAddress.inet(host: host, port: 0).isLoopback || SocketAddress.inet6(host: host, port: 0).isLoopback
    }

    /// Numeric loopback, or a name every /etc/hosts line of which gives a loopback address.
    public static func isAllowed(_ host: String, hostsFile: String = "/etc/hosts") -> Bool {
        if isNumericLoopback(host) { return true }
        let addresses = hostsEntries(hostsFile).filter { $0.names.contains(host.lowercased()) }.map(\.address)
        return !addresses.isEmpty && addresses.allSatisfy(isNumericLoopback)
    }

    /// True when /etc/hosts names this loopback address, so a reverse lookup is answered here.
    public static func hasName(forAddress host: String, hostsFile: String = "/etc/hosts") -> Bool {
        isNumericLoopback(host) && hostsEntries(hostsFile).contains { normalized($0.address) == normalized(host) }
    }

    private static func normalized(_ host: String) -> String {
        var a6 = in6_addr()
        guard inet_pton(AF_INET6, host, &a6) == 1 else { return host }
        return "::1"  // the only IPv6 loopback isNumericLoopback admits
    }

    static func hostsEntries(_ path: String) -> [(address: String, names: [String])] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String($0).lowercased() }
            guard fields.count >= 2 else { return nil }
            return (fields[0], Array(fields.dropFirst()))
        }
    }
}
