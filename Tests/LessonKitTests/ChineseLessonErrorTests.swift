import Catalogue
import LessonKit
import Testing

/// The same problems in Chinese: each at the English message's position, built from the
/// Chinese catalogue's parts, with none of the English sentence left.
struct ChineseLessonErrorTests {
    static let head = "format_version: 1\nid: demo\ntitle: {en: Demo, zh: 演示}\nsummary: {en: S, zh: 概要}\nactors: [server]\n"

    func errors(_ text: String) -> [LessonError] {
        switch LessonLoader.parse(text, file: "Lessons/demo.yaml", expectedID: "demo") {
        case .success: return []
        case .failure(let e): return e.errors
        }
    }

    @Test(arguments: [
        // The YAML library's own words come from the catalogue too.
        ("title: {en: a, zh: b\n", "Lessons/demo.yaml:2:1: YAML 语法错误：解析流式映射（花括号）时，没有找到应有的「,」或「}」"),
        ("title: a: b\n", "Lessons/demo.yaml:1:9: YAML 语法错误：这里不能出现映射的值（是否多了「: 」，或缩进不对？）"),
        ("\ttitle: a\n", "Lessons/demo.yaml:1:1: YAML 语法错误：扫描下一个记号时，遇到了不能作为任何记号开头的字符"),
    ])
    func yamlSyntaxErrorsAreChinese(text: String, chinese: String) {
        let found = errors(text)
        #expect(found.map { $0.text(.zh) } == [chinese], "\(found.map { $0.text(.zh) })")
        // English stays the library's text.
        #expect(found.first?.description.hasPrefix(String(chinese.prefix(while: { $0 != " " }))) == true)
        #expect(found.first?.description.contains("YAML syntax: ") == true)
    }

    @Test(arguments: [
        ("sections:\n  - id: a\n    text: t\n    steps:\n      - {id: s, actor: server, call: socket, family: AF_PACKET, as: s}\n",
         "Lessons/demo.yaml:10:54: 「socket」的「family」：课里不能使用地址族「AF_PACKET」（可用的有 AF_UNIX、AF_INET、AF_INET6、AF_IPX）"),
        ("sections:\n  - id: a\n    text: {en: \"{$nope}\"}\n",
         "Lessons/demo.yaml:8:11: 小节「a」的「text」：「{$nope}」不是前面某个步骤结果的名字"),
        ("sections:\n  - id: a\n    text: t\n    steps:\n      - {id: s, actor: sever, call: socket, as: s}\n",
         "Lessons/demo.yaml:10:24: 未知的角色「sever」（本课的角色有：server）（是不是「server」？）"),
        ("sections:\n  - id: a\n    text: t\n    steps:\n      - {id: s, actor: server, call: socket, as: s}\n      - {id: c, actor: server, call: close, fd: $s.peer}\n",
         "Lessons/demo.yaml:11:49: 「$s」没有字段「peer」"),
        ("sections:\n  - id: a\n    text: t\nquiz:\n  - {id: q, type: truefalse, question: Q, explanation: E, answer: yes}\n",
         "Lessons/demo.yaml:10:67: 题目「q」的「answer」必须是「true」或「false」"),
    ])
    func lessonProblemsAreBuiltFromChineseParts(body: String, chinese: String) {
        let found = errors(Self.head + body)
        #expect(found.map { $0.text(.zh) } == [chinese], "\(found.map { $0.text(.zh) }) / \(found.map(\.description))")
        // The position is the English message's.
        let position = { (line: String) in line.split(separator: " ").first.map(String.init) }
        #expect(found.map { position($0.text(.zh)) } == found.map { position($0.description) })
    }

    @Test func aMissingTranslationIsNamedInChinese() {
        let lesson = try! LessonLoader.parse(Self.head + "sections:\n  - id: a\n    text: t\n", file: "Lessons/demo.yaml", expectedID: "demo").get()
        #expect(Translations.missing(in: lesson, languages: ["zh"]).map { $0.text(.zh) }
            == ["Lessons/demo.yaml:8:11: 小节「a」的「text」没有中文（「zh」）文本"])
    }
}
