import Foundation
import RoomCore

/// A problem in a theme or config file, named by file, line and key so it can be fixed.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String?
    public var message: String

    public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += " line \(line)" }
        text += ": "
        if let key { text += "\(key): " }
        return SafeText.neutralise(text + message)
    }
}

/// TOML text read into a table, with the line each key is written on (TOMLKit keeps no
/// positions), so errors can point at the line.
struct TOMLSource {
    let file: String
    let lines: [Substring]
    let table: TOMLTableValue

    init(url: URL) throws(ConfigError) {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ConfigError(file: url.path, message: "cannot read the file")
        }
        try self.init(text: text, file: url.path)
    }

    init(text: String, file: String) throws(ConfigError) {
        self.file = file
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        do {
            table = TOMLTableValue(try TOMLKitBridge.parse(text))
        } catch let error as ConfigError {
            throw ConfigError(file: file, line: error.line, message: error.message)
        } catch {
            throw ConfigError(file: file, message: "\(error)")
        }
    }

    /// The first line that sets `key` (`key = …`) after the line that opens `table`.
    func line(of key: String, in table: String? = nil) -> Int? {
        var inTable = table == nil
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") {
                inTable = table.map { trimmed == "[\($0)]" } ?? false
                continue
            }
            guard inTable, trimmed.hasPrefix(key) else { continue }
            let rest = trimmed.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
            if rest.hasPrefix("=") { return index + 1 }
        }
        return nil
    }

    func error(_ key: String, in table: String? = nil, _ message: String) -> ConfigError {
        ConfigError(
            file: file, line: line(of: key.split(separator: ".").first.map(String.init) ?? key, in: table),
            key: table.map { "\($0).\(key)" } ?? key, message: message)
    }
}
