import Foundation
import LessonKit

/// The `import` lines a lesson's Python needs, each placed before the first step that uses
/// the module, so that the lines together are a program a learner can paste and run.
/// Decided from the lesson's step order alone (not from which thread ran first), by the
/// modules each call's generated line names, or those an author-written `python:` names.
enum PythonImports {
    /// Step id → the import lines to show before that step's line ("" for most steps).
    static func plan(_ steps: [LessonStep]) -> [String: String] {
        var seen: Set<String> = []
        var plan: [String: String] = [:]
        var handlerShown = false
        for step in steps {
            // The first thread's line is preceded by the handler every thread runs.
            if step.call == .start_thread, step.python == nil, !handlerShown {
                handlerShown = true
                plan[step.id] = PythonLine.threadHandler
            }
            let new = modules(step).filter { seen.insert($0).inserted }
            guard !new.isEmpty else { continue }
            // One `import a, b` line, in a fixed order, as a learner would write it.
            plan[step.id] = "import " + order.filter(new.contains).joined(separator: ", ") + "\n" + (plan[step.id] ?? "")
        }
        // The recv-exactly helper is defined once, before the first frame received.
        if let first = steps.first(where: { $0.call == .recv_frame && $0.python == nil }) {
            plan[first.id, default: ""] += PythonLine.receiveExactlyDefinition
        }
        return plan
    }

    static let order = ["socket", "select", "threading", "os", "fcntl", "struct", "time", "errno"]

    static func modules(_ step: LessonStep) -> Set<String> {
        if let text = step.python { return named(in: text) }
        switch step.call {
        case .socket, .socketpair, .gethostname, .getaddrinfo, .getnameinfo, .getservbyname, .getservbyport,
             .getprotobyname, .shutdown, .getsockopt, .gethostbyname, .gethostbyaddr:
            return ["socket"]
        case .setsockopt:
            let option = step.arguments["option"].map { "\($0)" } ?? ""
            return option.contains("TIMEO") ? ["socket", "struct"] : ["socket"]
        case .recv: return step.arguments["flags"] == nil ? [] : ["socket"]
        case .poll: return ["select"]
        case .serve: return ["select"]
        case .start_thread: return ["threading"]
        case .write, .read: return ["os"]
        case .getifmtu: return ["fcntl", "struct"]
        case .list_fds: return ["os"]
        case .send_frame, .recv_frame: return ["struct"]
        default: return []
        }
    }

    /// Modules a line of Python names as `module.` (not as an attribute: `conn.socket`).
    static func named(in text: String) -> Set<String> {
        var found: Set<String> = []
        for module in order {
            let pattern = "(^|[^A-Za-z0-9_.])" + module + "\\."
            if text.range(of: pattern, options: .regularExpression) != nil { found.insert(module) }
        }
        return found
    }
}
