/// A problem reading a recording, reported at FILE:LINE, and the words those reports use
/// (a JSON value's kind, a reason given inside another message).
/// Its text in each language is in RecordingProblem+en.swift and RecordingProblem+zh.swift; a value a
/// template takes is named in braces there and given by the `Message` that carries it.
public enum RecordingProblem: String, Sendable, CaseIterable {
    case fileEmpty
    case cannotOpen
    case cannotRead
    case isDirectory
    case tooLarge
    case lineTooLong
    case linesAfterEnd
    case notARecording
    case badVersion
    case versionNewer
    case versionOlder
    case notJSONLine
    case endCountMismatch
    case eventOutOfOrder
    case eventDuplicated
    case eventsMissing
    case timeBackwards
    case firstEventNotStarted
    case lastLineCut
    case noEndRecord
    case notKept
    case cannotWrite
    case jsonAtColumn
    case jsonTextAfterValue
    case jsonTooDeep
    case jsonEndsWhereValue
    case jsonExpectedValue
    case jsonCharacter
    case jsonByte
    case jsonExpectedLiteral
    case jsonExpectedFieldName
    case jsonExpectedColon
    case jsonExpectedCommaOrBrace
    case jsonExpectedCommaOrBracket
    case jsonInvalidUTF8
    case jsonControlCharacter
    case jsonLoneSurrogate
    case jsonEndsInEscape
    case jsonUnknownEscape
    case jsonEndsInString
    case jsonExpectedHex
    case jsonExpectedDigit
    case jsonExpectedDigitAfterPoint
    case jsonExpectedExponentDigit
    case jsonNumberOutOfRange
    case notAnObject
    case fieldWrongType
    case fieldMissing
    case fieldOutOfRange
    case fieldNotBase64
    case fieldProblem
    case typeNull
    case typeBool
    case typeNumber
    case typeInteger
    case typeString
    case typeList
    case typeObject
    case typeStrings
    case typeObjects
    case typeIntegers
    case startedAtFormat
    case unknownEnding
    case negativeSize
    case unknownCall
    case listOfIntegers
    case unknownSocketOption
    case unknownConstant
    case unknownProto
    case unknownResult

    public func template(_ language: InterfaceLanguage) -> String {
        switch language {
        case .en: return english
        case .zh: return chinese
        }
    }
}
