import Catalogue
import ArgumentParser
import CSocketShims
import Foundation
import Glibc
import LessonKit
import Progress
import SocketTrace
import Tutor

struct LearnCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "learn",
        abstract: CommandHelp.learnAbstract.text,
        discussion: CommandHelp.learnDiscussion.text
    ) }

    @Argument(help: ArgumentHelp(CommandHelp.learnID.text))
    var id: String

    @Flag(help: ArgumentHelp(CommandHelp.learnPlain.text))
    var plain = false

    @Flag(help: ArgumentHelp(CommandHelp.learnAuto.text))
    var auto = false

    // .unconditional: `--wait -1` is a value to check, not a missing value and a flag.
    @Option(parsing: .unconditional, help: ArgumentHelp(CommandHelp.learnWait.text,
                               valueName: "seconds"))
    var wait: Double = 120

    @Option(help: ArgumentHelp(CommandHelp.learnRecord.text,
                               valueName: "file"))
    var record: String?
    /// poll() takes milliseconds in an Int32; nan, infinities and negatives have no meaning.
    static let waitRange = 0.001...86_400.0

    func validate() throws {
        guard wait.isFinite, Self.waitRange.contains(wait) else {
            throw UsageProblem.option("--wait", "\(wait)", Message(.secondsRange, ["low": "0.001", "high": "86400"]))
        }
        // Here rather than in run, so the usage shown under the message is learn's own.
        try lessonOptions.checkLessonID(id)
    }

    @OptionGroup var lessonOptions: LessonOptions
    @OptionGroup var captureOptions: CaptureOptions
    @OptionGroup var recordOptions: RecordOptions

    func run() throws {
        try LearnerClock.check()
        let catalog = try lessonOptions.catalog()
        guard let header = catalog.header(id: id) else {
            throw UsageProblem.error(Message(Phrase.unknownLesson, ["id": .text(id), "ids": .text(catalog.ids.joined(separator: ", "))]))
        }
        let lesson: Lesson
        do { lesson = try header.load() } catch { throw LessonFileFailure(errors: error, language: lessonOptions.resolvedLanguage) }
        var options = try captureOptions.sessionOptions()
        // SQLite's descriptors sit at 900 and above, so the store can open before the lesson's sockets.
        let store = LearnerStore.open()
        options.language = SavedLanguage.resolve(explicit: lessonOptions.lang, store: store, fallback: lessonOptions.resolvedLanguage)
        options.recording = recordOptions.plan(path: record)
        defer { recordOptions.tellWarnings(options.recording, language: options.language) }
        if !plain {
            if let reason = FullScreen.unavailableReason() {
                let w = Words(options.language)
                FileHandle.standardError.write(Data("sockettutor: \(w(.showingPlain, ["reason": ReasonWords.say(reason, w)]))\n".utf8))
            } else {
                let index = catalog.ids.firstIndex(of: id) ?? 0
                try FullScreen.run(catalog: catalog, language: options.language, start: .lesson(index), options: options,
                                   opened: lesson, store: store)
                if let failure = options.pcap?.failure { throw failure }
                return
            }
        }
        let interactive = !auto && isatty(STDIN_FILENO) == 1
        options.serveWaitSeconds = wait
        try PlainRunner(lesson: lesson, options: options, interactive: interactive, store: store).run()
    }
}

/// Drives a session for `--plain`: prints events as they come, and on a terminal waits
/// for Enter before each step while still printing calls that resume in the meantime.
/// Events, keys and signals are all waited for in one poll() on the main thread.
struct PlainRunner {
    let lesson: Lesson
    let options: SessionOptions
    let interactive: Bool
    /// Where the step reached and the lesson's completion are kept; nil: nowhere.
    var store: ProgressStore? = nil


    static let signalNames: [Int32: String] = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"]

