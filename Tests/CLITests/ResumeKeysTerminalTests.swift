import Foundation
import Progress
import Testing

/// Keys pressed while the menu's r re-runs a lesson live to the step reached: Space is
/// dropped (the resume stops exactly at the saved step), q leaves at once, cleanly. The
/// lesson's fourth step waits a second, so that keys surely come during the resume.
@Suite(.serialized) struct ResumeKeysTerminalTests {
    let binary = CLITests.binary.path

    static let slowLesson = """
    format_version: 1
    id: slow-resume
    title: {en: A resume that takes a second, zh: 要恢复一秒的课}
    summary: {en: Its fourth step waits one second for nothing., zh: 第四步白等一秒。}
    actors: [client]
    sections:
      - id: wait
        title: {en: Waiting, zh: 等待}
        text: {en: A UDP socket waits one second for a datagram nobody sends., zh: 一个 UDP 套接字等一秒，没有人发数据报。}
        steps:
          - {id: make, actor: client, call: socket, family: AF_INET, type: SOCK_DGRAM, as: s, note: {en: A UDP socket., zh: 一个 UDP 套接字。}}
          - {id: bind, actor: client, call: bind, fd: $s, address: "127.0.0.1:0", note: {en: Loopback., zh: 回环地址。}}
          - {id: timeout, actor: client, call: settimeout, fd: $s, seconds: 1.0, note: {en: One second., zh: 一秒。}}
          - {id: wait, actor: client, call: recv, fd: $s, size: 1024, expect: timeout, note: {en: Nothing comes., zh: 什么也没来。}}
          - {id: name, actor: client, call: getsockname, fd: $s, note: {en: Its address., zh: 它的地址。}}
          - {id: close, actor: client, call: close, fd: $s, note: {en: Closed., zh: 关闭。}}

    """

    /// The program on the menu of a course of that one lesson, which the store says was
    /// left at step 5 (index 4), the lesson selected.
    func withLessonLeftAtStepFive(_ body: (Tmux, URL) throws -> Void) throws {
        try MenuProgressTerminalTests().withHome { home in
            let lessons = home.appendingPathComponent("lessons")
            try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
            try Self.slowLesson.write(to: lessons.appendingPathComponent("slow-resume.yaml"), atomically: true, encoding: .utf8)
            try "format_version: 1\nlessons: [slow-resume]\n".write(to: lessons.appendingPathComponent("course.yaml"), atomically: true, encoding: .utf8)
            try ProgressStore.open(directory: home).store.setStepReached(lesson: "slow-resume", index: 4, stepID: "name")
            let tmux = try Tmux([binary, "--no-capture", "--lessons", lessons.path], columns: 80, rows: 24,
                                environment: ["SOCKETTUTOR_HOME": home.path])
            _ = try tmux.waitFor(text: "r resumes there")
            try body(tmux, home)
        }
    }

    /// Threads and descriptors of the program now (/proc/PID/task, /proc/PID/fd).
    static func threadsAndDescriptors(_ pid: pid_t) -> [Int] {
        ["task", "fd"].map { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/\($0)").count) ?? -1 }
    }

    @Test(.enabled(if: Tmux.available)) func keysPressedDuringAResumeAreDroppedAndItStopsAtTheSavedStep() throws {
        try withLessonLeftAtStepFive { tmux, home in
            try tmux.send("r")
            let resuming = try tmux.waitFor(text: "resuming to step 5")
            #expect(resuming.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces).hasPrefix("q menu · resuming to step 5: ") == true,
                    "only q works meanwhile")
            // Space would run a step more; b, ? and Tab would change the screen.
            try tmux.send("Space", "Space", "b", "?", "Tab", "Space")
            let screen = try tmux.waitFor(text: "step 5/6")
            #expect(screen.contains("getsockname(3, {AF_INET, 127.0.0.1:"), "step 5's real result")
            // Nothing more runs by itself.
            usleep(1_000_000)
            let still = try tmux.screen()
            #expect(still.contains("step 5/6") && !still.contains("resuming") && !still.contains("close(3)"), "\(still)")
            // The keys work again once it is there: Space runs the last step, q q leave.
            try tmux.send("Space")
            _ = try tmux.waitFor(text: "all 6 steps done")
            try tmux.send("q", "q")
            #expect(tmux.exitStatus() == 0)
            #expect(try ProgressStore.open(directory: home).store.summary()["slow-resume"]?.isCompleted == true)
        }
    }

    @Test(.enabled(if: Tmux.available)) func qPressedDuringAResumeLeavesAtOnceAndKeepsTheSavedStep() throws {
        try withLessonLeftAtStepFive { tmux, home in
            let pid = try #require(try tmux.programPID())
            let before = Self.threadsAndDescriptors(pid)
            try tmux.send("r")
            // In the middle of the one-second wait: the actor is blocked in poll().
            _ = try tmux.waitFor(text: "resuming to step 5: 3 run")
            let asked = Date()
            try tmux.send("q")
            let menu = try tmux.waitFor(text: "r resumes there")
            #expect(Date().timeIntervalSince(asked) < 0.9, "left without waiting out the second")
            #expect(menu.contains("You got to step 5 of 6"), "\(menu)")
            #expect(Self.threadsAndDescriptors(pid) == before, "every actor thread joined, every socket closed")
            try tmux.send("q")
            #expect(tmux.exitStatus() == 0)
            #expect(try ProgressStore.open(directory: home).store.summary()["slow-resume"]?.step?.index == 4)
        }
    }
}
