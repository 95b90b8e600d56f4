import LessonKit
import Testing

@Suite struct LanguageTests {
    /// (LC_ALL, LC_MESSAGES, LANG) → the language; nil: the variable is unset.
    static let locales: [(String?, String?, String?, String)] = [
        (nil, nil, nil, "en"),
        (nil, nil, "zh_CN.UTF-8", "zh"),
        (nil, nil, "zh_TW.Big5", "zh"),
        (nil, nil, "zh_HK", "zh"),
        (nil, nil, "zh", "zh"),
        (nil, nil, "zh_CN@something", "zh"),
        (nil, nil, "zh.UTF-8", "zh"),
        (nil, nil, "en_US.UTF-8", "en"),
        (nil, nil, "C", "en"),
        (nil, nil, "POSIX", "en"),
        (nil, nil, "C.UTF-8", "en"),
        (nil, nil, "fr_FR.UTF-8", "en"),
        (nil, nil, "zhx_YY", "en"),          // another language that merely starts with zh
        (nil, nil, "", "en"),
        // LC_ALL overrides LC_MESSAGES, which overrides LANG.
        ("C", "zh_CN.UTF-8", "zh_CN.UTF-8", "en"),
        ("zh_CN.UTF-8", "en_US.UTF-8", "en_US.UTF-8", "zh"),
        (nil, "zh_TW.UTF-8", "en_US.UTF-8", "zh"),
        (nil, "POSIX", "zh_CN.UTF-8", "en"),
        // An empty value counts as unset.
        ("", "", "zh_CN.UTF-8", "zh"),
        ("", "zh_HK", "C", "zh"),
        ("", nil, "", "en"),
    ]

    @Test(arguments: locales.indices)
    func theLocaleChoosesTheLanguage(_ index: Int) {
        let (all, messages, lang, expected) = Self.locales[index]
        var environment: [String: String] = ["LC_CTYPE": "zh_CN.UTF-8"]  // not a messages variable: ignored
        if let all { environment["LC_ALL"] = all }
        if let messages { environment["LC_MESSAGES"] = messages }
        if let lang { environment["LANG"] = lang }
        #expect(Language.choose(flag: nil, environment: environment) == expected, "\(environment)")
    }

    @Test func theFlagComesFirstThenTheSavedChoiceThenTheLocale() {
        let chinese = ["LANG": "zh_CN.UTF-8"], english = ["LANG": "en_US.UTF-8"]
        #expect(Language.choose(flag: "en", saved: "zh", environment: chinese) == "en")
        #expect(Language.choose(flag: "zh", saved: "en", environment: english) == "zh")
        #expect(Language.choose(flag: nil, saved: "zh", environment: english) == "zh")
        #expect(Language.choose(flag: nil, saved: "en", environment: chinese) == "en")
        #expect(Language.choose(flag: nil, saved: nil, environment: chinese) == "zh")
        // A saved value this version does not know is passed over, not shown.
        #expect(Language.choose(flag: nil, saved: "xx", environment: chinese) == "zh")
    }
}
