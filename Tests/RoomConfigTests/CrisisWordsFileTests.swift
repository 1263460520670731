import Foundation
import RoomConfig
import RoomCore
import Testing

let seedsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("seeds")

@Suite("Crisis words: the word files and config")
struct CrisisWordsFileTests {
    @Test func theEnglishListLoadsAndHoldsTheCommonPhrases() throws {
        let url = seedsFolder.appendingPathComponent("crisis-words/en.toml")
        let words = try CrisisWordsLoader.load(url)
        for phrase in [
            "I am going to kill myself", "I just want to end it all", "I want to die", "suicide",
            "I took an overdose", "there is no reason to live", "I want to hurt myself",
        ] {
            #expect(words.matches(phrase), "\(phrase)")
        }
        #expect(!words.matches("I'm on a diet"))
        #expect(!words.matches("I'd die for a coffee"), "die alone is everyday talk")
        #expect(!words.matches("Ninety days today. Thank you all."))
        // The header says how it was chosen and that it needs review.
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("How it was chosen"))
        #expect(text.contains("needs review by people with lived experience"))
        #expect(text.contains("clinicians"))
        // One entry per line.
        let entries = text.split(separator: "\n").filter { $0.hasPrefix("    \"") }
        #expect(entries.count == words.entries.count)
    }

    @Test(arguments: [
        ("words = [\n  \"kill myself\",\n  42,\n]\n", "words.toml line 3: words: 42 must be a word or phrase"),
        ("words = [\n  \"suicide\",\n  \"!!!\",\n]\n", "words.toml line 3: words: \"!!!\" has no letter or digit"),
        ("words = []\n", "words.toml line 1: words: the list is empty"),
        ("words = \"suicide\"\n", "words.toml line 1: words: must be a list of words"),
        ("language = \"en\"\n", "words.toml: words: missing"),
        ("lang = \"en\"\nwords = [\"x\"]\n", "words.toml line 1: lang: unknown key"),
        ("words = [\"x\"\n", "words.toml line"),
    ])
    func aBrokenWordsFileIsNamedWithItsLineAndValue(text: String, expected: String) {
        do {
            _ = try CrisisWordsLoader.load(text: text, file: "words.toml")
            Issue.record("a broken words file loaded")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func configChoosesTheShippedListAFileAListOrNone() throws {
        #expect(try ConfigLoader.load(text: "", file: "config.toml").crisisWords == .shipped)
        #expect(try ConfigLoader.load(text: "crisis_words = true\n", file: "config.toml").crisisWords == .shipped)
        #expect(try ConfigLoader.load(text: "crisis_words = false\n", file: "config.toml").crisisWords == .off)
        #expect(
            try ConfigLoader.load(text: "crisis_words = \"~/words.toml\"\n", file: "config.toml").crisisWords
                == .file("~/words.toml"))
        #expect(
            try ConfigLoader.load(
                text: "crisis_words = [\n  \"kill myself\",\n  \"end it all\",\n]\n", file: "config.toml"
            ).crisisWords == .list(["kill myself", "end it all"]))
    }

    @Test(arguments: [
        ("crisis_words = 3\n", "config.toml line 1: crisis_words: 3 is not a setting"),
        ("crisis_words = \"\"\n", "config.toml line 1: crisis_words: \"\" names no file"),
        (
            "theme = \"light\"\ncrisis_words = [\n  \"ok\",\n  \"  \",\n]\n",
            "config.toml line 4: crisis_words: \"  \" has no letter"
        ),
    ])
    func aBrokenCrisisWordsSettingIsNamedWithItsLine(text: String, expected: String) {
        do {
            _ = try ConfigLoader.load(text: text, file: "config.toml")
            Issue.record("a broken config loaded")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }
}
