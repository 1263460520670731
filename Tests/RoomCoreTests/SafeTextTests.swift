import RoomCore
import Testing

private func scalars(_ text: String) -> [UInt32] {
    text.unicodeScalars.map(\.value)
}

private let bidiControls: [UInt32] = Array(0x202A...0x202E) + Array(0x2066...0x2069)

/// Whether a scalar could act on a terminal (or reorder the text around it) if printed as is.
private func isDangerous(_ value: UInt32, lines: SafeText.Lines) -> Bool {
    if value == 0x0A && lines == .multi { return false }
    return value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) || bidiControls.contains(value)
        || value == 0x2028 || value == 0x2029
}

/// A string holding every C0 and C1 control, DEL, every bidi override and isolate, the
/// Unicode line separators and a few real escape sequences, between ordinary text.
private let hostile: String = {
    var text = "title "
    for value in UInt32(0)...0x9F {
        text.unicodeScalars.append(Unicode.Scalar(value)!)
        text += "x"
    }
    for value in bidiControls + [0x2028, 0x2029] {
        text.unicodeScalars.append(Unicode.Scalar(value)!)
        text += "y"
    }
    text += "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}[31mred\u{9B}1m\u{1B}]8;;http://evil\u{1B}\\link\r\n\t一日👩‍💻"
    return text
}()

@Suite("SafeText")
struct SafeTextTests {
    @Test func escapeBecomesAVisibleSymbolSoATitleSequenceCannotRun() {
        let osc = SafeText.neutralise("\u{1B}]0;pwned\u{07}")
        #expect(osc == "\u{241B}]0;pwned\u{2407}")
        #expect(!osc.unicodeScalars.contains("\u{1B}"))
        #expect(!osc.unicodeScalars.contains("\u{07}"))

        let csi = SafeText.neutralise("\u{1B}[2J")
        #expect(csi == "\u{241B}[2J")
        #expect(!csi.unicodeScalars.contains("\u{1B}"))
    }

    @Test func escapeIsNeutralisedInMultiLineTextToo() {
        let body = SafeText.neutralise("line one\n\u{1B}[2Jline two", lines: .multi)
        #expect(body == "line one\n\u{241B}[2Jline two")
    }

    @Test func c1ControlsBecomeReplacementCharacter() {
        #expect(SafeText.neutralise("\u{9B}31mred") == "\u{FFFD}31mred")
        #expect(SafeText.neutralise("a\u{80}b\u{85}c\u{9F}d") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d")
    }

    @Test(arguments: bidiControls)
    func bidiOverridesAndIsolatesBecomeReplacementCharacter(value: UInt32) {
        let control = Unicode.Scalar(value)!
        var text = "invoice"
        text.unicodeScalars.append(control)
        text += "fdp.exe"
        #expect(SafeText.neutralise(text) == "invoice\u{FFFD}fdp.exe")
        #expect(SafeText.neutralise(text, lines: .multi) == "invoice\u{FFFD}fdp.exe")
        #expect(!SafeText.isSafe(control))
    }

    @Test func deleteBecomesItsControlPicture() {
        #expect(SafeText.neutralise("a\u{7F}b") == "a\u{2421}b")
        #expect(SafeText.neutralise("a\u{7F}b", lines: .multi) == "a\u{2421}b")
    }

    /// The doc of `SafeText.Lines.single` promises `␤` (U+2424) for a line break, as U+2028 gets.
    @Test func singleLineModeShowsANewlineAsTheNewlineSymbol() {
        #expect(SafeText.neutralise("one\ntwo") == "one\u{2424}two")
        #expect(SafeText.neutralise("one\ntwo", lines: .single) == "one\u{2424}two")
    }

