import Foundation
import RoomCore

/// The demo room (or any room) as data: the contents of a seed folder, parsed and validated.
/// Times are relative (`hoursAgo`) so a freshly seeded room feels alive.
public struct SeedBundle: Sendable, Equatable {
    public var members: [SeedMember]
    public var groups: [SeedGroup]
    /// Where the members and each group came from, to name them in errors.
    public var membersFile: String
    public var groupFiles: [String]

    public init(members: [SeedMember], groups: [SeedGroup], membersFile: String? = nil, groupFiles: [String]? = nil) {
        self.members = members
        self.groups = groups
        self.membersFile = membersFile ?? "members"
        self.groupFiles = groupFiles ?? groups.map { "group \($0.slug)" }
    }
}

public struct SeedMember: Sendable, Equatable, Codable {
    public var handle: String
    public var recoveryStart: String?
}

public struct SeedMembership: Sendable, Equatable, Codable {
    public var handle: String
    public var role: String
    public var sharesRecoveryStart: Bool?
    /// A peer mentor's (or facilitator's) offer to mentor in this group, available from the start.
    public var mentoring: SeedMentoring?
}

/// `"mentoring": { "note": "…", "capacity": 3 }`: how many mentees, and a word to those who ask.
public struct SeedMentoring: Sendable, Equatable, Codable {
    public var note: String
    public var capacity: Int
}

public struct SeedReply: Sendable, Equatable, Codable {
    public var author: String
    public var body: String
    public var hoursAgo: Double
}

public struct SeedReaction: Sendable, Equatable, Codable {
    public var member: String
    public var kind: String
}

public struct SeedStory: Sendable, Equatable, Codable {
    public var author: String
    public var kind: String
    public var title: String
    public var contentWarning: String?
    public var body: String
    public var hoursAgo: Double
    public var replies: [SeedReply]?
    public var reactions: [SeedReaction]?
}

public struct SeedEncouragement: Sendable, Equatable, Codable {
    public var author: String
    public var to: String?
    public var body: String
    public var hoursAgo: Double
}

/// A meeting: weekly (`weekday`) or once (`daysFromNow`), at `time` in `timeZone`.
public struct SeedMeeting: Sendable, Equatable, Codable {
    public var title: String
    public var weekday: String?
    public var daysFromNow: Int?
    public var time: String
    public var timeZone: String
    public var durationMinutes: Int
    public var `where`: String
    /// One of the group's facilitators.
    public var facilitator: String
}

public struct SeedGroup: Sendable, Equatable, Codable {
    public var slug: String
    public var name: String
    public var topic: String
    public var open: Bool?
    public var members: [SeedMembership]
    public var stories: [SeedStory]
    public var encouragement: [SeedEncouragement]
    public var meetings: [SeedMeeting]?
}

/// A problem in a seed file: which file, where, and what is wrong.
public struct SeedError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The folder or a required file is missing (sysexits 66).
        case missing
        /// A file is there but its content is wrong (sysexits 65).
        case invalid
    }

    public var kind: Kind
    public var file: String
    public var location: String?
    public var message: String

    public init(_ kind: Kind = .invalid, file: String, location: String? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.location = location
        self.message = message
    }

    public var description: String {
        [file, location, message].compactMap { $0 }.joined(separator: ": ")
    }
}

/// Reads and checks a seed folder: `members.json` and `groups/*.json`. Nothing is written
/// anywhere; a bundle comes back only when every file is valid.
public enum SeedLoader {
    public static func load(directory: URL) throws(SeedError) -> SeedBundle {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SeedError(.missing, file: directory.path, message: "no such seed folder")
        }
        let membersURL = directory.appendingPathComponent("members.json")
        let groupsURL = directory.appendingPathComponent("groups")
        let membersFile: MembersFile = try decode(membersURL, allowedKeys: Keys.membersFile)
        let groupFiles: [URL]
        do {
            groupFiles = try fm.contentsOfDirectory(at: groupsURL, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw SeedError(.missing, file: groupsURL.path, message: "no groups folder")
        }
        if groupFiles.isEmpty {
            throw SeedError(.missing, file: groupsURL.path, message: "holds no .json group file")
        }
        var groups: [(URL, SeedGroup)] = []
        for url in groupFiles {
            groups.append((url, try decode(url, allowedKeys: Keys.group)))
        }
        let bundle = SeedBundle(
            members: membersFile.members, groups: groups.map(\.1), membersFile: membersURL.path,
            groupFiles: groups.map(\.0.path))
        try SeedValidator(membersFile: bundle.membersFile, groupFiles: bundle.groupFiles).validate(bundle)
        return bundle
    }

    struct MembersFile: Codable {
        var members: [SeedMember]
    }

