/// The course as Lessons/course.yaml lists it, for tests that name a lesson's place in
/// `list`, `progress` or the menu: lessons added to the course move the others along.
enum Course {
    static var ids: [String] { PythonTruthTests.courseIDs }

    /// The lesson's number in the course, from 1.
    static func number(_ id: String) -> Int { (ids.firstIndex(of: id) ?? -1) + 1 }

    /// How `list` and `progress` begin its row: " 3  tcp-workflow" (numbers padded to 2).
    static func row(_ id: String) -> String {
        let n = String(number(id))
        return String(repeating: " ", count: max(0, 2 - n.count)) + n + "  " + id
    }
}
