import Foundation
import RoomCore
import RoomStore
import RoomViewModel

/// Runs the reducer's effects against the store and turns their results into actions.
/// The only place where the view-model meets I/O.
struct EffectRunner {
    let store: any RoomStore
    let me: Member

    /// The action an effect produced, or nil (quit).
    func run(_ effect: RoomEffect) async -> RoomAction? {
        do {
            switch effect {
            case .loadGroups:
                return .groupsLoaded(try await store.groups(memberID: me.id))
            case .loadRoster(let group, let request):
                let page = try await store.roster(
                    groupID: group, page: request, limit: ListWindow<RosterEntry>.pageSize)
                return .rosterLoaded(group, request, page)
            case .loadStories(let group, let request):
                let page = try await store.stories(
                    groupID: group, page: request, limit: ListWindow<StorySummary>.pageSize)
                return .storiesLoaded(group, request, page)
            case .loadEncouragement(let group, let request):
                let page = try await store.encouragement(
                    groupID: group, page: request, limit: ListWindow<Encouragement>.pageSize)
                return .encouragementLoaded(group, request, page)
            case .loadStory(let id):
                return .storyLoaded(try await store.story(id: id))
            case .quit:
                return nil
            }
        } catch {
            return .loadFailed("Could not load: \(Failure.from(error).message)")
        }
    }
}