    @Test func singleLineModeShowsLineBreaksAndTabsAsVisibleSymbols() {
        let returned = SafeText.neutralise("one\rtwo")
        #expect(returned.hasPrefix("one") && returned.hasSuffix("two") && returned.count == 7)
        #expect(!returned.unicodeScalars.contains { $0.value < 0x20 })
        #expect(SafeText.neutralise("a\tb") == "a\u{2409}b")
        #expect(SafeText.neutralise("one\u{2028}two") == "one\u{2424}two")
        #expect(!SafeText.neutralise("a\r\nb\nc").unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func multiLineModeKeepsNewlinesAndNormalisesReturns() {
        #expect(SafeText.neutralise("one\ntwo", lines: .multi) == "one\ntwo")
        #expect(scalars(SafeText.neutralise("one\r\ntwo", lines: .multi)) == scalars("one\ntwo"))
        #expect(SafeText.neutralise("one\rtwo", lines: .multi) == "one\ntwo")
        #expect(scalars(SafeText.neutralise("a\r\n\r\nb", lines: .multi)) == scalars("a\n\nb"))
        #expect(SafeText.neutralise("a\r\rb", lines: .multi) == "a\n\nb")
        #expect(SafeText.neutralise("one\u{2028}two\u{2029}three", lines: .multi) == "one\ntwo\nthree")
    }

    @Test func multiLineModeTurnsTabsIntoFourSpaces() {
        #expect(SafeText.neutralise("\tindented\tand", lines: .multi) == "    indented    and")
    }

    @Test(arguments: [
        "Held a lemonade at the work party all night 💪", "一日一歩", "Zoe\u{0308}", "e\u{301}", "👩‍💻 ❤️ 🇯🇵 👍🏽",
        "plain ASCII: !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "café — “quotes” … ✓", "",
    ])
    func safeTextIsUnchanged(text: String) {
        #expect(scalars(SafeText.neutralise(text)) == scalars(text))
        #expect(scalars(SafeText.neutralise(text, lines: .multi)) == scalars(text))
    }

    @Test func multiLineSafeTextKeepsItsNewlines() {
        let body = "Day one.\n\nDay two: 一日一歩 ❤️\nstill here"
        #expect(scalars(SafeText.neutralise(body, lines: .multi)) == scalars(body))
    }

    @Test(arguments: [SafeText.Lines.single, .multi])
    func noDangerousScalarSurvivesAHostileString(lines: SafeText.Lines) {
        let output = SafeText.neutralise(hostile, lines: lines)
        let survivors = output.unicodeScalars.filter { isDangerous($0.value, lines: lines) }
        #expect(survivors.isEmpty, "survivors: \(survivors.map { String($0.value, radix: 16) })")
        // The ordinary text around the controls is all still there.
        #expect(output.hasPrefix("title "))
        // One "x" after each of the 160 scalars 0...0x9F, plus the scalar "x" (0x78) itself.
        #expect(output.filter { $0 == "x" }.count == 161)
        #expect(output.contains("red"))
        #expect(output.hasSuffix("一日👩‍💻"))
    }

    @Test func everyControlHasOneVisibleStandIn() {
        for value in UInt32(0)...0x1F where value != 0x0A && value != 0x0D && value != 0x09 {
            let control = String(Unicode.Scalar(value)!)
            let single = SafeText.neutralise(control)
            #expect(scalars(single) == [0x2400 + value])
            #expect(scalars(SafeText.neutralise(control, lines: .multi)) == [0x2400 + value])
        }
        for value in UInt32(0x80)...0x9F {
            #expect(scalars(SafeText.neutralise(String(Unicode.Scalar(value)!))) == [0xFFFD])
        }
    }

    @Test func isSafeAgreesWithNeutralise() {
        for value in UInt32(0)...0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let unchanged = scalars(SafeText.neutralise(String(scalar))) == [value]
            #expect(SafeText.isSafe(scalar) == unchanged, "U+\(String(value, radix: 16))")
        }
    }

    @Test func privateUseCharactersBecomeTheReplacementCharacter() {
        for value: UInt32 in [0xE000, 0xE001, 0xE123, 0xF8FF, 0xF0000, 0x10FFFD] {
            let scalar = Unicode.Scalar(value)!
            #expect(!SafeText.isSafe(scalar), "U+\(String(value, radix: 16))")
            #expect(scalars(SafeText.neutralise("a\(scalar)b")) == [0x61, 0xFFFD, 0x62])
        }
        // Just outside the ranges: ordinary characters.
        #expect(SafeText.isSafe(Unicode.Scalar(0xD7FF)!))
        #expect(SafeText.isSafe(Unicode.Scalar(0xF900)!))
    }
}
