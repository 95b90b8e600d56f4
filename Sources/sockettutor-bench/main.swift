import Foundation
import Glibc
import LessonKit
import SocketTrace
import Tutor

// Run by hand:  swift run -c release sockettutor-bench [round-trips]
// Prints each measurement next to a baseline measured in the same run, as a ratio.

// The round trips are steps of one generated lesson, which the loader bounds like any
// lesson file (512 KiB, about 1,700 round trips): more are cut to 1,500, and said so.
let askedTrips = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 1000
let roundTrips = min(askedTrips, 1500)
if askedTrips > roundTrips { print("round trips cut to \(roundTrips): a lesson file is at most 512 KiB") }

func seconds(_ body: () -> Void) -> Double {
    let start = Kernel.monotonicNanoseconds()
    body()
    return Double(Kernel.monotonicNanoseconds() - start) / 1e9
}

/// Baseline: the same TCP ping-pong over loopback with plain Glibc calls on two threads.
func rawPingPong(_ n: Int) -> Double {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = SocketAddress.inet(host: "127.0.0.1", port: 0)
    _ = address.withSockAddr { bind(listener, $0, $1) }
    listen(listener, 1)
    address = Kernel.perform(.getsockname(fd: listener)).address!
    let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    _ = address.withSockAddr { connect(client, $0, $1) }
    let conn = accept(listener, nil, nil)
    let server = Thread {
        var buffer = [UInt8](repeating: 0, count: 64)
        for _ in 0..<n {
            let got = recv(conn, &buffer, 64, 0)
            _ = send(conn, buffer, got, 0)
        }
    }
    server.start()
    let message = Array("hello\n".utf8)
    var buffer = [UInt8](repeating: 0, count: 64)
    let t = seconds {
        for _ in 0..<n {
            _ = send(client, message, message.count, 0)
            _ = recv(client, &buffer, 64, 0)
        }
    }
    close(client); close(conn); close(listener)
    return t / Double(n)
}

/// The same ping-pong as lesson steps through the engine: actor threads, the driver,
/// events — every call traced and reported.
func tracedPingPong(_ n: Int, observingKernel: Bool = false, recordTo: String? = nil) throws -> Double {
    var yaml = """
    format_version: 1
    id: bench
    title: Ping-pong
    summary: s
    actors: [server, client]
    sections:
      - id: setup
        text: t
        steps:
          - {id: s, actor: server, call: socket, as: s}
          - {id: b, actor: server, call: bind, fd: $s, address: "127.0.0.1:0"}
          - {id: n, actor: server, call: getsockname, fd: $s, as: addr}
          - {id: l, actor: server, call: listen, fd: $s}
          - {id: c, actor: client, call: socket, as: c}
          - {id: k, actor: client, call: connect, fd: $c, address: $addr}
          - {id: a, actor: server, call: accept, fd: $s, as: conn}
      - id: ping
        text: t
        steps:

    """
    for i in 0..<n {
        yaml += """
              - {id: p\(i), actor: client, call: send, fd: $c, data: "hello\\n"}
              - {id: r\(i), actor: server, call: recv, fd: $conn, size: 64, as: d\(i)}
              - {id: q\(i), actor: server, call: send, fd: $conn, data: $d\(i)}
              - {id: e\(i), actor: client, call: recv, fd: $c, size: 64, as: e\(i)}

        """
    }
    let lesson = try LessonLoader.parse(yaml, file: "bench.yaml").get()
    var options = SessionOptions()
    options.observesKernel = observingKernel
    options.recording = RecordingPlan(path: recordTo)
    let session = try LessonSession(lesson: lesson, options: options)
    session.send(.runToEnd)
    var firstPing: UInt64?
    var lastPong: UInt64 = 0
    while let e = session.nextEvent(timeout: 30) {
        if case .stepStarted(let id, _, _, _, _) = e.event, id == "p0" { firstPing = e.offsetNanoseconds }
        if case .stepFinished(let id, _) = e.event, id == "e\(n - 1)" { lastPong = e.offsetNanoseconds }
        if case .finished = e.event { break }
    }
    session.leave()
    return Double(lastPong - (firstPing ?? 0)) / 1e9 / Double(n)
}

