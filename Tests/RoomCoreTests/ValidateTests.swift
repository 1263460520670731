import RoomCore
import Testing

@Suite("Validate")
struct ValidateTests {
    // MARK: Titles

    @Test(arguments: ["", " ", "   \t  ", "\n", " \n\t "])
    func blankTitleIsRefusedNamingTheField(text: String) {
        let error = #expect(throws: ValidationError.self) { try Validate.title(text) }
        #expect(error?.field == "title")
        #expect(error?.problem == "is empty")
    }

    @Test func titleOverTheLimitIsRefusedNamingTheLimit() {
        #expect(Limits.titleMaxCharacters == 120)
        let error = #expect(throws: ValidationError.self) { try Validate.title(String(repeating: "a", count: 121)) }
        #expect(error?.field == "title")
        #expect(error?.problem.contains("120") == true)
        #expect(error?.problem.contains("121") == true)
        #expect(error.map { "\($0)" }?.hasPrefix("The title is 121 characters") == true)
    }

    @Test func titleOfExactlyTheLimitIsAccepted() throws {
        let title = String(repeating: "a", count: 120)
        #expect(try Validate.title(title) == title)
        // Characters, not bytes or scalars, are counted.
        let accented = String(repeating: "e\u{301}", count: 120)
        #expect(try Validate.title(accented) == accented)
        let wide = String(repeating: "一", count: 120)
        #expect(try Validate.title(wide) == wide)
    }

    @Test func spacesAroundAFullTitleDoNotCountAgainstTheLimit() throws {
        let title = String(repeating: "a", count: 120)
        #expect(try Validate.title("  \(title)\t ") == title)
    }

    @Test(arguments: ["first line\nsecond line", "one\r\ntwo", "one\rtwo", "one\u{2028}two"])
    func titleWithALineBreakIsRefused(text: String) {
        let error = #expect(throws: ValidationError.self) { try Validate.title(text) }
        #expect(error?.field == "title")
        #expect(error?.problem == "must be one line")
    }

    @Test func titleIsTrimmed() throws {
        #expect(try Validate.title("  Thirty days  ") == "Thirty days")
        #expect(try Validate.title("\tOne year\n") == "One year")
        #expect(try Validate.title("inner  spaces stay") == "inner  spaces stay")
    }

    // MARK: Bodies and other multi-line text

    @Test func bodyOverTheLimitIsRefusedAndTheLimitIsAccepted() throws {
        #expect(Limits.bodyMaxCharacters == 20_000)
        let exact = String(repeating: "b", count: 20_000)
        #expect(try Validate.body(exact) == exact)
        let error = #expect(throws: ValidationError.self) {
            try Validate.body(String(repeating: "b", count: 20_001))
        }
        #expect(error?.field == "body")
        #expect(error?.problem.contains("20000") == true)
    }

    @Test func bodyKeepsItsLinesAndIsTrimmed() throws {
        #expect(try Validate.body("\n  First paragraph.\n\nSecond.  \n") == "First paragraph.\n\nSecond.")
        let error = #expect(throws: ValidationError.self) { try Validate.body(" \n\n ") }
        #expect(error?.field == "body")
    }

    @Test func repliesAndEncouragementHaveTheirOwnLimits() throws {
        let reply = String(repeating: "r", count: Limits.replyMaxCharacters)
        #expect(try Validate.reply(reply) == reply)
        #expect(throws: ValidationError.self) { try Validate.reply(reply + "r") }
        #expect(throws: ValidationError.self) { try Validate.reply("   ") }

        let message = String(repeating: "m", count: Limits.encouragementMaxCharacters)
        #expect(try Validate.encouragement(message) == message)
        let error = #expect(throws: ValidationError.self) { try Validate.encouragement(message + "m") }
        #expect(error?.field == "message")
    }

    // MARK: Content warnings

    @Test func blankContentWarningBecomesNil() throws {
        #expect(try Validate.contentWarning(nil) == nil)
        #expect(try Validate.contentWarning("") == nil)
        #expect(try Validate.contentWarning("  \t ") == nil)
        #expect(try Validate.contentWarning("  cravings, alcohol ") == "cravings, alcohol")
    }

    @Test func contentWarningMustBeOneShortLine() throws {
        let exact = String(repeating: "c", count: Limits.contentWarningMaxCharacters)
        #expect(try Validate.contentWarning(exact) == exact)
        let long = #expect(throws: ValidationError.self) { try Validate.contentWarning(exact + "c") }
        #expect(long?.field == "content warning")
        let twoLines = #expect(throws: ValidationError.self) { try Validate.contentWarning("grief\nloss") }
        #expect(twoLines?.problem == "must be one line")
    }

    // MARK: Handles

    @Test(arguments: [
        "river", "quiet-oak", "lantern_7", "morning.tea", "ab", "Ab", "A1", String(repeating: "x", count: 24),
    ])
    func goodHandlesAreAcceptedAsTheyAre(handle: String) throws {
        #expect(try Validate.handle(handle) == handle)
    }

    @Test(arguments: ["", "a", String(repeating: "x", count: 25)])
    func handleOfTheWrongLengthIsRefused(handle: String) {
        let error = #expect(throws: ValidationError.self) { try Validate.handle(handle) }
        #expect(error?.field == "handle")
        #expect(error?.problem.contains("got \(handle.count)") == true)
    }

    @Test(arguments: [
        "bad handle", "zero\u{200B}width", "cafe\u{301}", "café", "river!", "tab\there", "rív", "ｒｉｖｅｒ", "new\nline",
        "\u{1B}[31m", "ri\u{202E}ver", "emoji👍", " river", "river ",
    ])
    func handleWithACharacterOutsideTheSetIsRefused(handle: String) {
        let error = #expect(throws: ValidationError.self) { try Validate.handle(handle) }
        #expect(error?.field == "handle")
    }

    @Test func lookAlikeOfAnASCIIHandleIsRefused() {
        // Cyrillic "о" (U+043E) looks like Latin "o".
        #expect(throws: ValidationError.self) { try Validate.handle("m\u{043E}ss") }
        #expect(throws: Never.self) { try Validate.handle("moss") }
    }

    // MARK: Slugs

    @Test(arguments: ["sober-circle", "newcomers", "a", "group-2", String(repeating: "s", count: 40)])
    func goodSlugsAreAccepted(slug: String) throws {
        #expect(try Validate.slug(slug) == slug)
    }

    @Test(arguments: [
        "", "Sober-Circle", "sober circle", "sober_circle", "sober.circle", "café", String(repeating: "s", count: 41),
        "new\ncomers", "slug/../etc",
    ])
    func badSlugsAreRefused(slug: String) {
        let error = #expect(throws: ValidationError.self) { try Validate.slug(slug) }
        #expect(error?.field == "slug")
        #expect(error?.problem.contains("40") == true)
    }

    // MARK: Trimming

    @Test func trimmingWhitespaceRemovesOnlyTheEnds() {
        #expect("  a b  ".trimmingWhitespace == "a b")
        #expect("\n\t x \r\n".trimmingWhitespace == "x")
        #expect("   ".trimmingWhitespace == "")
        #expect("一日 一歩".trimmingWhitespace == "一日 一歩")
    }
}
