import Foundation
import Testing

/// A getaddrinfo failure in the plain transcript: gai_strerror's English, or in Chinese the
/// EAI_ name with its Chinese meaning (the course's lessons never fail a lookup, so a lesson
/// written here asks for a service /etc/services lacks).
extension CLITests {
    static let failingLookup = """
    format_version: 1
    id: lookup-fails
    title: {en: A lookup that fails, zh: 查询失败}
    summary: {en: getaddrinfo with a service this machine does not know., zh: 用本机不认识的服务名调用 getaddrinfo。}
    actors: [client]
    sections:
      - id: lookups
        title: {en: Lookups, zh: 查询}
        text: {en: A service name that /etc/services lacks., zh: /etc/services 里没有的服务名。}
        steps:
          - id: unknown-service
            actor: client
            call: getaddrinfo
            host: localhost
            service: no-such-service
            note: {en: No such service., zh: 没有这个服务。}

    """

    @Test(arguments: [("zh", "= EAI_SERVICE（所请求的套接字类型不支持该服务）"), ("en", "= EAI_SERVICE (Servname not supported for ai_socktype)")])
    func aFailedLookupIsShownInTheRunsLanguage(_ language: String, _ result: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lookup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.failingLookup.write(to: dir.appendingPathComponent("lookup-fails.yaml"), atomically: true, encoding: .utf8)
        try "format_version: 1\nlessons: [lookup-fails]\n".write(to: dir.appendingPathComponent("course.yaml"), atomically: true, encoding: .utf8)
        let r = try run(["learn", "lookup-fails", "--plain", "--auto", "--no-record", "--no-capture", "--wait", "0.3", "--lang", language, "--lessons", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("[client] getaddrinfo(\"localhost\", \"no-such-service\", {AF_UNSPEC}) \(result)\n"), "\(r.stdout)")
    }
}
