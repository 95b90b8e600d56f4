import ArgumentParser
import Foundation
import Glibc
import LessonKit
import Tutor

struct LearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Run a lesson: real sockets on loopback, one call at a time.",
        discussion: """
        With --plain the lesson prints a transcript: narrative, then one line per call in \
        strace's shape, each followed by the Python line that does the same. On a terminal \
        it waits for Enter between steps; from a pipe, or with --auto, it runs to the end.
        """
    )

    @Argument(help: "The lesson to run (see 'sockettutor list').")
    var id: String

    @Flag(help: "Print a line-by-line transcript instead of the full-screen interface.")
    var plain = false

    @Flag(help: "Run every step without waiting for Enter.")
    var auto = false

    // .unconditional: `--wait -1` is a value to check, not a missing value and a flag.
    @Option(parsing: .unconditional, help: ArgumentHelp("With --plain: a lesson that serves your own clients stops after this many seconds without one.",
                               valueName: "seconds"))
    var wait: Double = 120

    @Option(help: ArgumentHelp("Write every event of the session to this file, one JSON object a line, as it happens (provisional format).",
                               valueName: "file"))
    var record: String?
    /// poll() takes milliseconds in an Int32; nan, infinities and negatives have no meaning.
    static let waitRange = 0.001...86_400.0

    func validate() throws {
        guard wait.isFinite, Self.waitRange.contains(wait) else {
            throw ValidationError("--wait \(wait): give a number of seconds from 0.001 to 86400")
        }
    }

    @OptionGroup var lessonOptions: LessonOptions
    @OptionGroup var captureOptions: CaptureOptions

    func run() throws {
        let catalog = try lessonOptions.catalog()
        guard let header = catalog.header(id: id) else {
            throw ValidationError("unknown lesson '\(id)'. The lessons are: \(catalog.ids.joined(separator: ", "))")
        }
        let lesson: Lesson
        do { lesson = try header.load() } catch { throw LessonFileFailure(errors: error) }
        var options = try captureOptions.sessionOptions()
        options.language = lessonOptions.resolvedLanguage
        if let record {
            do { options.recorder = try SessionRecorder(path: record) } catch { throw ValidationError("\(error)") }
        }
        if !plain {
            if let reason = FullScreen.unavailableReason() {
                FileHandle.standardError.write(Data("sockettutor: \(reason): showing the plain transcript (--plain)\n".utf8))
            } else {
                let index = catalog.ids.firstIndex(of: id) ?? 0
                try FullScreen.run(catalog: catalog, language: lessonOptions.resolvedLanguage, start: .lesson(index), options: options,
                                   opened: lesson)
                if let failure = options.pcap?.failure { throw failure }
                return
            }
        }
        let interactive = !auto && isatty(STDIN_FILENO) == 1
        options.serveWaitSeconds = wait
        try PlainRunner(lesson: lesson, options: options, interactive: interactive).run()
    }
}

/// Drives a session for `--plain`: prints events as they come, and on a terminal waits
/// for Enter before each step while still printing calls that resume in the meantime.
struct PlainRunner {
    let lesson: Lesson
    let options: SessionOptions
    let interactive: Bool

    func run() throws {
        let session = try LessonSession(lesson: lesson, options: options)
        var transcript = PlainTranscript()
        func show(_ event: StampedEvent) {
            for line in transcript.lines(for: event) { print(line) }
            fflush(nil)
        }
        if !interactive { session.send(.runToEnd) } else { session.send(.next) }
        // A lesson that serves the learner's own clients also ends when stdin closes.
        let servesOutsiders = !interactive && lesson.steps.contains { $0.call == .serve }
        var stdinOpen = servesOutsiders
        var waitingForEnter = false
        var done = false
        while !done {
            if interactive && waitingForEnter {
                // Wait for Enter, but keep printing events (a blocked call may resume).
                var pfd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
                if poll(&pfd, 1, 50) > 0 {
                    guard readLine() != nil else { break }   // Ctrl-D: leave
                    waitingForEnter = false
                    session.send(.next)
                }
                while let event = session.nextEvent(timeout: 0) { show(event); if case .finished = event.event { done = true } }
                if options.pcap?.failure != nil { break }
                continue
            }
            if stdinOpen {
                var pfd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
                if poll(&pfd, 1, 0) > 0 {
                    var byte: UInt8 = 0
                    if read(STDIN_FILENO, &byte, 1) <= 0 {
                        stdinOpen = false
                        print("[note] standard input closed: leaving the lesson")
                        break
                    }
                }
            }
            guard let event = session.nextEvent(timeout: stdinOpen ? 0.05 : nil) else { continue }
            show(event)
            if options.pcap?.failure != nil { break }  // a pcap write failed: stop the run
            switch event.event {
            case .ready where interactive:
                print("  [Enter: next step · Ctrl-D: leave]", terminator: "")
                fflush(nil)
                print("")
                waitingForEnter = true
            case .finished: done = true
            default: break
            }
        }
        session.send(.leave)
        while let event = session.nextEvent(timeout: 2) {
            show(event)
            if case .left = event.event { break }
        }
        session.leave()
        if let failure = options.recorder?.failure {
            FileHandle.standardError.write(Data("sockettutor: --record \(options.recorder!.path): a write failed: \(failure.description)\n".utf8))
            throw ExitCode(1)
        }
        if let failure = options.pcap?.failure { throw failure }
    }
}
