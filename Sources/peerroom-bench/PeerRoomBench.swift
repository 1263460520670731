import ArgumentParser
import Foundation
import RoomCore
import RoomStore
import SQLiteStore

/// Measuring and stressing the store with real processes. `write` is one of the writers the
/// concurrency tests start side by side; `check` asks SQLite whether the file is sound;
/// `generate` builds a synthetic room and `run` measures the room on it (issue 7).
@main
struct PeerRoomBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peerroom-bench",
        abstract: "Benchmarks and stress tools for peerroom's store.",
        subcommands: [Write.self, Check.self, Generate.self, Run.self, PgWatch.self, PgPost.self, PgCross.self])
}

struct Write: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Post COUNT stories, one transaction each, as a member would.")

    @Option(help: "The database file.") var db: String
    @Option(help: "The group (a slug).") var group: String
    @Option(name: .customLong("as"), help: "The member who posts (a handle).") var handle: String
    @Option(help: "How many stories.") var count: Int
    @Option(help: "A tag put in every title, to find this writer's stories.") var tag = "writer"

    func run() async throws {
        let backend = try SQLiteRoomStore(path: db)
        let store = try await backend.session(memberID: try await backend.member(handle: handle).id)
        let target = try await store.group(slug: group)
        for index in 0..<count {
            _ = try await store.post(
                NewStory(
                    groupID: target.id, kind: StoryKind.allCases[index % 4],
                    title: "\(tag) story \(index)", body: "Body of \(tag) story \(index). 🌱 一日一歩"))
        }
        print("\(tag): wrote \(count)")
    }
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print SQLite's integrity check and the number of stories, and how many are whole.")

    @Option(help: "The database file.") var db: String

    func run() async throws {
        let store = try SQLiteRoomStore(path: db)
        let report = try await store.healthReport()
        print("integrity: \(report.integrity)")
        print("stories: \(report.stories)")
        print("whole stories: \(report.wholeStories)")
    }
}
