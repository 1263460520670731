import RoomCore
import Testing

@Suite("Crisis words: matching a draft")
struct CrisisWordsTests {
    let words = CrisisWords(["die", "kill myself", "want to die", "don't want to live", "suicide"])

    @Test(arguments: [
        "Some days I think I should just kill myself.",
        "KILL MYSELF",
        "kíll mysélf",  // accents
        "ＫＩＬＬ　ＭＹＳＥＬＦ",  // full-width letters and space
        "I want to\ndie",  // a phrase across a line break
        "kill-myself",
        "Suicide.",
        "I dont want to live like this",  // the apostrophe left out
        "I don’t want to live like this",  // a typographic apostrophe
        "then I'll die",
    ])
    func aCrisisPhraseIsFoundHoweverItIsWritten(text: String) {
        #expect(words.matches(text), "\(text)")
    }

    @Test(arguments: [
        "I'm on a diet and it is going fine",  // "die" is not in "diet"
        "The diehard fans were there",
        "He killed it at the meeting; I told myself I would go back",
        "I want to dance",
        "kill my self-doubt",
        "",
        "suicides",  // a whole word only: the list says what counts
    ])
    func wordsThatOnlyContainAnEntryDoNotMatch(text: String) {
        #expect(!words.matches(text), "\(text)")
    }

    @Test func anEmptyListMatchesNothing() {
        #expect(!CrisisWords.none.matches("I want to die"))
        #expect(CrisisWords.none.isEmpty)
        #expect(CrisisWords(["!!!"]).isEmpty, "an entry with no word in it is no entry")
    }

    @Test func theFirstMatchIsNamedByItsFoldedWords() {
        #expect(words.firstMatch(in: "honestly I WANT TO DIE today") == "want to die")
        #expect(CrisisWords.words("Don’t — STOP, ｎｏｗ") == ["dont", "stop", "now"])
    }
}
