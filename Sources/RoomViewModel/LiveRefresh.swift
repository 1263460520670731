import RoomCore

/// Keeping the room live: what another process (or this one) changed reloads only what is on
/// screen and concerned by it, each list keeping its selection. The room's own lists (groups,
/// the open group's roster, stories, encouragement, the header's meeting and "N for you") are always under
/// whatever is on top; the screen on top says what it reads again itself (`Screen.refresh`).
extension RoomReducer {
    static func roomChanged(_ state: inout RoomState, _ changes: [RoomChange]) -> [RoomEffect] {
        // A call for support is shown (and rung) at once, also while writing: it cannot wait.
        let support: [RoomEffect] =
            changes.contains { if case .support = $0 { true } else { false } } ? [.support(.load)] : []
        if state.isWriting {
            // Nothing else live is on screen while writing: one refresh when the room is back.
            state.hasUnseenChanges = true
            return support
        }
        if changes.contains(.resync) { return refreshWhatIsShown(&state) + [.support(.load)] }
        var effects: [RoomEffect] = []
        let group = state.openGroupID
        for change in changes {
            switch change {
            case .groups:
                effects.append(.loadGroups)
            case .feed(let id, .stories) where id == group:
                if let request = state.stories.refresh() { effects.append(.loadStories(id, request)) }
            case .feed(let id, .encouragement) where id == group:
                if let request = state.encouragement.refresh() { effects.append(.loadEncouragement(id, request)) }
            case .roster(let id) where id == group:
                if let request = state.roster.refresh() { effects.append(.loadRoster(id, request)) }
            case .meetings(let id) where id == group:
                effects.append(.loadNextMeeting(id))
            case .feed, .roster, .meetings, .story, .mentorship, .queue, .support, .circle, .resync:
                break
            }
        }
        // The header's "N for you" is under every screen.
        if changes.contains(where: changesForYou) { effects.append(.forYou(.count)) }
        return effects + support + state.mode.screen.refresh(on: changes, state)
    }

    /// Reads again everything on screen — the groups, the open group's lists, the header's
    /// meeting and count, and what the screen on top shows — keeping every selection and scroll position.
    static func refreshWhatIsShown(_ state: inout RoomState) -> [RoomEffect] {
        var effects: [RoomEffect] = [.loadGroups]
        if let group = state.openGroupID {
            if let request = state.roster.refresh() { effects.append(.loadRoster(group, request)) }
            if let request = state.stories.refresh() { effects.append(.loadStories(group, request)) }
            if let request = state.encouragement.refresh() { effects.append(.loadEncouragement(group, request)) }
            effects.append(.loadNextMeeting(group))
        }
        effects.append(.forYou(.count))
        return effects + state.mode.screen.reload(state)
    }
}
