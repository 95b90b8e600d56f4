import Foundation
import LessonKit
import Glibc
import SocketTrace

/// The full-screen interface in a 100×30 pseudo-terminal: start-up to the first complete
/// menu frame, bytes written per step, CPU time per step.
enum TerminalBench {
    static let columns = 100, rows = 30

    /// Spawn to the moment the menu's key bar (its last row) has been written.
    static func menuStartup(_ binary: String, runs: Int) -> Double {
        var total = 0.0
        for _ in 0..<runs {
            let start = Kernel.monotonicNanoseconds()
            guard let pty = try? PseudoTerminal([binary], columns: columns, rows: rows),
                  pty.read(until: " quit", timeout: 5) else { return .nan }
            total += Double(Kernel.monotonicNanoseconds() - start) / 1e9
            pty.type("q")
            pty.finish()
        }
        return total / Double(runs)
    }

    /// Spawn to exit of python3's curses initscr + endwin, the same way.
    static func pythonCurses(runs: Int) -> Double? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/python3") else { return nil }
        let python = FileManager.default.isExecutableFile(atPath: "/usr/local/bin/python3") ? "/usr/local/bin/python3" : "/usr/bin/python3"
        var total = 0.0
        for _ in 0..<runs {
            let start = Kernel.monotonicNanoseconds()
            guard let pty = try? PseudoTerminal([python, "-c", "import curses; curses.initscr(); curses.endwin()"], columns: columns, rows: rows) else { return nil }
            pty.finish()
            total += Double(Kernel.monotonicNanoseconds() - start) / 1e9
        }
        return total / Double(runs)
    }

    struct StepCost { var bytes: [Int]; var cpu: [Double] }

    /// Steps 2…4 of tcp-workflow (each adds one call to a trace pane; none blocks, and none
    /// asks a predict question: step 5's would wait for an answer).
    static func stepCosts(_ binary: String, _ extra: [String] = []) -> StepCost? {
        guard let pty = try? PseudoTerminal([binary, "learn", "tcp-workflow"] + extra, columns: columns, rows: rows),
              pty.read(until: " quit", timeout: 5) else { return nil }
        // ncurses writes only what changed ("step 1/17" may become just "2"): a step is
        // over when the screen has been quiet for 0.3 s.
        pty.read(quietFor: 0.3)
        // Once through to warm up (first use of each code path faults in pages), then
        // restart (r: fresh sockets) and measure the same steps again.
        for _ in 2...4 { pty.type(" "); pty.read(quietFor: 0.3) }
        pty.type("r")
        pty.read(quietFor: 0.3)
        var cost = StepCost(bytes: [], cpu: [])
        for _ in 2...4 {
            let cpuBefore = pty.cpuSeconds
            let bytesBefore = pty.output.count
            pty.type(" ")
            guard pty.read(quietFor: 0.3) > 0 else { break }
            cost.bytes.append(pty.output.count - bytesBefore)
            cost.cpu.append(pty.cpuSeconds - cpuBefore)
        }
        pty.type("q")
        pty.finish()
        return cost
    }
}

import TUI
import Tutor

extension TerminalBench {
    /// Time to render the tcp-workflow screen at its end, and to fold and render one event.
    static func renderCost(lesson: Lesson) throws -> (render: Double, events: Int) {
        let session = try LessonSession(lesson: lesson)
        session.send(.runToEnd)
        var view = LessonView(lessonNumber: 3, lessonCount: 3, lessonTitle: "t", quitEndsProgram: false)
        while let e = session.nextEvent(timeout: 10) {
            view.apply(e)
            if case .finished = e.event { break }
        }
        session.leave()
        let size = ScreenSize(columns: columns, rows: rows)
        let runs = 200
        let start = Kernel.monotonicNanoseconds()
        for _ in 0..<runs { _ = LessonScreen.render(view, size: size, now: 1) }
        return (Double(Kernel.monotonicNanoseconds() - start) / 1e9 / Double(runs), view.events.count)
    }
}