    /// What the learner typed, read from the terminal in canonical mode.
    enum Input: Equatable {
        case enter
        /// Ctrl-D: on an empty line read() returns 0; after text it returns the text
        /// without a newline.
        case endOfInput(afterText: Bool)

        init(readCount: Int, lastByte: UInt8?) {
            if readCount <= 0 { self = .endOfInput(afterText: false) }
            else if lastByte == UInt8(ascii: "\n") { self = .enter }
            else { self = .endOfInput(afterText: true) }
        }
    }

    func run() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw MessageFailure(.cannotMakePipe, ["reason": .errno(errno)]) }
        // The tutor's own descriptors live at 900+ (close-on-exec): the lesson's are 3, 4, ...
        fds = fds.map { Kernel.ownDescriptor($0) }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        let wake = Kernel.ownDescriptor(cst_eventfd())
        defer { close(fds[0]); close(fds[1]); if wake >= 0 { close(wake) } }
        guard wake >= 0 else { throw MessageFailure(.cannotMakeEventfd, ["reason": .errno(errno)]) }
        guard cst_trap_leave_signals(fds[1]) == 0 else {
            throw MessageFailure(.cannotTrapSignals, ["reason": .errno(errno)])
        }
        // Released only after teardown: a second signal meanwhile ends the process at once.
        defer { cst_release_leave_signals() }
        var sessionOptions = options
        sessionOptions.wakeDescriptor = wake
        let signal = try drive(sessionOptions, signals: fds[0], wake: wake)
        if signal != 0 { throw ExitCode(128 + signal) }
    }

    /// Runs the lesson until it ends, the learner leaves or a signal comes; always leaves
    /// through teardown. Returns the signal that ended it, or 0.
    private func drive(_ sessionOptions: SessionOptions, signals: Int32, wake: Int32) throws -> Int32 {
        let session = try LessonSession(lesson: lesson, options: sessionOptions)
        var transcript = PlainTranscript(language: options.language)
        // Predict questions are asked only of someone at a terminal: a script has no guess.
        var predictions = PlainPredictions(lesson: lesson, language: options.language, store: store)
        func show(_ event: StampedEvent) {
            for line in transcript.lines(for: event) { print(line) }
            fflush(nil)
            predictions.observe(event)
        }
        var storeFailed = false
        func keep(_ body: (ProgressStore) throws -> Void) {
            guard let store, !storeFailed else { return }
            do { try body(store) } catch {
                // Said once; the lesson matters more than its bookkeeping.
                storeFailed = true
                Warning.say(Message(.progressCannotBeKept, ["problem": .problem(error)]), language: InterfaceLanguage(code: options.language))
            }
        }
        let stepIndex = Dictionary(lesson.steps.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        // The step the next advance runs: past every step seen to start or settle.
        var nextStep = 0
        // A first step with a question is asked before anything runs: the driver waits for a
        // request before its first `.ready`, so the first advance is held back instead.
        let asksFirst = interactive && lesson.steps.first.map { lesson.predictQuestion(beforeStep: $0.id) != nil } ?? false
        var finishedLesson = false
        // The furthest step settled, written only while nothing runs (at a wait for Enter, and
        // after teardown): a commit's fsync in the middle of a run to the end shifted its timing
        // enough to change which descriptor numbers the closing lesson's sockets got.
        var reached: (index: Int, id: String)?
        var reachedKept = -1
        func keepReached() {
            guard let reached, reached.index != reachedKept else { return }
            reachedKept = reached.index
            keep { try $0.setStepReached(lesson: lesson.id, index: reached.index, stepID: reached.id) }
        }
        if !interactive { session.send(.runToEnd) } else if !asksFirst { session.send(.next) }
        // A lesson that serves the learner's own clients also ends when stdin closes.
        let servesOutsiders = !interactive && lesson.steps.contains { $0.call == .serve }
        let watchesStdin = interactive || servesOutsiders
        var waitingForEnter = false
        // Enter pressed while a step runs counts for the next wait, as the terminal's own
        // line buffer did when readLine read it later.
        var entersAhead = 0
        var received: Int32 = 0
        var done = false
        loop: while !done {
            while let event = session.nextEvent(timeout: 0) {
                show(event)
                switch event.event {
                case .capture where asksFirst && nextStep == 0 && !waitingForEnter:
                    if predictions.askBefore(stepAt: 0) { waitingForEnter = true }
                case .stepStarted(_, let index, _, _, _):
                    nextStep = max(nextStep, index + 1)
                case .stepSettled(let id, _):
                    if let index = stepIndex[id] {
                        nextStep = max(nextStep, index + 1)
                        if index > reached?.index ?? -1 { reached = (index, id) }
                    }
                case .ready where interactive:
                    keepReached()
                    // Asked before the step's section narration, which comes with the advance.
                    if predictions.askBefore(stepAt: nextStep) {
                        // Enter pressed ahead was not an answer to a question not yet seen.
                        entersAhead = 0
                    } else {
                        print(Words(options.language)(.plainEnterNext))
                        fflush(nil)
                    }
                    waitingForEnter = true
                case .finished:
                    done = true
                    finishedLesson = true
                default: break
                }
                if options.pcap?.failure != nil { break loop }  // a pcap write failed: stop the run
            }
            if waitingForEnter && entersAhead > 0 {
                entersAhead -= 1
                waitingForEnter = false
                session.send(.next)
            }
            if done { break }
            var pfds = [pollfd(fd: signals, events: Int16(POLLIN), revents: 0),
                        pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            if watchesStdin { pfds.append(pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)) }
            // EINTR when the main thread took the signal: the pipe says which one.
            if poll(&pfds, nfds_t(pfds.count), -1) < 0 { continue }
            if pfds[0].revents != 0 {
                var byte: UInt8 = 0
                if read(signals, &byte, 1) == 1 {
                    received = Int32(byte)
                    print(Words(options.language)(.plainLeavingSignal, ["signal": Self.signalNames[received] ?? "signal \(received)"]))
                    break loop
                }
            }
            if pfds[1].revents != 0 {
                var count: UInt64 = 0
                _ = read(wake, &count, 8)
            }
            if watchesStdin && pfds[2].revents != 0 {
                // read(), not readLine(): it would block event printing until a newline, and
                // it swallows Ctrl-D after typed text.
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                if servesOutsiders {
                    if count <= 0 {
                        print(Words(options.language)(.plainStdinClosed))
                        break
                    }
                    continue
                }
                switch Input(readCount: count, lastByte: count > 0 ? buffer[count - 1] : nil) {
                case .enter:
                    if predictions.asking != nil {
                        if predictions.take(line: String(decoding: buffer[0..<count], as: UTF8.self)) { entersAhead += 1 }
                    } else {
                        entersAhead += 1
                    }
                case .endOfInput(let afterText):
                    // The typed text stays on the terminal's line: start the next one.
                    if afterText { print("") }
                    break loop
                }
            }
        }
        session.send(.leave)
        while let event = session.nextEvent(timeout: 2) {
            show(event)
            if case .left = event.event { break }
        }
        if received != 0 { session.recordEnding(.signal(received)) }
        session.leave()
        keepReached()
        if finishedLesson { keep { try $0.markCompleted(lesson: lesson.id) } }
        if let failure = session.recordingFailure {
            Warning.note(Words(options.language)(Message(.recordWriteFailed, ["path": .text(failure.path), "problem": .of(failure.error)])))
            throw ExitCode(1)
        }
        if let failure = options.pcap?.failure { throw failure }
        if finishedLesson && received == 0 && isatty(STDOUT_FILENO) == 1 && QuizRun.lesson(lesson).total > 0 {
            print("")
            print(Words(options.language)(.plainTakeQuiz, ["id": lesson.id]))
        }
        return received
    }
}
