// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SocketTutor",
    products: [
        .executable(name: "sockettutor", targets: ["sockettutor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // The only C in the project: small inline helpers for what Glibc's Swift module hides.
        .target(name: "CSocketShims"),
        // Every traced BSD socket call, as values. Knows nothing of lessons or screens.
        .target(name: "SocketTrace", dependencies: ["CSocketShims"]),
        // Lesson files: model, YAML loading with file:line:column errors, validation.
        .target(
            name: "LessonKit",
            dependencies: ["SocketTrace", .product(name: "Yams", package: "Yams")],
            resources: [.copy("../../Lessons")]
        ),
        // The engine: actor threads, the session driver, events, the state fold, transcripts.
        .target(name: "Tutor", dependencies: ["SocketTrace", "LessonKit"]),
        .executableTarget(
            name: "sockettutor",
            dependencies: [
                "Tutor", "LessonKit", "SocketTrace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Run by hand (see README): ratios against a baseline measured in the same run.
        .executableTarget(name: "sockettutor-bench", dependencies: ["Tutor", "LessonKit", "SocketTrace"]),
        .testTarget(name: "SocketTraceTests", dependencies: ["SocketTrace"]),
        .testTarget(name: "LessonKitTests", dependencies: ["LessonKit"]),
        .testTarget(name: "TutorTests", dependencies: ["Tutor", "LessonKit", "SocketTrace"]),
        .testTarget(name: "CLITests", dependencies: ["sockettutor"]),
    ],
    swiftLanguageModes: [.v6]
)
