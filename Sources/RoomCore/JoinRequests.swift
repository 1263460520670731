import Foundation

/// A member who asked to join a closed group, or was invited to it by a facilitator, and is
/// not in it yet.
public enum JoinRequestKind: String, Sendable, Equatable, Codable, CaseIterable {
    /// The member asked; a facilitator approves or declines.
    case asked
    /// A facilitator invited them; they accept with `peerroom join --group SLUG`.
    case invited
}

/// One waiting request, as a group's facilitators see it.
public struct JoinRequest: Sendable, Equatable, Identifiable {
    public var groupID: GroupID
    public var memberID: MemberID
    public var handle: String
    public var kind: JoinRequestKind
    /// The facilitator who invited them (an invitation only).
    public var invitedBy: String?
    public var createdAt: Date

    public var id: MemberID { memberID }

    public init(
        groupID: GroupID, memberID: MemberID, handle: String, kind: JoinRequestKind, invitedBy: String? = nil,
        createdAt: Date
    ) {
        self.groupID = groupID
        self.memberID = memberID
        self.handle = handle
        self.kind = kind
        self.invitedBy = invitedBy
        self.createdAt = createdAt
    }
}

/// What joining (or inviting) did.
public enum JoinOutcome: Sendable, Equatable {
    /// They are a member now (an open group, an accepted invitation, an approved request).
    case joined
    /// They asked to join a closed group; its facilitators decide.
    case asked
    /// A facilitator invited them; they are a member once they accept.
    case invited
    /// They were a member already.
    case alreadyMember
}
