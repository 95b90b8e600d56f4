/// A problem in a lesson file, as lint and the menu report it at FILE:LINE:COL.
/// Its text in each language is in LessonProblem+en.swift and LessonProblem+zh.swift; a value a
/// template takes is named in braces there and given by the `Message` that carries it.
public enum LessonProblem: String, Sendable, CaseIterable {
    case fileEmpty

    public func template(_ language: InterfaceLanguage) -> String {
        switch language {
        case .en: return english
        case .zh: return chinese
        }
    }
}
