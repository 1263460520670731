import ArgumentParser
import Foundation
import RoomConfig
import RoomCore
import RoomStore
import RoomViewModel

/// Finding the crisis resources and the person's region.
enum CrisisHelp {
    /// The person's own copy in $XDG_CONFIG_HOME/peerroom, else the one in the seeds.
    /// A file that cannot be read gives the fallback and says why.
    static func load(environment: [String: String]) -> (CrisisResources, problem: String?) {
        let own = Paths.configFolder(environment: environment).appendingPathComponent("crisis-resources.toml")
        let candidates = [own, Paths.seeds(environment: environment).appendingPathComponent("crisis-resources.toml")]
        guard let url = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            return (.fallback, "no crisis-resources.toml found")
        }
        do {
            return (try CrisisResourcesLoader.load(url), nil)
        } catch {
            return (.fallback, error.description)
        }
    }

    /// PEERROOM_REGION, else the country of the locale (en_GB.UTF-8 → GB).
    static func region(environment: [String: String]) -> String? {
        if let region = environment["PEERROOM_REGION"], !region.isEmpty { return region.uppercased() }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            let base = value.split(separator: ".").first.map(String.init) ?? value
            let parts = base.split(separator: "_")
            if parts.count == 2, parts[1].count == 2 { return parts[1].uppercased() }
            return nil
        }
        return nil
    }
}

struct Crisis: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crisis",
        abstract: "Crisis resources, as plain text: what to do now and who to call, your region first.",
        discussion: "Set PEERROOM_REGION (e.g. GB) to choose the region listed first.")

    @Flag(name: .long, help: "Also show where each number was checked, and when.")
    var sources = false

    func run() async throws {
        Self.show(sources: sources)
    }

    /// Prints crisis help as the room shows it (and, asked for, each number's source).
    static func show(sources: Bool) {
        let environment = ProcessInfo.processInfo.environment
        let (resources, problem) = CrisisHelp.load(environment: environment)
        if let problem { printError("peerroom: \(problem); showing what to do right now") }
        Output.printText(
            CrisisScreen.text(
                resources, region: CrisisHelp.region(environment: environment), problem: problem, sources: sources
            ).components(separatedBy: "\n"))
    }
}

/// Finding the crisis words the room listens for while someone writes.
enum CrisisWordsList {
    /// The list config.toml's `crisis_words` chooses (by default the shipped list of the
    /// locale's language, else English). A file that cannot be read is said, and the shipped
    /// list is used instead; a shipped list that cannot be read leaves the offer off.
    static func load(_ setting: CrisisWordsSetting, environment: [String: String]) -> (
        CrisisWords, problem: String?
    ) {
        switch setting {
        case .off: return (.none, nil)
        case .list(let entries): return (CrisisWords(entries), nil)
        case .shipped: return shipped(environment: environment)
        case .file(let path):
            do {
                return (try CrisisWordsLoader.load(url(path, environment: environment)), nil)
            } catch {
                let (words, problem) = shipped(environment: environment)
                return (words, "crisis_words ignored: \(error.description)" + (problem.map { "; \($0)" } ?? ""))
            }
        }
    }

    /// `seeds/crisis-words/LANGUAGE.toml` for the locale's language, else `en.toml`.
    static func shipped(environment: [String: String]) -> (CrisisWords, problem: String?) {
        let folder = Paths.seeds(environment: environment).appendingPathComponent("crisis-words")
        let own = language(environment: environment).map { folder.appendingPathComponent("\($0).toml") }
        let english = folder.appendingPathComponent("en.toml")
        let url = own.flatMap { FileManager.default.fileExists(atPath: $0.path) ? $0 : nil } ?? english
        do {
            return (try CrisisWordsLoader.load(url), nil)
        } catch {
            return (.none, "no offer of crisis help while writing: \(error.description)")
        }
    }

    /// The language of the locale (LC_ALL, LC_MESSAGES, LANG: `de_DE.UTF-8` → `de`).
    static func language(environment: [String: String]) -> String? {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            let code = value.prefix { $0.isLetter }.lowercased()
            return code.count >= 2 && code.count <= 3 && code != "c" ? code : nil
        }
        return nil
    }

    /// A path from config.toml: `~/` is the home folder, a relative path is beside config.toml.
    static func url(_ path: String, environment: [String: String]) -> URL {
        if path.hasPrefix("~/") { return URL(fileURLWithPath: Paths.home(environment) + path.dropFirst()) }
        if path.hasPrefix("/") { return URL(fileURLWithPath: path) }
        return Paths.configFolder(environment: environment).appendingPathComponent(path)
    }
}
