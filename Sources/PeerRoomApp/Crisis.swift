import ArgumentParser
import Foundation
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
