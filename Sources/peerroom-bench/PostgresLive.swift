import ArgumentParser
import Foundation
import PostgresStore
import RoomCore
import RoomStore

/// Live changes on PostgreSQL across hosts (issue 15): `pg-watch` is the simplest real room
/// (the store's listener, `changes(after:)`, the feed), `pg-post` a member posting, and
/// `pg-cross` runs both on two network namespaces and measures.

/// One line at a time on stdout, flushed, from any thread.
enum Lines {
    private static let lock = NSLock()

    static func say(_ text: String) {
        lock.withLock { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    }

    /// The wall clock in milliseconds: both hosts of one machine share it.
    static var wallMillis: String { String(format: "%.3f", Date().timeIntervalSince1970 * 1000) }

    static func millis(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.3f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}

struct PgWatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pg-watch",
        abstract: "Watch a group's stories on PostgreSQL; print `story ID WALLMS` as each one shows.",
        discussion: """
            Also prints `listening`, `lost REASON` and `reconnected MS` (how long the listener was \
            gone) as the store's listener goes through them. Runs until it is ended.
            """)

    @Option(help: "The room (postgresql://…).") var db: String
    @Option(help: "A passfile (as libpq reads it).") var passfile: String?
    @Option(help: "The group (a slug).") var group: String
    @Option(help: "Seconds to wait for a wake-up before reading anyway (long: only the listener drives it).")
    var poll = 30.0

    func run() async throws {
        let store = try await PostgresRoomStore.open(url: db, passfile: passfile)
        defer { store.close() }
        store.observeListener { event in
            switch event {
            case .listening(nil): Lines.say("listening")
            case .listening(let gap?): Lines.say("reconnected \(Lines.millis(gap))")
            case .lost(let reason): Lines.say("lost \(reason)")
            }
        }
        let target = try await store.group(slug: group)
        var last = try await store.lastChange()
        var shown = Set(try await store.stories(groupID: target.id, page: .first, limit: 100).items.map(\.id))
        while !Task.isCancelled {
            try await store.waitForChange(timeout: .seconds(poll))
            let (changes, next) = try await store.changes(after: last)
            last = next
            guard changes.contains(.resync) || changes.contains(.feed(target.id, .stories)) else { continue }
            let page = try await store.stories(groupID: target.id, page: .first, limit: 100)
            for story in page.items.reversed() where shown.insert(story.id).inserted {
                Lines.say("story \(story.id) \(Lines.wallMillis)")
            }
        }
    }
}

struct PgPost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pg-post",
        abstract: "Post one story per line of stdin on PostgreSQL; print `posted ID WALLMS` (taken before posting).")

    @Option(help: "The room (postgresql://…).") var db: String
    @Option(help: "A passfile (as libpq reads it).") var passfile: String?
    @Option(help: "The group (a slug).") var group: String

    func run() async throws {
        let store = try await PostgresRoomStore.open(url: db, passfile: passfile)
        defer { store.close() }
        let target = try await store.group(slug: group)
        Lines.say("ready")
        while let title = readLine(), !title.isEmpty {
            let before = Lines.wallMillis
            let story = try await store.post(
                NewStory(groupID: target.id, kind: .reflection, title: title, body: "Posted by pg-post: \(title)."))
            Lines.say("posted \(story.id) \(before)")
        }
    }
}