    /// Keys each object may hold; anything else is reported, so a typo never drops data silently.
    enum Keys {
        static let membersFile: KeyTree = .object([
            "members": .array(.object(["handle": .leaf, "recoveryStart": .leaf]))
        ])
        static let group: KeyTree = .object([
            "slug": .leaf, "name": .leaf, "topic": .leaf, "open": .leaf,
            "members": .array(
                .object([
                    "handle": .leaf, "role": .leaf, "sharesRecoveryStart": .leaf,
                    "mentoring": .object(["note": .leaf, "capacity": .leaf]),
                ])),
            "stories": .array(
                .object([
                    "author": .leaf, "kind": .leaf, "title": .leaf, "contentWarning": .leaf, "body": .leaf,
                    "hoursAgo": .leaf,
                    "replies": .array(.object(["author": .leaf, "body": .leaf, "hoursAgo": .leaf])),
                    "reactions": .array(.object(["member": .leaf, "kind": .leaf])),
                ])),
            "encouragement": .array(.object(["author": .leaf, "to": .leaf, "body": .leaf, "hoursAgo": .leaf])),
            "meetings": .array(
                .object([
                    "title": .leaf, "weekday": .leaf, "daysFromNow": .leaf, "time": .leaf, "timeZone": .leaf,
                    "durationMinutes": .leaf, "where": .leaf, "facilitator": .leaf,
                ])),
        ])
    }

    indirect enum KeyTree: Sendable {
        case leaf
        case array(KeyTree)
        case object([String: KeyTree])
    }

    static func decode<T: Decodable>(_ url: URL, allowedKeys: KeyTree) throws(SeedError) -> T {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SeedError(.missing, file: url.path, message: "cannot read the file")
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            let message = parserMessage(error)
            throw SeedError(
                file: url.path, location: location(in: data, parserMessage: message),
                message: "not valid JSON: \(message)")
        }
        try checkKeys(json, against: allowedKeys, path: "", file: url.path, data: data)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            let path = render(context.codingPath)
            throw SeedError(
                file: url.path, location: path.isEmpty ? nil : path, message: "missing \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(type, context) {
            throw SeedError(
                file: url.path, location: render(context.codingPath), message: "expected \(describe(type))")
        } catch let DecodingError.valueNotFound(type, context) {
            throw SeedError(
                file: url.path, location: render(context.codingPath), message: "expected \(describe(type)), got null")
        } catch {
            throw SeedError(file: url.path, message: "cannot be read: \(error)")
        }
    }

    static func checkKeys(_ value: Any, against tree: KeyTree, path: String, file: String, data: Data)
        throws(SeedError)
    {
        switch tree {
        case .leaf:
            return
        case .array(let element):
            guard let array = value as? [Any] else { return }  // the decoder reports the type
            for (index, item) in array.enumerated() {
                try checkKeys(item, against: element, path: "\(path)[\(index)]", file: file, data: data)
            }
        case .object(let keys):
            guard let object = value as? [String: Any] else { return }
            for key in object.keys.sorted() {
                guard let subtree = keys[key] else {
                    let known = keys.keys.sorted().joined(separator: ", ")
                    throw SeedError(
                        file: file, location: lineOf(key: key, in: data).map { "line \($0)" },
                        message: "unknown key \"\(key)\" at \(path.isEmpty ? "top level" : path) (known: \(known))")
                }
                try checkKeys(
                    object[key]!, against: subtree, path: path.isEmpty ? key : "\(path).\(key)", file: file, data: data)
            }
        }
    }

    /// The parser's own words, which name the line and column ("around line 3, column 5").
    static func parserMessage(_ error: Error) -> String {
        let info = (error as NSError).userInfo
        if let detail = info["NSDebugDescription"] as? String { return detail }
        return (error as NSError).localizedDescription
    }

    /// "line L, column C" for a parser message that gives only a character offset (as
    /// Foundation on Linux does: "around character 43"); nil when it names the line itself.
    static func location(in data: Data, parserMessage: String) -> String? {
        guard !parserMessage.contains("line"),
            let range = parserMessage.range(of: #"character (\d+)"#, options: .regularExpression),
            let offset = Int(parserMessage[range].dropFirst("character ".count))
        else { return nil }
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return "line \(line), column \(column)"
    }

    /// The first line that holds `"key":`, to point a person at an unknown key.
    static func lineOf(key: String, in data: Data) -> Int? {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains("\"\(key)\"") {
            return index + 1
        }
        return nil
    }

    static func render(_ path: [CodingKey]) -> String {
        var result = ""
        for key in path {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return result
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Int.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)".lowercased().contains("array") ? "an array" : "an object"
        }
    }
}
