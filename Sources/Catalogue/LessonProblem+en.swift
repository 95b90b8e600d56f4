extension LessonProblem {
    /// The English text (an exhaustive switch: a key without one does not compile).
    var english: String {
        switch self {
        case .fileEmpty: return "the file is empty"
        }
    }
}
