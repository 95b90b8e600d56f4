import Foundation
import LessonKit
import SocketTrace

/// Fills a lesson text's placeholders with this run's values, where the text is resolved:
/// notes as their step starts (StepExecutor.run), section texts as they are narrated.
struct TextValues {
    let bindings: SharedBindings
    /// True when the lesson runs in a network namespace of its own (SessionDriver.startCapture).
    let privateNetwork: Bool
    let language: String

    func fill(_ text: String) -> String {
        TextTemplate.render(text) { piece in
            switch piece {
            case .text(let t): t
            case .value(let name, let field): shown(bindings.get(name, field: field)) ?? "{$\(name)\(field.map { "." + $0 } ?? ""): not known yet}"
            case .function("netns", _): namespace
            case .function(let f, let args) where args.count == 2:
                if case .integer(let retries)? = bindings.get(args[0], field: nil),
                   case .integer(let linear)? = bindings.get(args[1], field: nil) {
                    synSchedule(f, retries: retries, linear: linear)
                } else {
                    "{\(f): not known yet}"
                }
            case .function(let f, _): "{\(f)}"
            }
        }
    }

    private func synSchedule(_ function: String, retries: Int, linear: Int) -> String {
        let schedule = TextTemplate.synSchedule(retries: retries, linear: linear)
        if function == "syn_give_up" { return String(schedule.givesUp) }
        let times = schedule.sends.map(String.init)
        guard times.count > 1 else { return times.joined() }
        let and = language == "zh" ? "和" : "and"
        return times.dropLast().joined(separator: ", ") + " \(and) " + times.last!
    }

    private var namespace: String {
        switch (privateNetwork, language) {
        case (true, "zh"): "本课自己的网络命名空间"
        case (true, _): "this lesson's own network namespace"
        case (false, "zh"): "主机的网络命名空间"
        case (false, _): "the host's network namespace"
        }
    }

    private func shown(_ value: Bindings.Value?) -> String? {
        switch value {
        case .integer(let v)?: String(v)
        case .text(let t)?: t
        case .descriptor(let fd)?: String(fd)
        case .address(let a)?: a.hostAndPort
        case .data(let d)?: "b'" + ByteEscaping.escape(d, limit: 60, quote: "'") + "'"
        case nil: nil
        }
    }
}
