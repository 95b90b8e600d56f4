// Used only by ProgressTests (the kill -9 and two-writer tests):
//   progress-stress DIRECTORY PREFIX COUNT
// opens the store in DIRECTORY, prints "open", then records COUNT answers with ids
// PREFIX-0, PREFIX-1 … (lesson PREFIX), printing each id on its own line only after its commit returned.
import Foundation
import Glibc
import Progress

func say(_ line: String) {
    // write(2) straight to the pipe: no buffer for a kill to lose.
    var text = Array((line + "\n").utf8)
    var written = 0
    while written < text.count {
        let n = text.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress! + written, $0.count - written) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { exit(3) }
        written += n
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: progress-stress DIRECTORY PREFIX COUNT\n".utf8))
    exit(64)
}
do {
    let (store, warning) = try ProgressStore.open(directory: URL(fileURLWithPath: arguments[1]))
    if let warning { FileHandle.standardError.write(Data("progress-stress: warning: \(warning)\n".utf8)) }
    say("open")
    for i in 0..<count {
        let id = "\(arguments[2])-\(i)"
        try store.record(AnswerRecord(questionID: id, lessonID: arguments[2], answer: "answer \(i)", correct: i % 3 != 0,
                                      milliseconds: i, kind: .quiz))
        say(id)
    }
} catch {
    FileHandle.standardError.write(Data("progress-stress: \(error)\n".utf8))
    exit(1)
}
