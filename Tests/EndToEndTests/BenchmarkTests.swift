import Foundation
import Testing

/// `peerroom-bench generate` builds a room others can measure: everything asked for lands,
/// the file is sound, and the room opens on it as the generated reader.
@Suite("End to end: a generated room")
struct BenchmarkTests {
    @Test func fiveHundredStoriesLandWholeInASoundFile() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let run = try Subprocess.run(
            [
                try ConcurrencyTests.bench, "generate", "--db", db, "--stories", "500", "--members", "40",
                "--encouragements", "60", "--groups", "3",
            ], environment: ProcessInfo.processInfo.environment)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("generated 500 stories"), "\(run.output)")

        let check = try ConcurrencyTests.check(db)
        #expect(check["integrity"] == "ok")
        #expect(check["stories"] == "500")
        #expect(check["whole stories"] == "500")

        let groups = try Peerroom.run(["groups", "--db", db, "--format", "json"])
        #expect(groups.status == 0, "\(groups.stderr)")
        let list = try #require(
            JSONSerialization.jsonObject(with: Data(groups.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 3)
        #expect(list.compactMap { $0["stories"] as? Int }.reduce(0, +) == 500)
        #expect(list.allSatisfy { $0["members"] as? Int == 40 }, "every member is in every group")

        // The reader is bound to this login, so the room may act as them.
        let feed = try Peerroom.run([
            "feed", "--db", db, "--as", "bench-reader", "--group", "clean-slate", "--kind", "encouragement",
            "--limit", "100", "--format", "json",
        ])
        #expect(feed.status == 0, "\(feed.stderr)")
        let messages = try #require(
            JSONSerialization.jsonObject(with: Data(feed.stdout.utf8)) as? [[String: Any]])
        #expect(!messages.isEmpty)
    }

    @Test func theSameOptionsBuildTheSameRoom() throws {
        let folder = try TemporaryFolder()
        var outputs: [String] = []
        for name in ["a.sqlite", "b.sqlite"] {
            let db = folder.path(name)
            let run = try Subprocess.run(
                [try ConcurrencyTests.bench, "generate", "--db", db, "--stories", "50", "--members", "5"],
                environment: ProcessInfo.processInfo.environment)
            #expect(run.status == 0, "\(run.errors)")
            outputs.append(try Peerroom.run(["feed", "--db", db, "--group", "clean-slate", "--format", "json"]).stdout)
        }
        #expect(outputs[0] == outputs[1])
        #expect(!outputs[0].isEmpty)
    }
}
