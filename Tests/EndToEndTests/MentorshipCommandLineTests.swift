import Foundation
import Testing

/// Mentorship through the real binary: offer, ask, accept, write privately, end; and a third
/// member who gets nothing of the thread through any command.
@Suite("End to end: mentorship on the command line")
struct MentorshipCommandLineTests {
    @Test func aMentorAndMenteeWritePrivatelyAndNobodyElseReadsAWord() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        func run(_ handle: String, _ arguments: [String], stdin: String? = nil) throws -> Peerroom.Result {
            try Peerroom.run(arguments + ["--db", db, "--as", handle], stdin: stdin)
        }
        let offered = try run(
            "sparrow_22", ["mentor", "offer", "--group", "clean-slate", "--capacity", "2", "--note", "Evenings"])
        #expect(offered.status == 0, "\(offered.stderr)")
        #expect(try run("kiri", ["mentor", "offer", "--group", "clean-slate"]).status == 77, "not a peer mentor")

        let asked = try run("kiri", ["mentor", "request", "--group", "clean-slate", "--mentor", "sparrow_22"])
        #expect(asked.status == 0, "\(asked.stderr)")
        let listed = try run("kiri", ["mentor", "list", "--group", "clean-slate", "--format", "json"])
        let json = try #require(JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        let mentorships = try #require(json["mentorships"] as? [[String: Any]])
        let id = try #require(mentorships.first?["id"] as? Int)
        #expect(mentorships.first?["status"] as? String == "requested")
        #expect((json["mentors"] as? [[String: Any]])?.first?["mentor"] as? String == "sparrow_22")

        #expect(try run("kiri", ["mentor", "accept", "--id", "\(id)"]).status == 77, "the mentee cannot accept")
        #expect(try run("dash", ["mentor", "accept", "--id", "\(id)"]).status == 65, "a stranger: no such mentorship")
        let accepted = try run("sparrow_22", ["mentor", "accept", "--id", "\(id)"])
        #expect(accepted.status == 0, "\(accepted.stderr)")

        let secret = "Tuesday I stood outside the dealer's building for an hour"
        let sent = try run("kiri", ["message", "--to", "sparrow_22", secret])
        #expect(sent.status == 0, "\(sent.stderr)")
        let reply = try run("sparrow_22", ["message", "--to", "kiri"], stdin: "You walked away. That matters.")
        #expect(reply.status == 0, "\(reply.stderr)")
        let thread = try run("sparrow_22", ["message", "--with", "kiri", "--format", "json"])
        let messages = try #require(JSONSerialization.jsonObject(with: Data(thread.stdout.utf8)) as? [[String: Any]])
        #expect(messages.map { $0["author"] as? String } == ["kiri", "sparrow_22"])

        for third in ["dash", "tallgrass"] {  // a member and the group's facilitator
            var outputs: [String] = []
            for arguments in [
                ["message", "--with", "kiri"], ["message", "--with", "sparrow_22"],
                ["mentor", "list", "--group", "clean-slate"], ["export", "--me"], ["search", "dealer"],
                ["feed", "--group", "clean-slate", "--kind", "encouragement"], ["feed", "--group", "clean-slate"],
                ["queue", "--group", "clean-slate"],
            ] {
                let result = try run(third, arguments)
                outputs.append(result.stdout + result.stderr)
            }
            #expect(!outputs.contains { $0.contains("stood outside") }, "\(third) reads nothing of the thread")
            #expect(try run(third, ["message", "--to", "kiri", "hello"]).status == 77)
            #expect(try run(third, ["mentor", "end", "--id", "\(id)"]).status == 65)
        }
        let ended = try run("kiri", ["mentor", "end", "--id", "\(id)"])
        #expect(ended.status == 0, "\(ended.stderr)")
        #expect(try run("kiri", ["message", "--to", "sparrow_22", "one more"]).status == 77, "ended")
    }

    @Test func anyAvailableMentorAndAKindDecline() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        // The demo room's mentors offer with room from the start; with both away, no one has any.
        for mentor in ["vesper", "sparrow_22"] {
            let away = try Peerroom.run([
                "mentor", "offer", "--db", db, "--as", mentor, "--group", "clean-slate", "--unavailable",
            ])
            #expect(away.status == 0, "\(away.stderr)")
        }
        let none = try Peerroom.run(["mentor", "request", "--db", db, "--as", "kiri", "--group", "clean-slate"])
        #expect(none.status == 77 && none.stderr.contains("No mentor"), "\(none.stderr)")
        _ = try Peerroom.run(["mentor", "offer", "--db", db, "--as", "vesper", "--group", "clean-slate"])
        let asked = try Peerroom.run(["mentor", "request", "--db", db, "--as", "kiri", "--group", "clean-slate"])
        #expect(asked.stdout.contains("Asked vesper"), "\(asked.stderr)")
        let range = try #require(asked.stdout.range(of: #"mentorship (\d+)"#, options: .regularExpression))
        let id = asked.stdout[range].dropFirst("mentorship ".count)
        let declined = try Peerroom.run(["mentor", "decline", "--db", db, "--as", "vesper", "--id", String(id)])
        #expect(declined.status == 0 && declined.stdout.contains("not about you"), "\(declined.stderr)")
        let list = try Peerroom.run(["mentor", "list", "--db", db, "--as", "kiri"])
        #expect(list.stdout.contains("declined") && list.stdout.contains("ask another mentor"))
    }
}
