import TOMLKit

/// The only file that touches TOMLKit: TOML text to plain Swift values.
enum TOMLKitBridge {
    static func parse(_ text: String) throws -> [String: Any] {
        do {
            return convert(try TOMLTable(string: text)) as? [String: Any] ?? [:]
        } catch let error as TOMLParseError {
            throw ConfigError(file: "", line: error.source.begin.line, message: error.description)
        }
    }

    private static func convert(_ value: any TOMLValueConvertible) -> Any {
        if let table = value.table {
            var result: [String: Any] = [:]
            for (key, child) in table { result[key] = convert(child) }
            return result
        }
        if let array = value.array { return array.map { convert($0) } }
        if let string = value.string { return string }
        if let int = value.int { return int }
        if let bool = value.bool { return bool }
        if let double = value.double { return double }
        return "\(value)"
    }
}

/// A TOML table as plain values, with typed lookups.
struct TOMLTableValue {
    let values: [String: Any]

    init(_ values: [String: Any]) {
        self.values = values
    }

    var keys: [String] { values.keys.sorted() }
    func string(_ key: String) -> String? { values[key] as? String }
    func bool(_ key: String) -> Bool? { values[key] as? Bool }
    func table(_ key: String) -> TOMLTableValue? { (values[key] as? [String: Any]).map(TOMLTableValue.init) }
    func strings(_ key: String) -> [String]? {
        guard let array = values[key] as? [Any] else { return nil }
        let strings = array.compactMap { $0 as? String }
        return strings.count == array.count ? strings : nil
    }
}
