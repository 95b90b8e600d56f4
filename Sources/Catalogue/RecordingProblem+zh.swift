extension RecordingProblem {
    /// The Chinese text (an exhaustive switch: a key without one does not compile).
    var chinese: String {
        switch self {
        case .fileEmpty: return "文件是空的：不是录制文件"
        }
    }
}
