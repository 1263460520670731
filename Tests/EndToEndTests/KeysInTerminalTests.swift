import Foundation
import Testing

/// Keys in a real terminal under the terminal types people have: every editing key that
/// arrives as an escape sequence edits the text, and none of them leaves the compose view
/// (where the letters after it would run as room commands).
@Suite("End to end: keys while writing, under four terminal types", .serialized)
struct KeysInTerminalTests {
    /// The text in the compose view's Title field ("▸Title    …   100").
    static func title(_ screen: String) -> String? {
        guard let row = screen.components(separatedBy: "\n").first(where: { $0.contains("Title    ") }),
            let start = row.range(of: "Title    ")
        else { return nil }
        let rest = row[start.upperBound...]
        return rest.components(separatedBy: "  ").first.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The first row of the text being written: the row under "… characters left".
    static func text(_ screen: String) -> String? {
        let rows = screen.components(separatedBy: "\n")
        guard let label = rows.firstIndex(where: { $0.contains("characters left") }), label + 1 < rows.count else {
            return nil
        }
        return rows[label + 1].trimmingCharacters(in: CharacterSet(charactersIn: "║ "))
    }

    @Test func nThenTypingPutsTheTitleOnScreen() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let terminal = try Terminal(
            width: 100, height: 30, command: try RoomInTerminalTests.roomCommand(db: db, folder: folder))
        try terminal.waitFor("1 Groups")
        try terminal.send("n")
        try terminal.send("-l", "Sleep came back")
        let screen = try terminal.waitUntil("the title reads \"Sleep came back\"") {
            Self.title($0) == "Sleep came back"
        }
        #expect(screen.contains("[reflection]"), "the kind keeps its default")
        try terminal.send("Escape")
        try terminal.waitFor("Draft kept — n in this group to come back to it.")
        try terminal.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", terminal)
    }

    /// tmux key names, then text typed after them, and the text that must result.
    static let steps: [(keys: [String], typed: String, text: String)] = [
        ([], "one two", "one two"),
        (["Home"], "A", "Aone two"),
        (["End"], "B", "Aone twoB"),
        (["C-Left"], "C", "Aone CtwoB"),
        (["M-Left"], "D", "Aone DCtwoB"),
        (["S-Left", "S-Left"], "E", "AoneE DCtwoB"),
        (["S-Right"], "F", "AoneE FDCtwoB"),
        (["Home", "DC", "C-DC"], "", "neE FDCtwoB"),
        (["C-Right"], "G", "neEG FDCtwoB"),
        (["PPage"], "H", "HneEG FDCtwoB"),
        (["NPage"], "I", "HneEG FDCtwoBI"),
        (["M-Up"], "J", "JHneEG FDCtwoBI"),
        (["S-Down"], "K", "JHneEG FDCtwoBIK"),
        (["C-Home"], "L", "LJHneEG FDCtwoBIK"),
        (["S-End", "IC", "F5", "C-PPage", "S-NPage"], "M", "LJHneEG FDCtwoBIKM"),
        (["S-Home", "Right", "M-Right"], "N", "LJHneEGN FDCtwoBIKM"),
        (["Left", "S-DC", "Up"], "O", "OLJHneEG FDCtwoBIKM"),
    ]

    @Test(arguments: ["xterm-256color", "screen-256color", "tmux-256color", "linux"])
    func editingKeysWithModifiersEditAndNeverLeaveTheComposeView(term: String) throws {
        let folder = try TemporaryFolder()
        let db = folder.path("room.sqlite")
        let terminal = try Terminal(
            width: 100, height: 30,
            command: "env TERM=\(term) " + (try RoomInTerminalTests.roomCommand(db: db, folder: folder)))
        try terminal.waitFor("1 Groups")
        try terminal.send("3", "e")
        try terminal.waitFor("Encouragement to everyone")
        for step in Self.steps {
            for key in step.keys { try terminal.send(key) }
            if !step.typed.isEmpty { try terminal.send("-l", step.typed) }
            let screen = try terminal.waitUntil(
                "after \(step.keys) and \"\(step.typed)\" the text reads \"\(step.text)\""
            ) {
                Self.text($0) == step.text
            }
            #expect(screen.contains("Encouragement to everyone"), "still writing after \(step.keys) under TERM=\(term)")
        }
        try terminal.send("Escape")
        try terminal.waitFor("Draft kept — e to come back to it.")
        try terminal.send("q")
        RoomInTerminalTests.expectRestored(folder, status: "0", terminal)
    }
}
