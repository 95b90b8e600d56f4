@testable import Catalogue
import Foundation
import Glibc
import Testing
@testable import SocketTrace
@testable import Tutor

/// A call's result in Chinese: the errno's (or EAI_ code's) name stays, its Chinese meaning
/// replaces the C library's English; nothing a real call can return is left in English.
struct ResultWordsTests {
    @Test func everyErrnoLinuxDefinesHasAChineseMeaning() {
        let names = ErrnoValue.knownNames + ["EWOULDBLOCK", "EDEADLOCK", "ENOTSUP"]
        #expect(names.count == 134)
        let missing = names.filter { ErrnoMeaning.chinese($0) == nil }
        #expect(missing.isEmpty, "errnos without a Chinese meaning: \(missing)")
        // Aliases are the same errno: the same words.
        #expect(ErrnoMeaning.chinese("EWOULDBLOCK") == ErrnoMeaning.chinese("EAGAIN"))
        #expect(ErrnoMeaning.chinese("EDEADLOCK") == ErrnoMeaning.chinese("EDEADLK"))
        #expect(ErrnoMeaning.chinese("ENOTSUP") == ErrnoMeaning.chinese("EOPNOTSUPP"))
        // Shown inside （）: no brackets of its own, none of the ambiguous-width punctuation.
        let banned: Set<Character> = ["(", ")", "（", "）", "…", "“", "”", "×", "—"]
        let all = Array(ErrnoMeaning.table.values) + ErrnoMeaning.lookupTable.values + ErrnoMeaning.hostTable.values
        let odd = all.filter { $0.contains(where: banned.contains) }
        #expect(odd.isEmpty, "meanings with brackets or ambiguous-width punctuation: \(odd)")
    }

    @Test func everyGetaddrinfoErrorHasAChineseMeaning() {
        let missing = Lookups.eaiNames.values.filter { ErrnoMeaning.chinese($0) == nil }
        #expect(Lookups.eaiNames.count == 12)
        #expect(missing.isEmpty, "EAI_ codes without a Chinese meaning: \(missing.sorted())")
    }

    /// read() of a directory fails with EISDIR, an errno the course's own table never had.
    @Test func aRealFailingReadIsShownWithItsChineseMeaning() throws {
        let fd = open(FileManager.default.temporaryDirectory.path, O_RDONLY | O_DIRECTORY)
        try #require(fd >= 0)
        defer { close(fd) }
        let call = SocketCall.read(fd: fd, size: 16)
        let outcome = Kernel.perform(call)
        #expect(outcome.error?.name == "EISDIR")
        #expect(ResultWords.result(call, outcome, Words(.zh)) == "= -1 EISDIR（是一个目录）")
        #expect(ResultWords.result(call, outcome, Words(.en)) == "= -1 EISDIR (Is a directory)")
    }

    /// getaddrinfo with a service /etc/services lacks: EAI_SERVICE, not an errno.
    @Test func aRealFailingLookupIsShownWithItsChineseMeaning() {
        let call = SocketCall.getaddrinfo(host: "localhost", service: "no-such-service", family: AddressFamily(value: AF_UNSPEC), type: nil)
        let outcome = Kernel.perform(call)
        #expect(outcome.lookupError == "EAI_SERVICE (Servname not supported for ai_socktype)")
        #expect(ResultWords.result(call, outcome, Words(.zh)) == "= EAI_SERVICE（所请求的套接字类型不支持该服务）")
        #expect(ResultWords.result(call, outcome, Words(.en)) == "= EAI_SERVICE (Servname not supported for ai_socktype)")
    }

    /// getservbyname finds nothing: NULL, no errno; gethostbyname says why in h_errno.
    @Test func aLookupThatFindsNothingSaysSoInChinese() {
        let call = SocketCall.getservbyname(name: "no-such-service", protocol: "tcp")
        let outcome = Kernel.perform(call)
        #expect(ResultWords.result(call, outcome, Words(.en)) == "= NULL (no entry)")
        #expect(ResultWords.result(call, outcome, Words(.zh)) == "= NULL（没有该条目）")
        // (A real HOST_NOT_FOUND would ask DNS; the outcome is made as HostLookups makes it.)
        var host = CallOutcome(returnValue: 0)
        host.value = "NULL"
        host.lookupError = HostLookups.herrorName(1)
        let byName = SocketCall.gethostbyname(name: "nowhere.invalid")
        #expect(ResultWords.result(byName, host, Words(.en)) == "= NULL (h_errno HOST_NOT_FOUND)")
        #expect(ResultWords.result(byName, host, Words(.zh)) == "= NULL（h_errno HOST_NOT_FOUND：未知的主机）")
        for code: Int32 in -1...4 { #expect(ErrnoMeaning.chinese(HostLookups.herrorName(code)) != nil) }
    }

    /// A number Linux gives no name (only a recording from elsewhere could hold one).
    @Test func anErrnoLinuxDoesNotDefineSaysSoInChinese() {
        var outcome = CallOutcome(returnValue: -1)
        outcome.error = ErrnoValue(999)
        let call = SocketCall.close(fd: 3)
        #expect(ResultWords.result(call, outcome, Words(.en)) == "= -1 E999 (Unknown error 999)")
        #expect(ResultWords.result(call, outcome, Words(.zh)) == "= -1 E999（未知错误 999）")
    }

    /// fileno and list_fds are worded by the tutor, not by strace: said in Chinese too.
    @Test func theTutorsOwnWordsInATraceLineAreChinese() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        let fileno = SocketCall.fileno(fd: fd)
        let kept = Kernel.perform(fileno)
        #expect(ResultWords.call(fileno, kept, Words(.en)) == "(no system call) fileno")
        #expect(ResultWords.call(fileno, kept, Words(.zh)) == "（不是系统调用）fileno")
        #expect(ResultWords.result(fileno, kept, Words(.en)) == "= \(fd): the number the socket object keeps")
        #expect(ResultWords.result(fileno, kept, Words(.zh)) == "= \(fd)：套接字对象保存的编号")

        let list = Kernel.perform(.listDescriptors)
        let zh = ResultWords.result(.listDescriptors, list, Words(.zh))
        #expect(list.descriptors?.contains(fd) == true)
        #expect(zh.hasPrefix("= \(list.returnValue) 项 [") && zh.contains("\(fd)"), "\(zh)")
        #expect(ResultWords.result(.listDescriptors, list, Words(.en)) == TraceLine.result(.listDescriptors, list))
        // The tutor's own descriptors (moved to 900 and above) are counted, not listed.
        var withOwn = list
        withOwn.value = "2 of the tutor's own, 900 and above, not shown"
        #expect(ResultWords.result(.listDescriptors, withOwn, Words(.zh)).hasSuffix("（另有本程序自己的 2 个，编号 900 及以上，未列出）"))
        #expect(ResultWords.result(.listDescriptors, withOwn, Words(.en)).hasSuffix(" (and 2 of the tutor's own, 900 and above, not shown)"))
    }
}
