/// An error whose text is a catalogue message: whoever shows it says `problem` in the
/// learner's language; its English is `problem.description`.
public protocol MessageError: Error, CustomStringConvertible {
    var problem: Message { get }
}

extension MessageError {
    public var description: String { problem.description }
}

/// A failure said by one message (a pipe or eventfd that cannot be made, a terminal that
/// cannot be started).
public struct MessageFailure: MessageError, Sendable {
    public let problem: Message
    public init(_ problem: CommandProblem, _ values: [String: Message.Value] = [:]) { self.problem = Message(problem, values) }
}
