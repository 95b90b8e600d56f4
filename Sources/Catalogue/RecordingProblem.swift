/// A problem reading a recording, reported at FILE:LINE.
/// Its text in each language is in RecordingProblem+en.swift and RecordingProblem+zh.swift; a value a
/// template takes is named in braces there and given by the `Message` that carries it.
public enum RecordingProblem: String, Sendable, CaseIterable {
    case fileEmpty

    public func template(_ language: InterfaceLanguage) -> String {
        switch language {
        case .en: return english
        case .zh: return chinese
        }
    }
}
