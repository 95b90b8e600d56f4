/// The languages sockettutor shows, and which one a run uses.
public enum Language {
    /// Every language a lesson text can have and the interface can show, English first.
    public static let supported = ["en", "zh"]

    /// The language of a run: `--lang` first, then the learner's saved choice (nil until
    /// the menu can save one), then the locale, then English.
    public static func choose(flag: String?, saved: String? = nil, environment: [String: String]) -> String {
        if let flag, supported.contains(flag) { return flag }
        if let saved, supported.contains(saved) { return saved }
        return fromLocale(environment)
    }

    /// POSIX precedence for messages: LC_ALL, else LC_MESSAGES, else LANG; an empty one
    /// counts as unset. `zh`, `zh_CN.UTF-8`, `zh_TW.Big5`, `zh_HK`, `zh_CN@x` are Chinese;
    /// C, POSIX and every other language are English.
    public static func fromLocale(_ environment: [String: String]) -> String {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        // The language part ends at the territory, codeset or modifier: ll[_TT][.codeset][@modifier].
        let language = locale.prefix { $0 != "_" && $0 != "." && $0 != "@" }
        return language == "zh" ? "zh" : "en"
    }
}
