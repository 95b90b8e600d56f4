import Catalogue

/// A cheap pass over a lesson file's text before the YAML library sees it. Lesson files come
/// from strangers: an alias bomb used as a mapping key (`? *a`) makes the library's hashing
/// grow ~9× per level, very long lines and deep nesting cost time and stack. Lessons need
/// none of that, so the bounds are tight and each refusal names the line and column.
enum TextPrescan {
    static let maximumBytes = 512 * 1024
    static let maximumLineBytes = 2000
    static let maximumDepth = 64

    struct Problem { var line: Int; var column: Int; var message: Message }

    static func tooLarge(_ size: Int) -> Message {
        Message(.fileTooLarge, ["size": .of(size), "maximum": .of(maximumBytes)])
    }

    static func check(_ text: String) -> Problem? {
        let bytes = text.utf8.count
        if bytes > maximumBytes { return Problem(line: 1, column: 1, message: tooLarge(bytes)) }
        var quote: Unicode.Scalar?     // inside a quoted scalar that may span lines
        var blockParent: Int?          // inside a block scalar (| or >) of a node at this column
        var flowDepth = 0
        var lineNumber = 0
        // Unicode scalars, not Characters: every mark YAML gives meaning to is ASCII, columns
        // count code points as the YAML library's do, and grapheme breaking was most of the
        // cost of this pass at start-up. ("\r\n" is one Character, so lines split right here.)
        for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Array(rawLine.last == "\r" ? rawLine.dropLast() : rawLine[...])
            let lineBytes = rawLine.reduce(0) { $0 + UTF8.width($1) }
            if lineBytes > maximumLineBytes {
                return Problem(line: lineNumber, column: 1, message: Message(LessonProblem.lineTooLong, ["line": .of(lineNumber), "bytes": .of(lineBytes), "maximum": .of(maximumLineBytes)]))
            }
            for (i, scalar) in line.enumerated() where (scalar.value < 0x20 && scalar.value != 0x09) || scalar.value == 0x7f || (scalar.value == 0xFEFF && (lineNumber > 1 || i > 0)) {
                let name: Message.Value = scalar.value == 0 ? .lesson(.nulByte) : .lesson(.controlCharacter, ["code": .text(String(scalar.value, radix: 16, uppercase: true))])
                return Problem(line: lineNumber, column: i + 1, message: Message(.characterNotAllowed, ["what": name]))
            }
            let indent = line.prefix(while: { $0 == " " }).count
            if let parent = blockParent {
                if line.allSatisfy({ $0 == " " || $0 == "\t" }) || indent > parent { continue }
                blockParent = nil
            }
            if indent > maximumDepth * 2 {
                return Problem(line: lineNumber, column: indent + 1, message: Message(.nestedTooDeep, ["indent": .of(indent)]))
            }
            var nodeStart = quote == nil
            var nodeColumn = indent   // where the current node on this line began
            var j = 0
            while j < line.count {
                let c = line[j]
                let next: Unicode.Scalar? = j + 1 < line.count ? line[j + 1] : nil
                if let q = quote {
                    if q == "\"", c == "\\" { j += 2; continue }
                    if c == q {
                        if q == "'", next == "'" { j += 2; continue }
                        quote = nil
                    }
                    j += 1
                    continue
                }
                let spaceOrEnd = next == nil || next == " " || next == "\t"
                if c == " " || c == "\t" { j += 1; continue }
                if c == "#", j == 0 || line[j - 1] == " " || line[j - 1] == "\t" { break }
                if nodeStart {
                    switch c {
                    case "*", "&":
                        return Problem(line: lineNumber, column: j + 1, message: Message(c == "*" ? .aliasesNotAllowed : .anchorsNotAllowed))
                    case "\"", "'":
                        quote = c
                        nodeStart = false
                    case "|", ">":
                        blockParent = nodeColumn
                        j = line.count
                        continue
                    case "-" where spaceOrEnd, "?" where spaceOrEnd, ":" where spaceOrEnd:
                        nodeColumn = j + 2
                    case "[", "{":
                        flowDepth += 1
                        if flowDepth > maximumDepth {
                            return Problem(line: lineNumber, column: j + 1, message: Message(.bracketsTooDeep, ["maximum": .of(maximumDepth)]))
                        }
                    case "]", "}":
                        flowDepth = max(0, flowDepth - 1)
                        nodeStart = false
                    case "!":
                        while j + 1 < line.count, line[j + 1] != " " { j += 1 }
                    default:
                        nodeColumn = j
                        nodeStart = false
                    }
                } else if c == ":", spaceOrEnd || (flowDepth > 0 && (next == "," || next == "]" || next == "}")) {
                    nodeStart = true
                } else if flowDepth > 0 {
                    switch c {
                    case ",": nodeStart = true
                    case "[", "{":
                        flowDepth += 1
                        nodeStart = true
                        if flowDepth > maximumDepth {
                            return Problem(line: lineNumber, column: j + 1, message: Message(.bracketsTooDeep, ["maximum": .of(maximumDepth)]))
                        }
                    case "]", "}": flowDepth = max(0, flowDepth - 1)
                    default: break
                    }
                }
                j += 1
            }
        }
        return nil
    }
}
