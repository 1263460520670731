import RoomCore

/// A small, fast, seedable random number generator (SplitMix64), so the same command line
/// builds the same room on every machine.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Text that looks like what people write in a recovery room: mostly plain English, with
/// emoji (some with ZWJ, skin tones and variation selectors), CJK and Korean phrases,
/// accents written with combining marks, and the odd right-to-left word — the mix the
/// width and wrapping code has to get right.
enum SyntheticText {
    static let words: [String] = """
        today yesterday morning evening night week month year day meeting group sponsor step steps call friend \
        family sister brother mother father partner kids work job walk coffee tea kitchen garden rain sun \
        cravings craving urge urges trigger triggers calm breathe breathing honest honesty hope hopeful tired \
        grateful gratitude proud small win wins slow slowly again still kept keep going went came back home \
        sober clean clear quiet loud hard easy better worse okay alright really almost nearly finally first \
        time times thirty ninety days hours minutes the a an and but so because when after before while \
        I I I I I I my me we our you your they them it is was were am are have had felt feel feeling \
        think thought said told asked wanted needed tried made make did do didn't don't can't couldn't \
        wouldn't shouldn't not never always sometimes often people room story stories share sharing \
        listen listened remember remembered forgot learned learning new old plan plans list notes journal \
        wrote write writing read reading book phone message text shift bus station shop money bills sleep \
        slept dreams dinner lunch breakfast cooked cooking run ran gym bike swim park dog cat appointment \
        doctor counsellor therapist honest relapse slip setback milestone reflection triumph chip coin \
        anniversary birthday weekend holiday christmas wedding funeral party bar pub casino bet betting \
        scratchcards app deleted blocked bank card limit debt repay repaid apology amends forgive forgiven \
        to of in on at for with from about into over under through around without within
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// Words and phrases outside ASCII, one in every dozen words or so.
    static let unicode: [String] = [
        "🌱", "💪", "🙏", "❤️", "☕", "🌧️", "🌈", "✨", "🫶🏽", "👩‍💻", "👨‍👩‍👧", "🏳️‍🌈", "👍🏾", "🧘‍♀️", "🚶",
        "一日一歩", "今日も頑張った", "ありがとう", "谢谢大家", "加油", "慢慢来", "회복", "오늘도 괜찮아",
        "cafe\u{301}", "nai\u{308}ve", "re\u{301}sume\u{301}", "Zoe\u{308}", "São", "Ångström", "déjà vu",
        "a\u{30A}\u{323}", "n\u{303}", "שלום", "شكرا", "Привет", "ευχαριστώ", "½", "—", "…", "“quoted”", "•",
    ]

    static let warnings = [
        "relapse", "drug use", "alcohol", "self-harm mention", "grief", "gambling losses", "family conflict",
        "hospital", "withdrawal", "loss of a friend",
    ]

    /// Opening words for titles, so lists read like a real feed.
    static let titleStarts = [
        "Day", "Ninety days", "One year", "Thirty days", "Slipped on", "Made it through", "Small win:", "A hard week",
        "Thank you", "Question about", "Back again", "Proud of", "Reflection on", "Six months", "Still here",
        "First meeting", "Called my sponsor", "Deleted the app", "Told my family", "Weekend without",
    ]

    /// The word lists as UTF-8, plain and capitalised: text is built as bytes, since
    /// appending to a `String` word by word cost more than the database writes.
    static let wordBytes = words.map { Array($0.utf8) }
    static let capitalisedWordBytes = words.map { word in
        Array((word.prefix(1).uppercased() + word.dropFirst()).utf8)
    }
    static let unicodeBytes = unicode.map { Array($0.utf8) }

    /// `count` words, with a non-ASCII word now and then and sentence punctuation.
    static func sentence(_ rng: inout SplitMix, words count: Int, into text: inout [UInt8]) {
        for index in 0..<count {
            if index > 0 { text.append(0x20) }
            if rng.chance(8) {
                text += unicodeBytes[rng.below(unicodeBytes.count)]
            } else {
                let word = rng.below(wordBytes.count)
                text += index == 0 ? capitalisedWordBytes[word] : wordBytes[word]
            }
        }
        text.append(rng.chance(15) ? UInt8(ascii: "!") : rng.chance(10) ? UInt8(ascii: "?") : UInt8(ascii: "."))
    }

    /// Paragraphs of about `characters` bytes in all.
    static func body(_ rng: inout SplitMix, characters: Int) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(characters + 256)
        var sinceBreak = 0
        while text.count < characters {
            if !text.isEmpty {
                if sinceBreak > 3 && rng.chance(30) {
                    text += [0x0A, 0x0A]
                    sinceBreak = 0
                } else {
                    text.append(0x20)
                }
            }
            sentence(&rng, words: 4 + rng.below(16), into: &text)
            sinceBreak += 1
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A one-line title of 3–14 words, within the title limit.
    static func title(_ rng: inout SplitMix, index: Int) -> String {
        var text = Array(rng.pick(titleStarts).utf8)
        if text == Array("Day".utf8) { text += Array(" \(1 + rng.below(2000))".utf8) }
        text.append(0x20)
        sentence(&rng, words: 2 + rng.below(12), into: &text)
        var title = String(decoding: text, as: UTF8.self)
        if text.count > Limits.titleMaxCharacters && title.count > Limits.titleMaxCharacters {
            title = String(title.prefix(Limits.titleMaxCharacters - 1))
        }
        return title
    }

    /// A story length: mostly a few paragraphs, some one-liners, a few long ones.
    static func storyLength(_ rng: inout SplitMix) -> Int {
        switch rng.below(100) {
        case 0..<35: 80 + rng.below(320)
        case 35..<85: 400 + rng.below(1_100)
        case 85..<97: 1_500 + rng.below(2_500)
        default: 4_000 + rng.below(8_000)
        }
    }
}
