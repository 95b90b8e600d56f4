import SocketTrace

/// A message not yet in any language: a catalogue key and the values its template names.
/// Errors carry one, so the code that finds a problem (LessonKit, the recording reader,
/// the progress store) need not know the learner's language; whoever shows it renders it
/// with `Words(language)(message)`. `description` is the English text, which is what logs,
/// lint's default output and the tests that predate this type see.
public struct Message: Sendable, Hashable, CustomStringConvertible {
    /// A value a template names: literal text (a file's own words, a number, a C name:
    /// never translated) or another message rendered in the same language.
    public indirect enum Value: Sendable, Hashable, CustomStringConvertible {
        case text(String)
        case message(Message)
        /// An errno a system call gave: the C library's words in English, the C name and its
        /// Chinese meaning in Chinese (`ENOENT（没有那个文件或目录）`), as a result line shows it.
        case errno(Int32)

        public var description: String { render(.en) }

        func render(_ language: InterfaceLanguage) -> String {
            switch self {
            case .text(let text): return text
            case .message(let message): return message.text(language)
            case .errno(let code):
                let value = ErrnoValue(code)
                switch language {
                case .en: return value.message
                case .zh: return "\(value.name)（\(ErrnoMeaning.chinese(value.name) ?? ErrnoMeaning.unknown(code))）"
                }
            }
        }
    }

    public var key: MessageKey
    public var values: [String: Value]

    public init(_ key: MessageKey, _ values: [String: Value] = [:]) {
        self.key = key
        self.values = values
    }

    public init(_ phrase: Phrase, _ values: [String: Value] = [:]) { self.init(.phrase(phrase), values) }
    public init(_ problem: LessonProblem, _ values: [String: Value] = [:]) { self.init(.lesson(problem), values) }
    public init(_ problem: RecordingProblem, _ values: [String: Value] = [:]) { self.init(.recording(problem), values) }
    public init(_ problem: CommandProblem, _ values: [String: Value] = [:]) { self.init(.command(problem), values) }
    public init(_ help: CommandHelp, _ values: [String: Value] = [:]) { self.init(.help(help), values) }

    /// The message in a language: `{name}` in the template replaced by its value, in one
    /// pass, so a value that itself holds braces (a file's text) is never read as a name.
    public func text(_ language: InterfaceLanguage) -> String {
        Message.fill(key.template(language)) { values[$0]?.render(language) }
    }

    public var description: String { text(.en) }

    /// Replaces each `{name}` the lookup knows; an unknown one stays as it was written.
    public static func fill(_ template: String, _ lookup: (String) -> String?) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            rest = rest[open...]
            guard let close = rest.firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            out += lookup(name) ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}

extension Message.Value: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) { self = .text(value) }
}

extension Message.Value: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .text(String(value)) }
}

extension Message.Value {
    /// A number or any other value shown as it prints (`.of(3)`, `.of(path)`).
    public static func of(_ value: some CustomStringConvertible) -> Message.Value { .text(value.description) }
}

/// Which catalogue a message's template comes from. Each is an enum with one exhaustive
/// `switch` per language (a key without a text in some language does not compile).
public enum MessageKey: Sendable, Hashable {
    /// The interface's screens and words (Phrase+en.swift, Phrase+zh.swift).
    case phrase(Phrase)
    /// A problem in a lesson file (LessonProblem+en.swift, LessonProblem+zh.swift).
    case lesson(LessonProblem)
    /// A problem reading a recording (RecordingProblem+en.swift, RecordingProblem+zh.swift).
    case recording(RecordingProblem)
    /// A problem with the command line, the progress store or the terminal
    /// (CommandProblem+en.swift, CommandProblem+zh.swift).
    case command(CommandProblem)
    /// The command line's help (CommandHelp+en.swift, CommandHelp+zh.swift).
    case help(CommandHelp)

    public func template(_ language: InterfaceLanguage) -> String {
        switch self {
        case .phrase(let phrase): return phrase.template(language)
        case .lesson(let problem): return problem.template(language)
        case .recording(let problem): return problem.template(language)
        case .command(let problem): return problem.template(language)
        case .help(let help): return help.template(language)
        }
    }

    /// Every key of every catalogue, for the tests that check them all.
    public static var allKeys: [MessageKey] {
        Phrase.allCases.map(MessageKey.phrase) + LessonProblem.allCases.map(MessageKey.lesson)
            + RecordingProblem.allCases.map(MessageKey.recording) + CommandProblem.allCases.map(MessageKey.command)
            + CommandHelp.allCases.map(MessageKey.help)
    }
}

extension Words {
    /// A message in this language.
    public func callAsFunction(_ message: Message) -> String { message.text(language) }
}
