/// How the style roles look: a foreground, a background and attributes for every role.
/// Pure values; `CursesScreen.Palette` brings the colours down to what the terminal has.
public struct Theme: Equatable, Sendable {
    public enum Attribute: String, CaseIterable, Sendable {
        case bold, dim, reverse, underline, italic
    }

    public struct Style: Equatable, Sendable {
        public var foreground: ThemeColour
        public var background: ThemeColour
        public var attributes: Set<Attribute>

        public init(
            foreground: ThemeColour = .terminalDefault, background: ThemeColour = .terminalDefault,
            _ attributes: Set<Attribute> = []
        ) {
            self.foreground = foreground
            self.background = background
            self.attributes = attributes
        }
    }

    public var name: String
    public var styles: [StyleRole: Style]

    public init(name: String, styles: [StyleRole: Style]) {
        self.name = name
        self.styles = styles
    }

    public func style(_ role: StyleRole) -> Style { styles[role] ?? Style() }

    /// Whether any role asks for a colour (the mono theme asks for none).
    public var usesColour: Bool {
        styles.values.contains { $0.foreground != .terminalDefault || $0.background != .terminalDefault }
    }

    /// The look without colour: every role still differs by attributes, so nothing depends on
    /// colour alone. Used for NO_COLOR, terminals without colour, and when no theme file can be read.
    public static let mono = Theme(
        name: "mono",
        styles: [
            .normal: Style(), .header: Style([.reverse]), .title: Style([.bold]), .border: Style(),
            .focusBorder: Style([.bold]), .selection: Style([.reverse]), .muted: Style([.dim]),
            .badge: Style([.bold]), .warning: Style([.bold]), .crisis: Style([.bold, .underline]),
            .footer: Style(), .key: Style([.bold]), .tab: Style(), .activeTab: Style([.reverse, .bold]),
            .match: Style([.bold, .underline]),
        ])
}

/// A colour as a theme names it: the terminal's own, one of the 16 named colours, an index
/// of the 256-colour palette, or #rrggbb.
public enum ThemeColour: Equatable, Sendable {
    case terminalDefault
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)

    public static let names = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan",
        "bright-white",
    ]

    /// "default", a name ("bright-cyan"), an index ("208") or "#rrggbb"; nil when it is none.
    public init?(_ text: String) {
        let text = text.lowercased()
        if text == "default" {
            self = .terminalDefault
        } else if let index = Self.names.firstIndex(of: text) {
            self = .indexed(index)
        } else if let index = Int(text), (0...255).contains(index) {
            self = .indexed(index)
        } else if text.hasPrefix("#"), text.count == 7, let value = UInt32(text.dropFirst(), radix: 16) {
            self = .rgb(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
        } else {
            return nil
        }
    }

    /// The colour number to use on a terminal with `available` colours (8, 16, 256 or more):
    /// -1 for the terminal's default, else the nearest colour it has.
    public func number(available: Int) -> Int {
        switch self {
        case .terminalDefault:
            return -1
        case .indexed(let index) where index < available:
            return index
        case .indexed(let index):
            let (r, g, b) = Self.rgbOfIndex(index)
            return Self.nearest(r, g, b, among: min(available, 16))
        case .rgb(let r, let g, let b):
            return available >= 256
                ? Self.nearest(Int(r), Int(g), Int(b), among: 256)
                : Self.nearest(Int(r), Int(g), Int(b), among: min(available, 16))
        }
    }

    /// The xterm palette: 16 basic colours, a 6×6×6 cube, then 24 greys.
    static func rgbOfIndex(_ index: Int) -> (Int, Int, Int) {
        let basic: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
            (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255),
            (0, 255, 255), (255, 255, 255),
        ]
        if index < 16 { return basic[max(0, index)] }
        if index < 232 {
            let cube = index - 16
            let level = { (v: Int) in v == 0 ? 0 : 55 + v * 40 }
            return (level(cube / 36), level(cube / 6 % 6), level(cube % 6))
        }
        let grey = 8 + (index - 232) * 10
        return (grey, grey, grey)
    }

    static func nearest(_ r: Int, _ g: Int, _ b: Int, among count: Int) -> Int {
        var best = 0
        var bestDistance = Int.max
        for index in 0..<max(1, count) {
            let (r2, g2, b2) = rgbOfIndex(index)
            let distance = (r - r2) * (r - r2) + (g - g2) * (g - g2) + (b - b2) * (b - b2)
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        return best
    }
}
