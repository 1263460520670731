/// Where to turn in a crisis: what to do right now and crisis lines by region. Data from
/// `seeds/crisis-resources.toml` (or the person's own copy); each line names its source.
public struct CrisisResources: Sendable, Equatable {
    public var notice: String
    public var rightNow: [String]
    public var regions: [CrisisRegion]

    public init(notice: String, rightNow: [String], regions: [CrisisRegion]) {
        self.notice = notice
        self.rightNow = rightNow
        self.regions = regions
    }

    /// What is shown when no file can be read: no numbers (none can be wrong), only what to
    /// do now.
    public static let fallback = CrisisResources(
        notice: "peerroom is peer support, not a crisis service. Nobody here is watching in real time.",
        rightNow: [
            "If you might act on thoughts of harming yourself or someone else, call your local emergency number now.",
            "If you can, stay with someone you trust, or call them.",
        ],
        regions: [])

    /// Regions with `preferred` (an ISO country code) first and the international one last;
    /// when `preferred` has no entry, the international directory first.
    public func ordered(preferring preferred: String?) -> [CrisisRegion] {
        let code = preferred?.uppercased()
        let own = regions.filter { $0.code == code && $0.code != "INT" }
        let international = regions.filter { $0.code == "INT" }
        let rest = regions.filter { $0.code != code && $0.code != "INT" }
        return own.isEmpty ? international + rest : own + rest + international
    }
}

public struct CrisisRegion: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var emergency: String?
    public var emergencySource: String?
    public var lines: [CrisisLine]

    enum CodingKeys: String, CodingKey {
        case code, name, emergency
        case emergencySource = "emergency_source"
        case lines = "line"
    }

    public init(code: String, name: String, emergency: String?, emergencySource: String?, lines: [CrisisLine]) {
        self.code = code
        self.name = name
        self.emergency = emergency
        self.emergencySource = emergencySource
        self.lines = lines
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        name = try c.decode(String.self, forKey: .name)
        emergency = try c.decodeIfPresent(String.self, forKey: .emergency)
        emergencySource = try c.decodeIfPresent(String.self, forKey: .emergencySource)
        lines = try c.decodeIfPresent([CrisisLine].self, forKey: .lines) ?? []
    }
}

public struct CrisisLine: Sendable, Equatable, Codable {
    public var name: String
    public var contact: String
    public var hours: String
    public var purpose: String
    public var source: String
    public var checked: String

    enum CodingKeys: String, CodingKey {
        case name, contact, hours, source, checked
        case purpose = "for"
    }

    public init(name: String, contact: String, hours: String, purpose: String, source: String, checked: String) {
        self.name = name
        self.contact = contact
        self.hours = hours
        self.purpose = purpose
        self.source = source
        self.checked = checked
    }
}
