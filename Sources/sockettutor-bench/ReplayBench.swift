import Foundation
import Glibc
import SocketTrace
import TUI
import Tutor

/// Issue 10's figures: what recording costs a live step, and loading a 100,000-event
/// recording, each beside a baseline measured in the same run.
enum ReplayBench {
    /// CPU time of the whole process (every thread), in seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func cpu(_ body: () throws -> Void) rethrows -> Double {
        let start = cpuSeconds()
        try body()
        return cpuSeconds() - start
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sockettutor-bench-\(getpid())-\(name)").path
    }

    static func report(roundTrips: Int) throws {
        // Recording's cost: the same traced ping-pong with and without a recording, CPU of
        // all threads; alternated, best of three each, as scheduling noise only adds. A live
        // step as the learner runs it reads the kernel's view after it; the bare engine does not.
        let path = temporaryPath("cost.jsonl")
        defer { unlink(path) }
        for (label, observing, trips) in [("a live step (kernel view on, as lessons run)", true, min(roundTrips, 300)),
                                          ("a bare traced step (kernel view off)", false, min(roundTrips, 1000))] {
            var plain = Double.infinity, recorded = Double.infinity
            for _ in 0..<3 {
                plain = min(plain, try cpu { _ = try tracedPingPong(trips, observingKernel: observing) })
                recorded = min(recorded, try cpu { _ = try tracedPingPong(trips, observingKernel: observing, recordTo: path) })
            }
            let steps = Double(trips * 4 + 7)
            print("CPU of \(label), recording  \(us(recorded / steps))   not recording \(us(plain / steps))"
                  + "   cost \(String(format: "%+.1f", (recorded / plain - 1) * 100)) %  (target ≤ 5 %)")
        }
        _ = try tracedPingPong(min(roundTrips, 1000), recordTo: path)

        // A 100,000-event recording: a real recorded ping-pong, its rounds repeated.
        let large = ProcessInfo.processInfo.environment["KEEP_LARGE"] ?? temporaryPath("large.jsonl")
        defer { if ProcessInfo.processInfo.environment["KEEP_LARGE"] == nil { unlink(large) } }
        let (count, bytes) = try makeLargeRecording(from: path, events: 100_000, to: large)
        var load = Double.infinity
        var recording: Recording?
        for _ in 0..<3 { load = min(load, seconds { recording = try? RecordingReader.read(path: large) }) }
        guard let recording else { print("the generated recording did not load"); return }
        // Baseline: reading the same bytes from the file, and Foundation's JSONDecoder on
        // its lines as generic JSON (what the format's own parser replaces).
        let readOnly = seconds { _ = FileManager.default.contents(atPath: large) }
        let sample = Array((try String(contentsOfFile: large, encoding: .utf8)).split(separator: "\n").prefix(10_000))
        let foundation = seconds { for line in sample { _ = try? JSONSerialization.jsonObject(with: Data(line.utf8)) } } * Double(count) / Double(sample.count)
        print("load a \(count)-event recording (\(bytes / 1_000_000) MB)  \(ms(load))   read the file alone \(ms(readOnly))"
              + "   JSONSerialization on its lines (estimated from 10,000) \(ms(foundation))  (target ≤ 200 ms)")
        // Index it as the player does, then seek to 1,000 random positions, drawing a frame
        // (80×24) after each: the index's saved states make each jump a short fold.
        var view: ReplayView?
        let index = seconds { view = ReplayView(recording: recording, idleLimit: 2, quitEndsProgram: true) }
        guard var view else { return }
        print("index it for the player (saved states every \(view.index.interval) events)  \(ms(index))   load + index \(ms(load + index))  (target ≤ 200 ms)")
        var rng = SystemRandomNumberGenerator()
        var seekTimes: [Double] = [], renderTimes: [Double] = []
        let size = ScreenSize(columns: 80, rows: 24)
        for _ in 0..<1000 {
            let target = Int.random(in: 0...count, using: &rng)
            seekTimes.append(seconds { view.seek(to: target) })
            renderTimes.append(seconds { _ = ReplayScreen.render(view, size: size) })
        }
        // Baseline: folding the same recording from the start, once.
        let fullFold = seconds { _ = SessionState(folding: recording.events) }
        seekTimes.sort(); renderTimes.sort()
        func p(_ a: [Double], _ q: Double) -> Double { a[min(a.count - 1, Int(Double(a.count) * q))] }
        print("seek to 1,000 random positions  median \(ms(p(seekTimes, 0.5)))   99th \(ms(p(seekTimes, 0.99)))   max \(ms(seekTimes.last!))"
              + "   a fold from the start \(ms(fullFold))  (target ≤ 5 ms each)")
        print("render a frame after each seek (80×24)  median \(ms(p(renderTimes, 0.5)))   max \(ms(renderTimes.last!))")
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("peak RSS of the benchmark process after loading, indexing and seeking  \(usage.ru_maxrss) KiB")
    }

    /// Repeats the recorded ping-pong's rounds (with fresh sequence numbers, times and
    /// call ids) until `events` events, then writes it as a recording.
    static func makeLargeRecording(from path: String, events target: Int, to large: String) throws -> (Int, Int) {
        let source = try RecordingReader.read(path: path)
        let setup = source.events.prefix { if case .narration(let id, _, _) = $0.event { id != "ping" } else { true } }
        let rounds = Array(source.events.dropFirst(setup.count).prefix { if case .finished = $0.event { false } else { true } })
        let span = (rounds.last?.offsetNanoseconds ?? 0) - (rounds.first?.offsetNanoseconds ?? 0) + 1000
        let writer = try RecordingWriter(path: large, header: source.header)
        var sequence = 0
        var shift: UInt64 = 0
        var callShift = 0
        func emit(_ e: StampedEvent) {
            sequence += 1
            var event = e.event
            switch event {
            case .callStarted(var start): start.callID += callShift; event = .callStarted(start)
            case .callBlocked(let id, let actor): event = .callBlocked(callID: id + callShift, actor: actor)
            case .callFinished(let id, let actor, let call): event = .callFinished(callID: id + callShift, actor: actor, call: call)
            default: break
            }
            writer.record(StampedEvent(sequence: sequence, offsetNanoseconds: e.offsetNanoseconds + shift, event: event))
        }
        for e in setup { emit(e) }
        while sequence < target - 1 {
            for e in rounds where sequence < target - 1 { emit(e) }
            shift += span
            callShift += 100_000
        }
        emit(StampedEvent(sequence: 0, offsetNanoseconds: (source.events.last?.offsetNanoseconds ?? 0), event: .finished))
        writer.finish(.finished)
        let size = (try? FileManager.default.attributesOfItem(atPath: large)[.size] as? Int) ?? 0
        return (sequence, size)
    }
}

