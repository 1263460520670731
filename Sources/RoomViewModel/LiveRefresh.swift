import RoomCore

/// Keeping the room live: what another process (or this one) changed reloads only what is on
/// screen and concerned by it, each list keeping its selection.
extension RoomReducer {
    static func roomChanged(_ state: inout RoomState, _ changes: [RoomChange]) -> [RoomEffect] {
        if state.isWriting {
            // Nothing live is on screen while writing: one refresh when the room is back.
            state.hasUnseenChanges = true
            return []
        }
        if changes.contains(.resync) { return refreshEverythingShown(&state) }
        var effects: [RoomEffect] = []
        let group = state.openGroupID
        var meetingsChanged = false
        var mentorshipChanged = false
        var queueChanged = false
        for change in changes {
            switch change {
            case .groups:
                effects.append(.loadGroups)
            case .feed(let id, .stories) where id == group:
                if let request = state.stories.refresh() { effects.append(.loadStories(id, request)) }
            case .feed(let id, .encouragement) where id == group:
                if let request = state.encouragement.refresh() { effects.append(.loadEncouragement(id, request)) }
            case .story(let id):
                if case .reader(let reader) = state.mode, reader.story?.id == id { effects.append(.loadStory(id)) }
            case .roster(let id) where id == group:
                if let request = state.roster.refresh() { effects.append(.loadRoster(id, request)) }
            case .meetings(let id):
                if id == group { effects.append(.loadNextMeeting(id)) }
                meetingsChanged = true
            case .mentorship:
                mentorshipChanged = true
            case .queue(let id):
                if case .moderation(let queue) = state.mode, queue.groupID == id { queueChanged = true }
            case .feed, .roster, .resync:
                break
            }
        }
        if meetingsChanged, case .meetings = state.mode { effects.append(.loadMeetings) }
        // The list first: it says whether the selected one is still there, then loads its thread.
        if mentorshipChanged, case .mentorship = state.mode { effects.append(.loadMentorships) }
        if queueChanged, case .moderation(let queue) = state.mode {
            effects += [.loadModerationQueue(queue.groupID), .loadJoinRequests(queue.groupID)]
        }
        return effects
    }

    /// Everything on screen, the full-screen lists included (after a gap in the change log).
    static func refreshEverythingShown(_ state: inout RoomState) -> [RoomEffect] {
        var effects = refreshWhatIsShown(&state)
        switch state.mode {
        case .mentorship: effects.append(.loadMentorships)
        case .moderation(let queue): effects += [.loadModerationQueue(queue.groupID), .loadJoinRequests(queue.groupID)]
        default: break
        }
        return effects
    }
}
