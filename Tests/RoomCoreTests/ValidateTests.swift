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

    // MARK: Bytes and scalars

    @Test func aBodyOfAllowedCharactersIsStillRefusedPastItsBytes() throws {
        #expect(Limits.bodyMaxBytes == 100_000)
        #expect(Limits.titleMaxBytes == 1_024)
        // 20,000 characters, each a letter under 50 accents: 20 MB that counted as 20,000.
        let heavy = String(repeating: "e" + String(repeating: "\u{301}", count: 50), count: 20_000)
        let error = #expect(throws: ValidationError.self) { try Validate.body(heavy) }
        #expect(error?.field == "body")
        #expect(error?.problem.contains("bytes") == true)
        #expect(error?.problem.contains("100000") == true)
        // 20,000 four-byte characters (80 KB) are fine: the bytes leave room for any script.
        let emoji = String(repeating: "🌱", count: 20_000)
        #expect(try Validate.body(emoji) == emoji)
    }

    @Test func oneCharacterMayHoldAtMost32Scalars() throws {
        let ok = "a" + String(repeating: "\u{301}", count: 31)
        #expect(try Validate.title(ok) == ok)
        let zalgo = "a" + String(repeating: "\u{301}", count: 32)
        let error = #expect(throws: ValidationError.self) { try Validate.title("Hello " + zalgo) }
        #expect(error?.field == "title")
        #expect(error?.problem.contains("33 code points") == true)
        #expect(error?.problem.contains("32") == true)
        // The family emoji with skin tones (10 scalars) is one ordinary character.
        let family = "👩🏽‍👩🏽‍👧🏽‍👦🏽"
        #expect(try Validate.reply(family) == family)
    }

    @Test func everyFieldIsBoundedInBytes() {
        let big = String(repeating: "a" + String(repeating: "\u{301}", count: 20), count: 60)  // 60 characters, 2.5 KB
        let checks: [(String, () throws(ValidationError) -> Void)] = [
            ("title", { () throws(ValidationError) in _ = try Validate.title(big) }),
            ("content warning", { () throws(ValidationError) in _ = try Validate.contentWarning(big) }),
            ("reason", { () throws(ValidationError) in _ = try Validate.reportReason(big) }),
            ("note", { () throws(ValidationError) in _ = try Validate.moderationNote(big) }),
            ("meeting title", { () throws(ValidationError) in _ = try Validate.meetingTitle(big) }),
            ("note", { () throws(ValidationError) in _ = try Validate.mentorNote(big) }),
            ("name", { () throws(ValidationError) in _ = try Validate.groupText(big, field: "name", max: 40) }),
            ("time zone", { () throws(ValidationError) in _ = try Validate.timeZone(big) }),
        ]
        for (field, check) in checks {
            let error = #expect(throws: ValidationError.self) { try check() }
            #expect(error?.field == field)
            #expect(error?.problem.contains("bytes") == true, "\(field): \(String(describing: error))")
        }
        let draft = #expect(throws: ValidationError.self) {
            try Validate.draftField(String(repeating: "€", count: 40_000), field: "text", maxCharacters: 20_000)
        }
        #expect(draft?.field == "draft text")
    }
}