extension ReplayBench {
    /// For a profiler: `sockettutor-bench load FILE` loads one recording ten times.
    static func loadOnly(_ path: String) {
        for _ in 0..<10 {
            guard let recording = try? RecordingReader.read(path: path) else { return }
            if ProcessInfo.processInfo.environment["AND_INDEX"] != nil {
                var view = ReplayView(recording: recording, idleLimit: 2, quitEndsProgram: true)
                if ProcessInfo.processInfo.environment["AND_RENDER"] != nil {
                    for k in stride(from: 0, to: recording.events.count, by: recording.events.count / 20) {
                        view.seek(to: k)
                        _ = ReplayScreen.render(view, size: ScreenSize(columns: 80, rows: 24))
                    }
                }
            }
        }
    }
}

extension ReplayBench {
    /// CPU seconds the writer spends per event, writing a real recording's events to a file
    /// (encoding, the home check, one write(2) a line): a figure that does not swing with the
    /// scheduler as whole-step CPU does.
    static func writerCostPerEvent(_ recording: Recording) -> Double? {
        let path = temporaryPath("writer.jsonl")
        defer { unlink(path) }
        var best = Double.infinity
        for _ in 0..<5 {
            guard let writer = try? RecordingWriter(path: path, header: recording.header) else { return nil }
            best = min(best, cpu { for e in recording.events { writer.record(e) } })
        }
        return best / Double(max(1, recording.events.count))
    }
}
