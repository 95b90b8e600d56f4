extension CommandProblem {
    /// The English text (an exhaustive switch: a key without one does not compile).
    var english: String {
        switch self {
        case .unknownLanguage: return "unknown language '{value}': choose one of {choices} (en: English, zh: 中文)"
        }
    }
}
