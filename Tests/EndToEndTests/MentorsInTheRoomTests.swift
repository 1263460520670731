import Foundation
import Testing

/// Mentors in the room: a newcomer in the freshly seeded demo room sees who can mentor, asks
/// from the P view and sees the request pending.
@Suite("End to end: mentors in the room", .serialized)
struct MentorsInTheRoomTests {
    @Test func aNewcomerInTheDemoRoomAsksForAMentorFromThePViewAndSeesTheRequestPending() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let terminal = try Terminal(
            width: 80, height: 24,
            command: try RoomInTerminalTests.roomCommand(db: db, folder: folder, asNewcomer: true))
        try terminal.waitFor("Welcome to peerroom")
        try terminal.send("-l", "new.leaf")
        try terminal.send("Enter")
        try terminal.waitFor("Welcome, new.leaf")
        try terminal.send("P")
        try terminal.waitFor("You have no mentorships. L: ask for a peer mentor")
        try terminal.send("L")
        // The demo room's mentors have room: they are listed with their notes.
        var screen = try terminal.waitFor("Ask for a peer mentor")
        screen = try terminal.waitFor("0 of 3 mentees")
        #expect(screen.contains("▸ Whoever has room"))
        #expect(screen.contains("vesper · 0 of 3 mentees"))
        try terminal.send("j", "j", "Enter")  // past sparrow_22 to vesper
        try terminal.waitFor("Ask vesper to mentor you")
        try terminal.send("-l", "Nights are hard for me too")
        try terminal.send("Enter")
        screen = try terminal.waitFor("Your request is pending")
        screen = try terminal.waitFor("vesper mentors you · clean-slate · requested")
        #expect(screen.contains("new.leaf asked: Nights are hard for me too"))

        // The store holds the request as the command line lists it.
        let listed = try Peerroom.run(["mentor", "list", "--db", db, "--as", "new.leaf"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("vesper"), "\(listed.stdout)")
        #expect(listed.stdout.contains("requested"), "\(listed.stdout)")
        try terminal.send("Escape")  // alone: Esc and a letter at once are one Alt key
        try terminal.waitUntil("back in the room") { !$0.contains("› Mentorship") }
        try terminal.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", terminal)
    }
}
