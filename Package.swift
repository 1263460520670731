// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "peerroom",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "peerroom", targets: ["peerroom"]),
        .executable(name: "peerroom-bench", targets: ["peerroom-bench"]),
        .library(name: "RoomViewModel", targets: ["RoomViewModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Domain values, limits, safe text, display width. No I/O.
        .target(name: "RoomCore", dependencies: ["CTextWidth"]),
        // A child process read line by line: the benchmark's and the cross-host tests' hosts.
        .target(name: "LineChild"),
        // wcwidth, the width function ncurses itself uses, which Glibc does not export to Swift.
        .target(name: "CTextWidth"),
        // The store protocol, its input types and errors, seeds and crisis resources. No database.
        .target(name: "RoomStore", dependencies: ["RoomCore", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The embedded backend: one SQLite file (GRDB), its schema, import and seeding.
        .target(
            name: "SQLiteStore",
            dependencies: ["RoomCore", "RoomStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The PostgreSQL backend: schema with row-level security, members as database roles.
        .target(
            name: "PostgresStore",
            dependencies: ["RoomCore", "RoomStore", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        // State, actions, reducer, key map, layout and canvas rendering. No ncurses, no SQLite.
        .target(name: "RoomViewModel", dependencies: ["RoomCore"]),
        // Theme and config files (TOML): read, checked, and turned into view-model values.
        .target(
            name: "RoomConfig",
            dependencies: ["RoomCore", "RoomViewModel", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // ncursesw as a Swift module (module map + shim header).
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncurses-dev"])]),
        // libedit as a Swift module: line editing and history for the plain room on a terminal.
        .systemLibrary(name: "CEdit", providers: [.apt(["libedit-dev"])]),
        // The only code that talks to the terminal.
        .target(name: "CursesScreen", dependencies: ["CNCurses", "RoomCore", "RoomViewModel"]),
        // Command line, configuration, the event loop and the effect runner.
        .target(
            name: "PeerRoomApp",
            dependencies: [
                "RoomCore", "RoomStore", "SQLiteStore", "PostgresStore", "RoomViewModel", "RoomConfig", "CursesScreen",
                "CEdit", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "peerroom",
            dependencies: ["PeerRoomApp", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            // Release: lld with packed relative relocations (DT_RELR; Debian's glibc 2.36 reads
            // them), and no symbol table for the dynamic loader (nothing looks symbols up in
            // the executable). The loader then touches ~10 MB fewer pages of the binary at
            // start, which the PostgreSQL client linked in had added (PERFORMANCE.md, session 5).
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker",
                        "--no-export-dynamic",
                    ],
                    .when(configuration: .release))
            ]
        ),
        // Benchmarks and stress tools: real processes against a real file.
        .executableTarget(
            name: "peerroom-bench",
            dependencies: [
                "RoomCore", "RoomStore", "SQLiteStore", "RoomViewModel", "PostgresStore", "LineChild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(name: "RoomCoreTests", dependencies: ["RoomCore"]),
        .testTarget(
            name: "RoomStoreTests",
            dependencies: [
                "RoomStore", "SQLiteStore", "PostgresStore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: [
                "PostgresStore", "RoomStore", "RoomCore", "SQLiteStore", "LineChild",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "RoomConfigTests", dependencies: ["RoomConfig", "RoomViewModel"], exclude: ["Golden"]),
        .testTarget(
            name: "RoomViewModelTests",
            dependencies: ["RoomViewModel"],
            exclude: ["Golden"]
        ),
        .testTarget(name: "CursesScreenTests", dependencies: ["CursesScreen", "RoomViewModel"]),
        .testTarget(name: "EndToEndTests", dependencies: ["PeerRoomApp"]),
        // The private PostgreSQL server of scripts/postgres: authentication, TLS, namespace hosts.
        .testTarget(name: "PostgresServerTests"),
    ],
    swiftLanguageModes: [.v6]
)
