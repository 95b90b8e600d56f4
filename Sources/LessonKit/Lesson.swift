/// One lesson as loaded from `Lessons/ID.yaml`.
public struct Lesson: Sendable, Hashable {
    public static let formatVersion = 1

    public var id: String
    public var title: LocalizedText
    public var summary: LocalizedText
    /// The lesson's actors in the order their panes appear: `server`, `client`, …
    public var actors: [String]
    public var sections: [LessonSection]
    /// The lesson's questions (`quiz:`), in the file's order.
    public var quiz: [QuizQuestion] = []
    /// `network: host`: the lesson runs on the host's own loopback, where the learner's other
    /// terminals can reach it, never in a private network namespace.
    public var hostNetwork = false
    /// The file it came from, as the author named it (for error messages).
    public var file: String
    /// "sha256:" and the digest of the lesson text as parsed: a recording names the exact
    /// lesson it ran. Empty for a lesson built in code.
    public var sourceHash = ""
    /// Every learner-facing text in the file's order, with its position (for lint).
    public var texts: [PlacedText] = []

    public var steps: [LessonStep] { sections.flatMap(\.steps) }

    /// What each `next` request of a session runs, in order: a step's index, or nil for a
    /// section with no steps (an advance of its own). SessionDriver.advance walks the
    /// sections the same way; the screen reads from this which step Space is about to run.
    public var advances: [Int?] {
        var out: [Int?] = []
        var index = 0
        for section in sections {
            if section.steps.isEmpty { out.append(nil) }
            for _ in section.steps {
                out.append(index)
                index += 1
            }
        }
        return out
    }

    /// The actors that are threads a start_thread step makes (they have no steps).
    public var threadActors: Set<String> {
        Set(steps.compactMap { step in
            guard step.call == .start_thread, case .text(let worker)? = step.arguments["worker"] else { return nil }
            return worker
        })
    }

    public init(id: String, title: LocalizedText, summary: LocalizedText, actors: [String], sections: [LessonSection], file: String) {
        self.id = id
        self.title = title
        self.summary = summary
        self.actors = actors
        self.sections = sections
        self.file = file
    }
}

/// A stretch of narrative, then the steps it explains.
public struct LessonSection: Sendable, Hashable {
    public var id: String
    public var title: LocalizedText?
    public var text: LocalizedText
    public var steps: [LessonStep]

    public init(id: String, title: LocalizedText? = nil, text: LocalizedText, steps: [LessonStep]) {
        self.id = id
        self.title = title
        self.text = text
        self.steps = steps
    }
}

/// One socket call an actor makes, with its arguments, its note and its Python form.
public struct LessonStep: Sendable, Hashable {
    public var id: String
    public var actor: String
    public var call: StepCall
    public var arguments: [String: StepValue]
    /// The name the result is given (`as: conn`): later steps refer to it as `$conn`,
    /// and the Python line uses it as the variable name.
    public var name: String?
    public var note: LocalizedText?
    /// The Python line, when the author writes it; otherwise it is generated.
    public var python: String?
    public var expect: StepExpectation?
    public var line: Int
    public var column: Int

    public init(id: String, actor: String, call: StepCall, arguments: [String: StepValue] = [:], name: String? = nil,
                note: LocalizedText? = nil, python: String? = nil, expect: StepExpectation? = nil, line: Int = 0, column: Int = 0) {
        self.id = id
        self.actor = actor
        self.call = call
        self.arguments = arguments
        self.name = name
        self.note = note
        self.python = python
        self.expect = expect
        self.line = line
        self.column = column
    }
}

/// What the author says a step will do; `lint --run` checks it against the real run.
public enum StepExpectation: Sendable, Hashable, CustomStringConvertible {
    /// The call returns without error.
    case success
    /// The call is still waiting when the step settles (accept with no client yet).
    case blocks
    /// recv returns 0: the peer closed.
    case endOfStream
    /// A settimeout-style wait gave up.
    case timeout
    /// The call fails with this errno name.
    case error(String)
    /// Any one of these (`expect: [ok, EPERM]`): for a result that depends on the machine,
    /// like SOCK_RAW, which succeeds as root and fails with EPERM otherwise. Never nested.
    case anyOf([StepExpectation])

    public init?(text: String) {
        switch text {
        case "ok": self = .success
        case "blocks": self = .blocks
        case "eof": self = .endOfStream
        case "timeout": self = .timeout
        default:
            guard text.hasPrefix("E"), text == text.uppercased() else { return nil }
            self = .error(text)
        }
    }

    public var description: String {
        switch self {
        case .success: "ok"
        case .blocks: "blocks"
        case .endOfStream: "eof"
        case .timeout: "timeout"
        case .error(let name): name
        case .anyOf(let choices): choices.map(\.description).joined(separator: " or ")
        }
    }
}
