/// The command line's `--help`: each command's abstract and discussion, each option's
/// help, and ArgumentParser's own headings as the Chinese help replaces them.
/// Its text in each language is in CommandHelp+en.swift and CommandHelp+zh.swift; a value a
/// template takes is named in braces there and given by the `Message` that carries it.
public enum CommandHelp: String, Sendable, CaseIterable {
    case rootAbstract
    case rootDiscussion
    case listAbstract
    case learnAbstract
    case learnDiscussion
    case learnID
    case learnPlain
    case learnAuto
    case learnWait
    case learnRecord
    case lessonsOption
    case langOption
    case noCaptureOption
    case pcapOption
    case noRecordOption
    case replayAbstract
    case replayDiscussion
    case replayFile
    case replayLast
    case replayIdleLimit
    case replayPlain
    case replayLang
    case exportAbstract
    case exportDiscussion
    case exportFile
    case exportAsciicast
    case exportSize
    case exportIdleLimit
    case exportLessons
    case exportLang
    case progressAbstract
    case progressDiscussion
    case progressReset
    case progressLesson
    case progressYes
    case progressExport
    case quizAbstract
    case quizDiscussion
    case quizID
    case quizPlain
    case quizReview
    case lintAbstract
    case lintDiscussion
    case lintPaths
    case lintRun
    case lintLanguages
    case headingOverview
    case headingUsage
    case headingArguments
    case headingOptions
    case headingSubcommands
    case showVersion
    case showHelp
    case defaultValue
    case seeSubcommandHelp

    public func template(_ language: InterfaceLanguage) -> String {
        switch language {
        case .en: return english
        case .zh: return chinese
        }
    }
}
