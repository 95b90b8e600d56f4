import Catalogue
import Foundation
import Glibc
import SocketTrace
import Testing
@testable import Tutor

/// Why packets are not captured is kept in English (the plan is made before a language is
/// known, and recordings hold it so); on a Chinese screen each reason the plan can give is
/// said in Chinese, with the sysctl names and errno names as the machine prints them.
struct CaptureWordsTests {
    @Test(arguments: [
        (EPERM, "user.max_user_namespaces", "没有 CAP_NET_RAW，而且用户命名空间已被禁用：「sysctl user.max_user_namespaces = 0」"),
        (EPERM, "kernel.apparmor_restrict_unprivileged_userns", "没有 CAP_NET_RAW，而且AppArmor 禁止普通用户创建用户命名空间：「sysctl kernel.apparmor_restrict_unprivileged_userns = 1」"),
    ])
    func aDisabledUserNamespaceIsSaidInChinese(errno: Int32, setting: String, chinese: String) {
        let phrase: Phrase = setting.hasPrefix("kernel.apparmor") ? .captureAppArmorForbids : .captureUsernsDisabled
        let english = Words(.en)(.captureNoNetRaw, ["why": Words(.en)(phrase, ["setting": setting])])
        #expect(CaptureWords.reason(english, Words(.zh)) == chinese)
        #expect(CaptureWords.reason(english, Words(.en)) == english)
    }

    @Test func unshareFailingIsSaidWithTheErrnosChineseMeaning() {
        let english = Words(.en)(.captureNoNetRaw, ["why": Words(.en)(.captureUnshareFailed, ["name": "ENOSPC", "message": String(cString: strerror(ENOSPC))])])
        #expect(english == "no CAP_NET_RAW, and unshare(CLONE_NEWUSER) failed with ENOSPC (No space left on device)")
        #expect(CaptureWords.reason(english, Words(.zh)) == "没有 CAP_NET_RAW，而且「unshare(CLONE_NEWUSER)」失败，报 ENOSPC（\(ErrnoMeaning.chinese("ENOSPC")!)）")
        let threads = Words(.en)(.captureNoNetRaw, ["why": Words(.en)(.captureUnshareManyThreads)])
        #expect(CaptureWords.reason(threads, Words(.zh)).hasSuffix("进程里已经不止一个线程"))
    }

    /// This machine's own plan, whatever it is, never reaches a Chinese screen in English
    /// (beyond names): the reasons are all in the table above.
    @Test func thisMachinesReasonIsSaidInChinese() {
        for english in [Words(.en)(.captureOff), Words(.en)(.captureNotAsked), CaptureWords.hostLoopbackPlanned] {
            let zh = CaptureWords.reason(english, Words(.zh))
            #expect(zh != english && zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(zh)")
        }
        // A text no template makes stays as it is.
        #expect(CaptureWords.reason("something else", Words(.zh)) == "something else")
    }
}
