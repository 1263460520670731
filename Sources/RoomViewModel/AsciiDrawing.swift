/// The room drawn in ASCII only (`--ascii`): screen readers read "black right-pointing small
/// triangle" for ▸ and many fonts lack box drawing, so each of the room's own decorative
/// symbols has a plain stand-in of the same width. Borders take `BorderStyle.ascii`.
///
/// The stand-ins apply to all text on the canvas, people's words included: a person who asks
/// for ASCII wants every line in it. Control characters already shown as symbols by `SafeText`
/// (␛ and the like) stay, since they tell what a text really holds.
enum AsciiDrawing {
    static let standIns: [Character: String] = [
        "▸": ">", "›": ">", "→": ">", "⚠": "!", "●": "*", "•": "*", "·": "-", "…": "~", "—": "-", "–": "-",
        "“": "\"", "”": "\"", "‘": "'", "’": "'", "×": "x", "│": "|", "─": "-", "🎉": "**",
    ]

    /// `text` with every decorative symbol replaced by its stand-in.
    static func plain(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            if let standIn = standIns[character] { result += standIn } else { result.append(character) }
        }
        return result
    }
}
