/// A problem with the command line, the progress store or the terminal.
/// Its text in each language is in CommandProblem+en.swift and CommandProblem+zh.swift; a value a
/// template takes is named in braces there and given by the `Message` that carries it.
public enum CommandProblem: String, Sendable, CaseIterable {
    case unknownLanguage

    public func template(_ language: InterfaceLanguage) -> String {
        switch language {
        case .en: return english
        case .zh: return chinese
        }
    }
}
