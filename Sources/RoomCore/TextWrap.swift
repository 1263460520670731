/// Word wrapping by display width. Lines break at spaces; a word wider than the line is
/// broken between graphemes, never inside one. Blank lines (paragraph breaks) are kept.
public enum TextWrap {
    public static func lines(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            wrapLine(paragraph, width: width, into: &result)
        }
        return result
    }

    private static func wrapLine(_ line: Substring, width: Int, into result: inout [String]) {
        var characters: [Character] = []
        var widths: [Int] = []
        var used = 0
        var lastSpace: Int?
        var wrapped = false

        func emit(_ chars: ArraySlice<Character>) {
            wrapped = true
            var text = String(chars)
            while text.last == " " { text.removeLast() }
            result.append(text)
        }

        for character in line {
            let w = DisplayWidth.of(character)
            if used + w > width && !characters.isEmpty {
                if character == " " {
                    emit(characters[...])
                    characters = []
                    widths = []
                    used = 0
                    lastSpace = nil
                    continue
                }
                if let space = lastSpace, space > 0 {
                    emit(characters[..<space])
                    characters = Array(characters[(space + 1)...])
                    widths = Array(widths[(space + 1)...])
                    used = widths.reduce(0, +)
                    if used + w > width && !characters.isEmpty {
                        // Even after the break the word and a wide grapheme do not fit together.
                        emit(characters[...])
                        characters = []
                        widths = []
                        used = 0
                    }
                } else {
                    emit(characters[...])
                    characters = []
                    widths = []
                    used = 0
                }
                lastSpace = nil
            }
            if character == " " && characters.isEmpty && wrapped {
                // A space that starts a wrapped line is the one the line broke at.
                continue
            }
            characters.append(character)
            widths.append(w)
            used += w
            if character == " " { lastSpace = characters.count - 1 }
        }
        emit(characters[...])
    }
}
