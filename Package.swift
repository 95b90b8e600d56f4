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
        // SHA-256 of a lesson file, kept in each recording's header.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        // The only C in the project: small inline helpers for what Glibc's Swift module hides.
        .target(name: "CSocketShims"),
        // Every traced BSD socket call, as values. Knows nothing of lessons or screens.
        .target(name: "SocketTrace", dependencies: ["CSocketShims"]),
        // Lesson files: model, YAML loading with file:line:column errors, validation.
        .target(
            name: "LessonKit",
            dependencies: ["SocketTrace", "Catalogue", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("../../Lessons")]
        ),
        // The engine: actor threads, the session driver, events, the state fold, transcripts.
        // The interface's words, one table per language (English, Chinese), and errno meanings.
        .target(name: "Catalogue", dependencies: ["SocketTrace"]),
        .target(name: "Tutor", dependencies: ["SocketTrace", "LessonKit", "CSocketShims", "Catalogue"]),
        // SQLite's C API (Debian: libsqlite3-dev); only Progress/SQLiteDatabase.swift imports it.
        .systemLibrary(name: "CSQLite"),
        // The learner's progress store (SQLite, WAL) and the review schedule.
        .target(name: "Progress", dependencies: ["CSQLite", "Catalogue"]),
        // ncursesw with the wide API on, plus shims for its macros and the signal trap.
        .target(name: "CNCursesW", linkerSettings: [.linkedLibrary("ncursesw")]),
        // The full-screen interface: layout, panes, width-aware text, render to a cell grid;
        // only TerminalScreen.swift (and TextWidth's wcwidth) touch ncurses.
        .target(name: "TUI", dependencies: ["Tutor", "LessonKit", "SocketTrace", "CNCursesW", "Catalogue"]),
        .executableTarget(
            name: "sockettutor",
            dependencies: [
                "TUI", "Tutor", "LessonKit", "SocketTrace", "CSocketShims", "Progress", "Catalogue",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"], .when(configuration: .release))]
        ),
        // Run by hand (see README): ratios against a baseline measured in the same run.
        .executableTarget(name: "sockettutor-bench", dependencies: ["TUI", "Tutor", "LessonKit", "SocketTrace", "Catalogue"]),
        // Used only by ProgressTests: answers in a loop, printing each id once committed.
        .executableTarget(name: "progress-stress", dependencies: ["Progress"]),
        .testTarget(name: "SocketTraceTests", dependencies: ["SocketTrace"]),
        .testTarget(name: "LessonKitTests", dependencies: ["LessonKit", "Catalogue"]),
        .testTarget(name: "CatalogueTests", dependencies: ["Catalogue"]),
        .testTarget(name: "TutorTests", dependencies: ["Tutor", "LessonKit", "SocketTrace", "Catalogue"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "Tutor", "LessonKit", "SocketTrace", "Catalogue"], exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "CLITests", dependencies: ["sockettutor", "TUI", "Tutor", "LessonKit", "Progress", "Catalogue"]),
        .testTarget(name: "ProgressTests", dependencies: ["Progress", "CSQLite", "progress-stress"]),
    ],
    swiftLanguageModes: [.v6]
)
