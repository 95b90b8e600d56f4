extension CommandProblem {
    /// The Chinese text (an exhaustive switch: a key without one does not compile).
    var chinese: String {
        switch self {
        case .unknownLanguage: return "未知的语言「{value}」：请从 {choices} 中选择（「en」即 English，「zh」即中文）"
        }
    }
}
