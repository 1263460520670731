import CNCurses
import Foundation
import RoomViewModel

/// A theme made real on this terminal: each style role's attributes and colour pair, with
/// colours brought down to what the terminal has. Without colours the mono look is used,
/// whose attributes alone keep every role distinct.
struct Palette {
    struct Style {
        var attributes: attr_t
        var pair: Int16
    }

    private var styles: [StyleRole: Style]
    private var pairs: [(Int16, Int16, Int16)]
    /// The theme in use (mono when the terminal has no colour).
    let theme: Theme

    func style(for role: StyleRole) -> Style {
        styles[role] ?? Style(attributes: peerroom_a_normal(), pair: 0)
    }

    func install() {
        for (pair, foreground, background) in pairs {
            init_pair(pair, foreground, background)
        }
    }

    /// Whether this terminal can show colours (COLORS is known only after start_color).
    static func startColour() -> Bool {
        guard has_colors() else { return false }
        start_color()
        use_default_colors()
        return peerroom_colors() >= 8
    }

    static func make(_ requested: Theme) -> Palette {
        let theme = requested.usesColour && startColour() ? requested : .mono
        var styles: [StyleRole: Style] = [:]
        var pairs: [(Int16, Int16, Int16)] = []
        let available = Int(peerroom_colors())
        for role in StyleRole.allCases {
            let style = theme.style(role)
            var result = Style(attributes: attributes(style.attributes), pair: 0)
            if theme.usesColour {
                let colours = (
                    Int16(style.foreground.number(available: available)),
                    Int16(style.background.number(available: available))
                )
                if colours != (-1, -1) {
                    if let existing = pairs.first(where: { ($0.1, $0.2) == colours }) {
                        result.pair = existing.0
                    } else if pairs.count + 1 < Int(peerroom_color_pairs()) {
                        let pair = Int16(pairs.count + 1)
                        pairs.append((pair, colours.0, colours.1))
                        result.pair = pair
                    }
                }
            }
            styles[role] = result
        }
        return Palette(styles: styles, pairs: pairs, theme: theme)
    }

    static func attributes(_ set: Set<Theme.Attribute>) -> attr_t {
        var value = peerroom_a_normal()
        for attribute in set {
            switch attribute {
            case .bold: value |= peerroom_a_bold()
            case .dim: value |= peerroom_a_dim()
            case .reverse: value |= peerroom_a_reverse()
            case .underline: value |= peerroom_a_underline()
            case .italic: value |= peerroom_a_italic()
            }
        }
        return value
    }
}
