/// The sizes the room accepts. Every writer (room, command line, seeds) checks against these.
public enum Limits {
    public static let titleMaxCharacters = 120
    public static let bodyMaxCharacters = 20_000
    public static let contentWarningMaxCharacters = 80
    public static let replyMaxCharacters = 5_000
    public static let encouragementMaxCharacters = 1_000
    public static let handleCharacters = 2...24
    public static let groupNameMaxCharacters = 40
    public static let groupTopicMaxCharacters = 80
    public static let slugMaxCharacters = 40
    /// Why someone reports something, and a facilitator's note on hiding or restoring it.
    public static let reportReasonMaxCharacters = 200
    public static let moderationNoteMaxCharacters = 200

    /// Characters are grapheme clusters, and one of them can hold any number of scalars (a
    /// letter under ten thousand accents): every field is bounded in bytes too. A field of
    /// `characters` takes at most 5 bytes of UTF-8 a character, and at least 1 KB is allowed
    /// (a body: 100,000 bytes; a title: 1,024).
    public static func maxBytes(characters: Int) -> Int { Swift.max(1_024, characters * 5) }
    public static let bodyMaxBytes = maxBytes(characters: bodyMaxCharacters)
    public static let titleMaxBytes = maxBytes(characters: titleMaxCharacters)
    /// The most scalars one character may hold: a family emoji with skin tones takes 10, a
    /// letter with a few accents 4.
    public static let graphemeMaxScalars = 32
}

/// Why a piece of text was refused. The message names the field and the rule.
public struct ValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    /// A sentence a person can read: "The title is empty."
    public var description: String { "The \(field) \(problem)." }
}

/// Checks for what people write. Each returns the text to store (trimmed) or throws.
public enum Validate {
    /// A title: one line, not blank, at most `Limits.titleMaxCharacters` characters.
    public static func title(_ text: String) throws(ValidationError) -> String {
        try oneLine(text, field: "title", max: Limits.titleMaxCharacters)
    }

    /// A story body: not blank, at most `Limits.bodyMaxCharacters` characters.
    public static func body(_ text: String) throws(ValidationError) -> String {
        try multiline(text, field: "body", max: Limits.bodyMaxCharacters)
    }

    /// A reply: not blank, at most `Limits.replyMaxCharacters` characters.
    public static func reply(_ text: String) throws(ValidationError) -> String {
        try multiline(text, field: "reply", max: Limits.replyMaxCharacters)
    }

    /// An encouragement message: not blank, at most `Limits.encouragementMaxCharacters`.
    public static func encouragement(_ text: String) throws(ValidationError) -> String {
        try multiline(text, field: "message", max: Limits.encouragementMaxCharacters)
    }

    /// An optional content warning: nil when blank, else one line of limited length.
    public static func contentWarning(_ text: String?) throws(ValidationError) -> String? {
        guard let trimmed = text?.trimmingWhitespace, !trimmed.isEmpty else { return nil }
        if trimmed.contains(where: \.isNewline) {
            throw ValidationError(field: "content warning", problem: "must be one line")
        }
        try atMost(trimmed, Limits.contentWarningMaxCharacters, field: "content warning")
        return trimmed
    }

    /// A content warning a facilitator adds to a story: as `contentWarning`, and not blank.
    public static func addedContentWarning(_ text: String) throws(ValidationError) -> String {
        guard let warning = try contentWarning(text) else {
            throw ValidationError(field: "content warning", problem: "is empty")
        }
        return warning
    }

    /// Why a member reports something: one line, not blank.
    public static func reportReason(_ text: String) throws(ValidationError) -> String {
        try oneLine(text, field: "reason", max: Limits.reportReasonMaxCharacters)
    }

    /// A facilitator's note on hiding or restoring something: one line, not blank.
    public static func moderationNote(_ text: String) throws(ValidationError) -> String {
        try oneLine(text, field: "note", max: Limits.moderationNoteMaxCharacters)
    }

