/// A problem with the command line, the progress store or the terminal, and the words
/// the top level puts around one (`Error: `, `Usage: `).
/// Its text in each language is in CommandProblem+en.swift and CommandProblem+zh.swift; a value a
/// template takes is named in braces there and given by the `Message` that carries it.
public enum CommandProblem: String, Sendable, CaseIterable {
    case unknownLanguage
    case optionProblem
    case optionValueProblem
    case emptyDirectory
    case emptyOutput
    case secondsRange
    case sizeRule
    case noCaptureHere
    case badClock
    case noLanguagesNamed
    case lessonOnlyWithReset
    case yesOnlyWithReset
    case reviewTakesNoLesson
    case reviewNeedsStore
    case fileOrLastNotBoth
    case fileOrLast
    case errorLead
    case usageLead
    case helpLead
    case seeHelp
    case unknownOption
    case unknownOptionSuggestion
    case missingArgument
    case missingValue
    case unexpectedArgument
    case invalidValue
    case otherUsageError
    case storeDirectory
    case storeCannotCreateDirectory
    case storeCannotOpenLock
    case storeCannotLock
    case storeCannotMoveAside
    case storeDatabase
    case storeFreshAlsoDamaged
    case storeMovedAside
    case damageDirectory
    case damageNotRegular
    case damageCannotOpen
    case damageNotSQLite
    case damageOtherProgram
    case damageNewer
    case damageQuickCheck
    case damageForeignTables
    case damageMissingTable
    case noAnswer
    case warningLead
    case progressNotKept
    case progressCannotBeKept
    case answersCannotBeKept
    case predictionCannotBeKept
    case languageCannotBeKept
    case exportCutShort
    case recordWriteFailed
    case cannotMakePipe
    case cannotMakeEventfd
    case cannotTrapSignals
    case cannotStartFullScreen
    case termUnset
    case stdinEnded
    case pcapCannotWrite
    case pcapFifoHint
    case pcapWriteFailed
    case fileNotRegular
    case fileProblem
    case fileCannotCreate
    case fileCannotWrite
    case fileCannotReplace

    public func template(_ language: InterfaceLanguage) -> String {
        switch language {
        case .en: return english
        case .zh: return chinese
        }
    }
}
