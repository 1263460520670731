import CNCurses
import Foundation
import RoomViewModel

/// Whether to use colour.
public enum ColourChoice: Sendable {
    /// Colour when the terminal has it and NO_COLOR is not set.
    case auto
    /// Attributes only: bold, reverse, underline.
    case mono
}

/// How each style role looks: an attribute set and a colour pair. The same roles always
/// carry an attribute too, so the room reads the same without colour.
struct Palette {
    struct Style {
        var attributes: attr_t
        var pair: Int16
    }

    private var styles: [StyleRole: Style]
    private var pairs: [(Int16, Int16, Int16)]

    func style(for role: StyleRole) -> Style {
        styles[role] ?? Style(attributes: peerroom_a_normal(), pair: 0)
    }

    func install() {
        for (pair, foreground, background) in pairs {
            init_pair(pair, foreground, background)
        }
    }

    static func make(_ choice: ColourChoice) -> Palette {
        let bold = peerroom_a_bold()
        let reverse = peerroom_a_reverse()
        let underline = peerroom_a_underline()
        let dim = peerroom_a_dim()
        let none = peerroom_a_normal()
        let attributes: [StyleRole: attr_t] = [
            .normal: none, .header: reverse, .title: bold, .border: none, .focusBorder: bold,
            .selection: reverse, .muted: dim, .badge: bold, .warning: bold, .crisis: bold | underline,
            .footer: none, .key: bold, .tab: none, .activeTab: reverse | bold,
            .match: bold | underline,
        ]
        let noColour = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        guard choice == .auto, !noColour, has_colors() else {
            return Palette(styles: attributes.mapValues { Style(attributes: $0, pair: 0) }, pairs: [])
        }
        start_color()
        use_default_colors()
        let colours: [StyleRole: Int16] = [
            .header: Int16(COLOR_CYAN), .title: Int16(COLOR_CYAN), .focusBorder: Int16(COLOR_CYAN),
            .badge: Int16(COLOR_MAGENTA), .warning: Int16(COLOR_YELLOW), .crisis: Int16(COLOR_RED),
            .key: Int16(COLOR_GREEN), .activeTab: Int16(COLOR_CYAN), .match: Int16(COLOR_YELLOW),
        ]
        var styles: [StyleRole: Style] = [:]
        var pairs: [(Int16, Int16, Int16)] = []
        for role in StyleRole.allCases {
            var style = Style(attributes: attributes[role] ?? none, pair: 0)
            if let colour = colours[role] {
                let pair = Int16(pairs.count + 1)
                pairs.append((pair, colour, -1))
                style.pair = pair
            }
            styles[role] = style
        }
        return Palette(styles: styles, pairs: pairs)
    }
}