    /// A pseudonym: 2–24 of ASCII letters, digits, `-`, `_` and `.`. Nothing invisible
    /// or look-alike can pass, because nothing outside that set can.
    public static func handle(_ text: String) throws(ValidationError) -> String {
        let count = text.unicodeScalars.count
        guard Limits.handleCharacters.contains(count) else {
            throw ValidationError(
                field: "handle",
                problem:
                    "must be \(Limits.handleCharacters.lowerBound)–\(Limits.handleCharacters.upperBound) characters, got \(count)"
            )
        }
        guard text.unicodeScalars.allSatisfy(isHandleCharacter) else {
            throw ValidationError(
                field: "handle", problem: "may use only letters a–z, A–Z, digits, '-', '_' and '.'")
        }
        return text
    }

    /// A group slug: lowercase ASCII letters, digits and `-`.
    public static func slug(_ text: String) throws(ValidationError) -> String {
        guard !text.isEmpty, text.count <= Limits.slugMaxCharacters,
            text.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        else {
            throw ValidationError(
                field: "slug",
                problem: "must be 1–\(Limits.slugMaxCharacters) of lowercase letters, digits and '-'")
        }
        return text
    }

    public static func isHandleCharacter(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
            || s == "-" || s == "_" || s == "."
    }

    static func oneLine(_ text: String, field: String, max: Int) throws(ValidationError) -> String {
        let trimmed = text.trimmingWhitespace
        try nonEmpty(trimmed, field: field)
        if trimmed.contains(where: \.isNewline) {
            throw ValidationError(field: field, problem: "must be one line")
        }
        try atMost(trimmed, max, field: field)
        return trimmed
    }

    static func multiline(_ text: String, field: String, max: Int) throws(ValidationError) -> String {
        let trimmed = text.trimmingWhitespace
        try nonEmpty(trimmed, field: field)
        try atMost(trimmed, max, field: field)
        return trimmed
    }

    static func nonEmpty(_ text: String, field: String) throws(ValidationError) {
        if text.isEmpty { throw ValidationError(field: field, problem: "is empty") }
    }

    /// At most `max` characters, `Limits.maxBytes(characters: max)` bytes of UTF-8, and
    /// `Limits.graphemeMaxScalars` scalars in any one character. Bytes are checked first:
    /// counting the characters of 20 MB costs more than refusing it.
    static func atMost(_ text: String, _ max: Int, field: String) throws(ValidationError) {
        let bytes = text.utf8.count
        let maxBytes = Limits.maxBytes(characters: max)
        if bytes > maxBytes {
            throw ValidationError(
                field: field, problem: "is \(bytes) bytes of UTF-8; the limit is \(maxBytes) bytes (\(max) characters)")
        }
        if let heavy = text.first(where: { $0.unicodeScalars.count > Limits.graphemeMaxScalars }) {
            throw ValidationError(
                field: field,
                problem:
                    "has a character made of \(heavy.unicodeScalars.count) code points; the limit is \(Limits.graphemeMaxScalars)"
            )
        }
        let count = text.count
        if count > max {
            throw ValidationError(field: field, problem: "is \(count) characters; the limit is \(max)")
        }
    }

    /// A group's name or topic (seeds): one line, within `max`.
    public static func groupText(_ text: String, field: String, max: Int) throws(ValidationError) -> String {
        try oneLine(text, field: field, max: max)
    }

    /// A draft's field: bounded in bytes only (the editor keeps it within its characters), so
    /// a draft never grows past what could be posted.
    public static func draftField(_ text: String, field: String, maxCharacters: Int) throws(ValidationError) {
        let bytes = text.utf8.count
        let maxBytes = Limits.maxBytes(characters: maxCharacters)
        if bytes > maxBytes {
            throw ValidationError(
                field: "draft \(field)", problem: "is \(bytes) bytes of UTF-8; the limit is \(maxBytes) bytes")
        }
    }
}

extension String {
    /// The string with its first letter in upper case, to start a sentence.
    public var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }

    /// The string without leading and trailing spaces, tabs and newlines.
    public var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
