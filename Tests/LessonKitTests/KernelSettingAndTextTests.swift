import Foundation
import Testing
@testable import LessonKit

/// The `sysctl` step and run-time values in texts (`{$name}`), as the loader sees them.
@Suite struct KernelSettingAndTextTests {
    /// A two-section lesson: `first` steps under section one, then section two's text and steps.
    static func lesson(_ first: String, secondText: String = "Later.", second: String = "") -> String {
        func indent(_ s: String) -> String { s.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n") }
        var text = """
        format_version: 1
        id: demo
        title: Demo
        summary: A demo.
        actors: [server, client]
        sections:
          - id: one
            text: Hello.
            steps:
        \(indent(first))
          - id: two
            text: "\(secondText)"

        """
        if !second.isEmpty { text += "    steps:\n" + indent(second) + "\n" }
        return text
    }

    static let readRetries = """
    - id: r
      actor: client
      call: sysctl
      name: net.ipv4.tcp_syn_retries
      as: retries
    """

    func errors(_ text: String) -> [String] {
        switch LessonLoader.parse(text, file: "Lessons/demo.yaml", expectedID: "demo") {
        case .success: return []
        case .failure(let e): return e.errors.map(\.description)
        }
    }

    @Test func aSysctlStepNamesAnAllowedSettingAndBindsAWholeNumberLaterTextsMayShow() throws {
        let text = Self.lesson(Self.readRetries + """

        - id: l
          actor: client
          call: sysctl
          name: net.ipv4.tcp_syn_linear_timeouts
          as: linear
          note: "{$retries} retries, {fd=3} stays as it is"
        """, secondText: "In {netns}: {$retries} + {$linear}, SYNs at {syn_times $retries $linear} s")
        let lesson = try LessonLoader.parse(text, file: "Lessons/demo.yaml", expectedID: "demo").get()
        #expect(lesson.steps[0].call == .sysctl)
        #expect(lesson.steps[0].arguments["name"] == .text("net.ipv4.tcp_syn_retries"))
        #expect(StepCall.sysctl.result.value == .integer)
    }

    /// Each broken file and the message an author sees, at the line and column of the value.
    @Test(arguments: [
        (lesson("- id: r\n  actor: client\n  call: sysctl\n  name: ../../../etc/shadow\n  as: x"),
         "Lessons/demo.yaml:13:15: 'name' of sysctl: '../../../etc/shadow' is not a setting a lesson may read"),
        (lesson("- id: r\n  actor: client\n  call: sysctl\n  name: net.ipv4.tcp_syn_retry\n  as: x"),
         "(did you mean 'net.ipv4.tcp_syn_retries'?)"),
        (lesson("- id: r\n  actor: client\n  call: sysctl\n  name: kernel.hostname\n  as: x"),
         "Lessons/demo.yaml:13:15: 'name' of sysctl: 'kernel.hostname' is not a setting a lesson may read"),
        (lesson(readRetries + "\n- id: r2\n  actor: client\n  call: sysctl\n  name: $retries\n  as: y"),
         "Lessons/demo.yaml:18:15: 'name' of sysctl must be a setting's name"),
        (lesson("- id: r\n  actor: client\n  call: sysctl\n  as: x"),
         "Lessons/demo.yaml:10:9: step 'r': 'sysctl' needs 'name'"),
        // A note is shown as its step starts: its own result is not known yet.
        (lesson("- id: r\n  actor: client\n  call: sysctl\n  name: net.core.somaxconn\n  as: cap\n  note: \"cap {$cap}\""),
         "Lessons/demo.yaml:15:15: the note of step 'r': '{$cap}' does not name a result of an earlier step"),
        (lesson(readRetries + "\n- id: n\n  actor: client\n  call: gethostname\n  note: \"{$retris}\""),
         "Lessons/demo.yaml:18:15: the note of step 'n': '{$retris}' does not name a result of an earlier step (did you mean 'retries'?)"),
        (lesson(readRetries, secondText: "{$retries.peer}"),
         "Lessons/demo.yaml:16:11: the text of section 'two': '$retries' has no field 'peer'"),
        (lesson(readRetries, secondText: "{syn_times $retries}"),
         "Lessons/demo.yaml:16:11: the text of section 'two': '{syn_times $retries}': syn_times takes 2 names of earlier results"),
        (lesson(readRetries, secondText: "{netnss}"),
         "Lessons/demo.yaml:16:11: the text of section 'two': unknown text function '{netnss}' (known: netns, syn_give_up, syn_times) (did you mean 'netns'?)"),
        (lesson(readRetries, secondText: "{$ retries}"),
         "Lessons/demo.yaml:16:11: the text of section 'two': '{$ retries}' is not a value"),
        (lesson("- id: h\n  actor: client\n  call: gethostname\n  as: host", secondText: "{syn_give_up $host $host}"),
         "Lessons/demo.yaml:15:11: the text of section 'two': '$host' in {syn_give_up} must be a whole number"),
    ])
    func aBadSettingOrTextReferenceIsRefusedWhereItIsWritten(text: String, message: String) {
        let found = errors(text)
        #expect(found.contains { $0.contains(message) }, "expected \(message), got \(found)")
    }

    /// A section's text is narrated before its own steps run: it may use only what earlier
    /// sections bound.
    @Test func aSectionTextCannotUseAValueItsOwnStepsBind() {
        let text = Self.lesson("- id: h\n  actor: client\n  call: gethostname", secondText: "{$retries}", second: Self.readRetries)
        #expect(errors(text).contains { $0.contains("the text of section 'two': '{$retries}' does not name a result of an earlier step") })
    }

    @Test func theSynScheduleIsDerivedFromTheTwoSettingsAsLinuxSchedulesIt() {
        // This machine (kernel 6.18): tcp_syn_retries 6, tcp_syn_linear_timeouts 4; a real
        // capture showed SYNs at 0, 1.03, 2.05, 3.08, 4.10, 5.13, 7.14, 11.37, 19.56, 35.69,
        // 68.45 s and ETIMEDOUT at 133.99 s: the long timers fire late.
        let now = TextTemplate.synSchedule(retries: 6, linear: 4)
        #expect(now.sends == [0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67])
        #expect(now.givesUp == 131)
        // Without linear timeouts (before Linux 6.5): doubling from the first retry; tcp(7)
        // says the default 6 "corresponds to retrying for up to approximately 127 seconds".
        let old = TextTemplate.synSchedule(retries: 6, linear: 0)
        #expect(old.sends == [0, 1, 3, 7, 15, 31, 63])
        #expect(old.givesUp == 127)
    }

    @Test func placeholdersAreFoundAndOtherBracesAreLeftAsText() throws {
        let pieces = try TextTemplate.parse("a {$x} b {$y.peer} {fd=3, events=POLLIN} {netns} {syn_times $x $y}").get()
        #expect(pieces == [
            .text("a "), .value(name: "x", field: nil), .text(" b "), .value(name: "y", field: "peer"),
            .text(" {fd=3, events=POLLIN} "), .function(name: "netns", arguments: []), .text(" "),
            .function(name: "syn_times", arguments: ["x", "y"]),
        ])
        #expect(TextTemplate.render("{$x}+{netns}") { if case .value = $0 { "1" } else { "ns" } } == "1+ns")
    }

    /// A lesson file is untrusted: braces that never close are plain text, and each is
    /// looked at only a placeholder's length ahead (a scan to the end for each of these
    /// 100,000 would take minutes; no clock is read here: lint's bounds are the guard).
    @Test func aTextFullOfOpenBracesIsPlainText() throws {
        let text = String(repeating: "{$", count: 100_000)
        #expect(try TextTemplate.parse(text).get() == [.text(text)])
    }
}
