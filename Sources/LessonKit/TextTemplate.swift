import Catalogue
import Foundation

/// Run-time values in lesson texts: `{$syn_retries}` is the value an earlier step bound
/// with `as: syn_retries`; `{netns}` says which network namespace the lesson runs in;
/// `{syn_times $retries $linear}` and `{syn_give_up $retries $linear}` are the SYN
/// schedule derived in code from two settings read by earlier steps. Anything else in
/// braces (`{fd=3, events=POLLIN}`) is plain text.
public enum TextTemplate {
    public enum Piece: Sendable, Hashable {
        case text(String)
        /// `{$name}` or `{$name.field}`.
        case value(name: String, field: String?)
        /// `{netns}`, `{syn_times $a $b}`: the function's name and its `$` arguments.
        case function(name: String, arguments: [String])
    }

    /// The functions a text may use, with the number of `$` arguments each takes.
    public static let functions: [String: Int] = ["netns": 0, "syn_times": 2, "syn_give_up": 2]

    /// The longest placeholder looked for, braces excluded.
    static let maxLength = 120

    public struct Problem: Error, Sendable, Hashable {
        public var message: Message
    }

    /// Splits `text` into plain text and placeholders; a malformed placeholder is a problem.
    public static func parse(_ text: String) -> Result<[Piece], Problem> {
        var pieces: [Piece] = []
        var plain = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            plain += rest[..<open]
            let after = rest[rest.index(after: open)...]
            // A placeholder is short: looking no further keeps a hostile text linear.
            guard let close = after.prefix(maxLength).firstIndex(of: "}"), let first = after.first, first == "$" || first.isLowercase,
                  !after[..<close].contains("{"), !after[..<close].contains("\n") else {
                plain += "{"
                rest = after
                continue
            }
            let body = String(after[..<close])
            rest = after[after.index(after: close)...]
            let words = body.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if first == "$" {
                guard words.count == 1, let (name, field) = reference(body) else {
                    return .failure(Problem(message: Message(.placeholderNotAValue, ["placeholder": .text("{\(body)}")])))
                }
                if !plain.isEmpty { pieces.append(.text(plain)); plain = "" }
                pieces.append(.value(name: name, field: field))
                continue
            }
            // Only a word, optionally followed by $arguments, is a function call.
            guard let name = words.first, name.allSatisfy({ $0.isLowercase || $0 == "_" }),
                  words.dropFirst().allSatisfy({ $0.hasPrefix("$") }) else {
                plain += "{" + body + "}"
                continue
            }
            guard let arity = functions[name] else {
                return .failure(Problem(message: Message(.unknownTextFunction, ["function": .text("{\(name)}"), "known": .list(functions.keys.sorted()),
                                                                  "hint": .hint(for: name, in: Array(functions.keys))])))
            }
            let arguments = words.dropFirst().map { String($0.dropFirst()) }
            guard arguments.count == arity, arguments.allSatisfy({ reference("$" + $0)?.1 == nil && reference("$" + $0) != nil }) else {
                let values: [String: Message.Value] = ["placeholder": .text("{\(body)}"), "name": .text(name), "arity": .of(arity), "example": .text("{\(name) $a $b}")]
                return .failure(Problem(message: Message(arity == 0 ? .functionTakesNoArguments : .functionTakesNames, values)))
            }
            if !plain.isEmpty { pieces.append(.text(plain)); plain = "" }
            pieces.append(.function(name: name, arguments: arguments))
        }
        plain += rest
        if !plain.isEmpty { pieces.append(.text(plain)) }
        return .success(pieces)
    }

    /// `$name` or `$name.field`, checked for shape only.
    static func reference(_ text: String) -> (String, String?)? {
        guard text.range(of: #"^\$[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)?$"#, options: .regularExpression) != nil else { return nil }
        let parts = text.dropFirst().split(separator: ".", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : nil)
    }

    /// The text with every placeholder replaced by what `value` gives for it.
    public static func render(_ text: String, _ value: (Piece) -> String) -> String {
        guard case .success(let pieces) = parse(text) else { return text }
        return pieces.map { if case .text(let t) = $0 { t } else { value($0) } }.joined()
    }

    /// SYN send times in seconds for an active open whose SYNs go unanswered, and the time
    /// connect() gives up (ETIMEDOUT), as Linux 6.5+ schedules them (net/ipv4/tcp_timer.c):
    /// the first RTO is 1 s (TCP_TIMEOUT_INIT); after retransmission k the RTO stays the same
    /// while k <= tcp_syn_linear_timeouts and doubles after (capped at TCP_RTO_MAX, 120 s);
    /// there are tcp_syn_retries + tcp_syn_linear_timeouts retransmissions, and the timer
    /// after the last one ends the attempt. Long timers fire a little late, so the real
    /// capture shows the last times a second or more later.
    public static func synSchedule(retries: Int, linear: Int) -> (sends: [Int], givesUp: Int) {
        let total = max(0, min(retries, 255)) + max(0, min(linear, 255))
        var sends = [0], rto = 1, t = 0
        for k in stride(from: 1, through: total, by: 1) {
            t += rto
            sends.append(t)
            if k > linear { rto = min(rto * 2, 120) }
        }
        return (sends, t + rto)
    }
}