/// Mean wall time of running a command, over `count` runs.
func startup(_ path: String, _ arguments: [String], count: Int = 40) -> Double {
    var total = 0.0
    for _ in 0..<count {
        var pid: pid_t = 0
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        total += seconds {
            posix_spawn(&pid, path, &actions, nil, argv, environ)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        posix_spawn_file_actions_destroy(&actions)
        argv.forEach { free($0) }
    }
    return total / Double(count)
}

func ms(_ s: Double) -> String { String(format: "%.3f ms", s * 1000) }
func us(_ s: Double) -> String { String(format: "%.1f µs", s * 1e6) }

// For a profiler: `sockettutor-bench load FILE` loads a recording ten times (AND_INDEX=1:
// and indexes it, AND_RENDER=1: and draws 20 seeks); KEEP_LARGE=PATH keeps the generated
// 100,000-event recording there.
if CommandLine.arguments.dropFirst().first == "load", CommandLine.arguments.count > 2 {
    ReplayBench.loadOnly(CommandLine.arguments[2])
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "render" {
    // For a profiler: only the render loop.
    let library = try LessonLibrary.load(directory: LessonLibrary.locate(override: nil))
    let cost = try TerminalBench.renderCost(lesson: library.lesson(id: "tcp-workflow")!)
    print("render \(ms(cost.render)) per frame")
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "menu" {
    // The menu's start-up alone, with the SOCKETTUTOR_HOME given: a store with progress in it
    // costs its reads and the parse of each lesson started (for its step count).
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("sockettutor").path
    print("first complete menu frame (100×30 pty)  \(ms(TerminalBench.menuStartup(binary, runs: 40)))")
    exit(0)
}
print("sockettutor benchmark (\(roundTrips) round trips)")
// The programs measured keep their automatic recordings here, not in the user's own.
let benchHome = FileManager.default.temporaryDirectory.appendingPathComponent("sockettutor-bench-home-\(getpid())").path
setenv("SOCKETTUTOR_HOME", benchHome, 1)
defer { try? FileManager.default.removeItem(atPath: benchHome) }
_ = rawPingPong(200)  // warm up
let raw = rawPingPong(roundTrips)
let traced = try tracedPingPong(roundTrips)
print("ping-pong round trip  raw Glibc \(us(raw))   traced through the engine \(us(traced))   ratio \(String(format: "%.2f", traced / raw))×  (target ≤ 1.5×)")
let observed = try tracedPingPong(min(roundTrips, 200), observingKernel: true)
print("  … with the kernel view read after every step  \(us(observed))   ratio \(String(format: "%.1f", observed / raw))×")

try ReplayBench.report(roundTrips: roundTrips)

let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("sockettutor").path
if FileManager.default.isExecutableFile(atPath: binary) {
    let baseline = startup("/bin/true", [])
    let list = startup(binary, ["list"])
    let pythonPass = startup(StartupBench.python, ["-c", "pass"])
    print("start-up of 'sockettutor list' (\(try LessonLibrary.load(directory: LessonLibrary.locate(override: nil)).lessons.count) lessons)  \(ms(list))"
          + "   /bin/true \(ms(baseline))   python3 -c pass \(ms(pythonPass))   ratio to true \(String(format: "%.1f", list / baseline))×  (target ≤ 10 ms)")
    let real = try LessonLibrary.locate(override: nil)
    let generated = try StartupBench.generatedCourse(from: real, count: 30)
    defer { try? FileManager.default.removeItem(at: generated) }
    let list30 = startup(binary, ["list", "--lessons", generated.path])
    print("start-up of 'sockettutor list' (30 generated lessons)  \(ms(list30))   /bin/true \(ms(baseline))   python3 -c pass \(ms(pythonPass))"
          + "   ratio to true \(String(format: "%.1f", list30 / baseline))×   +\(ms(list30 - list)) for 24 more lessons")
    let lessonPeak = StartupBench.peakKilobytes(binary, ["learn", "tcp-workflow", "--plain", "--auto"])
    let cursesPeak = StartupBench.pythonCursesPeakKilobytes()
    let truePeak = StartupBench.peakKilobytes("/bin/true", [])
    print("peak RSS of 'learn tcp-workflow --plain --auto'  \(lessonPeak.map { "\($0) KiB" } ?? "n/a")"
          + "   /bin/true \(truePeak.map { "\($0) KiB" } ?? "n/a")"
          + "   python3 curses initscr+endwin \(cursesPeak.map { "\($0) KiB" } ?? "n/a")"
          + (lessonPeak.flatMap { l in cursesPeak.map { "   ratio \(String(format: "%.2f", Double(l) / Double($0)))×" } } ?? ""))
    let menu = TerminalBench.menuStartup(binary, runs: 20)
    let python = TerminalBench.pythonCurses(runs: 20)
    print("start-up to the first complete menu frame (100×30 pty)  \(ms(menu))   python3 curses initscr+endwin \(python.map(ms) ?? "n/a")"
          + (python.map { "   ratio \(String(format: "%.2f", menu / $0))×" } ?? "") + "  (target ≤ 1× Python's curses)")
    if let library = try? LessonLibrary.load(directory: LessonLibrary.locate(override: nil)), let lesson = library.lesson(id: "tcp-workflow"),
       let cost = try? TerminalBench.renderCost(lesson: lesson) {
        print("render the whole tcp-workflow screen (\(cost.events) events folded, 100×30)  \(ms(cost.render)) per frame")
    }
    if let steps = TerminalBench.stepCosts(binary) {
        let bytes = steps.bytes.map(String.init).joined(separator: ", ")
        let cpu = steps.cpu.map { String(format: "%.2f", $0 * 1000) }.joined(separator: ", ")
        let meanCPU = steps.cpu.reduce(0, +) / Double(max(1, steps.cpu.count))
        print("bytes written per step (tcp-workflow steps 2–6)  [\(bytes)]  mean \(steps.bytes.reduce(0, +) / max(1, steps.bytes.count))  (target ≤ 300)")
        print("CPU per step, all threads  [\(cpu)] ms  mean \(ms(meanCPU))  (target ≤ 1 ms)")
    }
    // Recording's cost in the real program: the same five steps with the automatic
    // recording (the default) and with --no-record, alternated, best of three totals each.
    var withRecording = Double.infinity, withoutRecording = Double.infinity
    for _ in 0..<3 {
        if let s = TerminalBench.stepCosts(binary) { withRecording = min(withRecording, s.cpu.reduce(0, +) / Double(max(1, s.cpu.count))) }
        if let s = TerminalBench.stepCosts(binary, ["--no-record"]) { withoutRecording = min(withoutRecording, s.cpu.reduce(0, +) / Double(max(1, s.cpu.count))) }
    }
    // The writer's own CPU per event (stable), times the events of a real full-screen step.
    if let lesson = try? LessonLibrary.load(directory: LessonLibrary.locate(override: nil)).lesson(id: "tcp-workflow"),
       let session = try? LessonSession(lesson: lesson) {
        session.send(.runToEnd)
        var events: [StampedEvent] = []
        while let e = session.nextEvent(timeout: 10) { events.append(e); if case .finished = e.event { break } }
        session.leave()
        let header = RecordingHeader(program: "bench", lessonID: lesson.id, lessonTitle: "t", lessonHash: "", language: "en",
                                     terminal: nil, startedAt: Date(), kernelRelease: "", capture: nil)
        let steps = events.filter { if case .stepSettled = $0.event { true } else { false } }.count
        if let perEvent = ReplayBench.writerCostPerEvent(Recording(header: header, events: events, end: nil)), withoutRecording.isFinite {
            let perStep = perEvent * Double(events.count) / Double(max(1, steps))
            print("recording's own CPU per tcp-workflow step (\(String(format: "%.1f", Double(events.count) / Double(max(1, steps)))) events × \(us(perEvent)))"
                  + "  \(us(perStep))   against a full-screen step without recording \(ms(withoutRecording))"
                  + "   \(String(format: "%.1f", perStep / withoutRecording * 100)) %  (target ≤ 5 %)")
        }
    }
    if withRecording.isFinite && withoutRecording.isFinite {
        print("CPU per step in the full-screen lesson, recording (default)  \(ms(withRecording))   --no-record \(ms(withoutRecording))"
              + "   cost \(String(format: "%+.1f", (withRecording / withoutRecording - 1) * 100)) %  (target ≤ 5 %)")
    }
} else {
    print("start-up: build the sockettutor product first (\(binary) not found)")
}
