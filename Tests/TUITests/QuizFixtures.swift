import LessonKit
import Tutor
@testable import TUI

/// A small quiz of every kind asked outside a lesson, one of them in Chinese.
enum QuizFixtures {
    static let single = QuizQuestion(
        id: "port-picks-program", question: LocalizedText("Which value says which PROGRAM on a host the data is for? The kernel reads it from the header of every segment that arrives, long before your program calls recv()."),
        explanation: LocalizedText("The port (transport layer) picks the program; the IP address (network layer) picks the host."),
        hint: LocalizedText("Two programs on one host share its address."),
        kind: .single(choices: [QuizChoice(key: "a", text: LocalizedText("The IP address, in the IP header")),
                                QuizChoice(key: "b", text: LocalizedText("The port, in the TCP or UDP header")),
                                QuizChoice(key: "c", text: LocalizedText("The MTU of the link"))], answer: "b"))
    static let multiple = QuizQuestion(
        id: "transport", question: LocalizedText("Which of these are transport-layer protocols?"),
        explanation: LocalizedText("TCP and UDP."),
        kind: .multiple(choices: [QuizChoice(key: "a", text: LocalizedText("TCP")), QuizChoice(key: "b", text: LocalizedText("UDP")),
                                  QuizChoice(key: "c", text: LocalizedText("IP"))], answers: ["a", "b"]))
    static let order = QuizQuestion(
        id: "layers", question: LocalizedText("Put TCP/IP's four layers in order, from the top (your program) down."),
        explanation: LocalizedText("Application, transport, network, link."),
        kind: .order(items: ["Application", "Transport", "Network", "Link"].map { LocalizedText($0) }))
    static let fill = QuizQuestion(
        id: "chinese-fill", question: LocalizedText(translations: ["en": "Which call waits for a connection? (type it)", "zh": "哪个调用等待连接？请输入它的名字。"]),
        explanation: LocalizedText(translations: ["en": "accept() waits.", "zh": "accept() 会等待，直到有连接到来。"]),
        kind: .fill(accept: ["accept"]))
    static let truth = QuizQuestion(
        id: "mtu", question: LocalizedText("MTU is a link-layer protocol, like PPP."),
        explanation: LocalizedText("The MTU is a property of a link."), kind: .trueFalse(answer: false))

    static func view(_ questions: [QuizQuestion], language: String = "en") -> QuizView {
        QuizView(run: QuizRun(id: "layers", items: questions.map { QuizItem(lessonID: "layers", question: $0) }),
                 lessonTitle: "Layers", language: language)
    }
}
