import SocketTrace

/// One argument of a step, as the lesson file gives it.
public enum StepValue: Sendable, Hashable, CustomStringConvertible {
    /// `$name` or `$name.field`: a result of an earlier step, resolved when the step runs.
    case reference(name: String, field: String?)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case text(String)
    case address(SocketAddress)
    case family(AddressFamily)
    case socketType(SocketType)
    case how(ShutdownHow)
    case option(SocketOption)
    case events(PollEvents)
    case flags(MessageFlags)
    /// A YAML list of values (poll's `fds: [$a, $b]`).
    case list([StepValue])

    public var description: String {
        switch self {
        case .reference(let name, let field): "$" + name + (field.map { "." + $0 } ?? "")
        case .integer(let v): String(v)
        case .number(let v): String(v)
        case .boolean(let v): String(v)
        case .text(let v): v
        case .address(let a): a.description
        case .family(let f): f.name
        case .socketType(let t): t.name
        case .how(let h): h.name
        case .option(let o): o.rawValue
        case .events(let e): e.description
        case .flags(let f): f.description
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
