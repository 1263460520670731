import RoomCore

/// The PostgreSQL schema, as versioned migrations in SQL, with the row-level security that
/// makes the database itself keep each member's privacy (issue 15).
///
/// How identity works: every member is a LOGIN role in the `peerroom_member` group role, and
/// `member_login` maps `current_user` to one member row (`peerroom.me()`). Every table has
/// `ENABLE` and `FORCE ROW LEVEL SECURITY`; the owner reaches all rows only through its own
/// `owner_all` policies (for seeding, administration and the SECURITY DEFINER functions).
///
/// Inside a SECURITY DEFINER function `current_user` is the owner, so no definer function here
/// decides *who* the caller is: those decisions are policies and invoker checks, evaluated as
/// the caller. Definer functions only do what a policy already allowed (a trigger on a row the
/// caller was permitted to insert or delete) or answer questions that name no one's secrets
/// (is a mentor's list full). Every one is owned by the owner and runs with `SET search_path`.
///
/// Policies are evaluated per row, and a function that reads a table is never inlined: a
/// policy calling one costs a function call per row (8.9 s for the first frame at 100,000
/// stories). So policies call them in scalar subqueries, which the planner runs once per
/// statement (InitPlans): `(SELECT peerroom.me())`, and the caller's groups as arrays
/// (`readable_groups()` and its siblings) (v19).
enum PostgresSchema {
    /// The schema every table lives in; connections set `search_path` to it.
    static let schema = "peerroom"

    struct Migration: Sendable {
        var name: String
        var sql: @Sendable (_ memberGroup: String) -> String
    }

    /// Never edit a shipped migration: add one.
    static let migrations: [Migration] = [
        Migration(name: "v1 room with row-level security", sql: roomV1),
        Migration(name: "v16 for you", sql: forYouV16),
        Migration(name: "v17 support now", sql: supportNowV17),
        Migration(name: "v18 warning by facilitator", sql: warningV18),
        // After every migration that makes policies: v19 rewrites them from the catalog.
        Migration(name: "v19 counts and policies read once", sql: readOnceV19),
        Migration(name: "v20 share circle", sql: shareCircleV20),
        Migration(name: "v21 newcomer backlog", sql: backlogV21),
        Migration(name: "v22 search through the index", sql: searchV22),
        Migration(name: "v23 the database's clock", sql: databaseClockV23),
        Migration(name: "v24 search ranked by the owner", sql: searchRankedV24),
    ]

    /// Search in one short statement (issue 15: 61 ms at 100,000 stories, most of it reading
    /// 500 candidates through the policies to rank them). `search_ranked` replaces v22's
    /// `search_newest`: the same caller and read rules, also the caller's mutes, and it ranks
    /// the newest `candidates` matches itself, giving back the best `lim` ids with their rank
    /// and their counts of replies (not hidden) and reactions: all the caller reads of a story
    /// it may read, counted here without the policies' cost per row (10 ms for 50 stories
    /// through them). The room reads only those stories through the policies.
    static func searchRankedV24(memberGroup: String) -> String {
        let g = ident(memberGroup)
        return """
            DROP FUNCTION peerroom.search_newest(tsquery, bigint, integer);
            CREATE FUNCTION peerroom.search_ranked(q tsquery, only_group bigint, candidates integer, lim integer)
            RETURNS TABLE (id bigint, rank real, replies bigint, reactions bigint)
            LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, peerroom, pg_temp AS $$
            \(searchCaller)
            BEGIN
              -- Planned with the values (EXECUTE): a rare word takes the word index, a common
              -- one the newest-first walk. Ranked after the LIMIT, so only the candidates are.
              RETURN QUERY EXECUTE
                'SELECT b.id, b.rank,
                   (SELECT count(*) FROM peerroom.reply r WHERE r.story_id = b.id AND r.hidden_at IS NULL),
                   (SELECT count(*) FROM peerroom.reaction x WHERE x.story_id = b.id)
                 FROM (SELECT c.id, ts_rank(c.words, $1) AS rank, c.created_at FROM (
                   SELECT s.id, s.words, s.created_at FROM peerroom.story s WHERE s.words @@ $1 AND s.group_id = ANY ($2)
                     AND ($3::bigint IS NULL OR s.group_id = $3) AND (s.hidden_at IS NULL OR s.author_id = $4)
                     AND (s.author_id = $4 OR NOT (s.group_id = ANY ($6)) OR s.created_at >= ($7)[array_position($6, s.group_id)])
                     AND NOT EXISTS (SELECT 1 FROM peerroom.mute mu WHERE mu.member_id = $4 AND mu.muted_id = s.author_id)
                   ORDER BY s.created_at DESC, s.id DESC LIMIT $5) c
                 ORDER BY 2 DESC, c.created_at DESC, c.id DESC LIMIT $8) b
                 ORDER BY b.rank DESC, b.created_at DESC, b.id DESC'
                USING q, groups, only_group, member, least(greatest(candidates, 1), 1000), limited, floors,
                  least(greatest(lim, 1), 1000);
            END $$;
            REVOKE ALL ON FUNCTION peerroom.search_ranked(tsquery, bigint, integer, integer) FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION peerroom.search_ranked(tsquery, bigint, integer, integer) TO \(g);
            """
    }

    /// Every column that says when something happened, per table a member writes (issue 15:
    /// "time is the database's now()"). Not listed: times that are data, not stamps: a
    /// meeting's `starts_at`, a read position's `created_at` (the story read up to), a
    /// `story_read`'s (the story's time), `hidden_at` and `resolved_at` (written by the owner's
    /// functions from a stamped action). A table added later that members write lists its
    /// stamps here in its own migration.
    static let stampedColumns: [(table: String, columns: [String])] = [
        ("circle_hand", ["raised_at", "speaking_since"]), ("daily_checkin", ["created_at", "updated_at"]),
        ("draft", ["updated_at"]), ("encouragement", ["created_at", "updated_at"]), ("join_request", ["created_at"]),
        ("meeting", ["created_at", "updated_at", "cancelled_at"]), ("meeting_checkin", ["created_at"]),
        ("meeting_rsvp", ["updated_at"]), ("member", ["created_at"]), ("membership", ["joined_at"]),
        ("mentor_message", ["created_at"]), ("mentor_offer", ["updated_at"]),
        ("mentorship", ["requested_at", "responded_at", "ended_at"]), ("moderation_action", ["created_at"]),
        ("mute", ["created_at"]), ("presence", ["last_seen"]), ("reaction", ["created_at"]),
        ("reply", ["created_at", "updated_at"]), ("report", ["created_at"]), ("story", ["created_at", "updated_at"]),
        ("support_answer", ["answered_at"]), ("support_message", ["created_at"]), ("support_signal", ["created_at"]),
    ]

    /// Time is the database's (issue 15). A member's INSERT or UPDATE gets the database's clock
    /// in every stamp it sets or changes (`stampedColumns`), whatever the member sent, so raw
    /// SQL cannot pin a story above everyone's feed with a time to come, join a group "years
    /// ago" to lift the newcomer backlog, or backdate calls for support past their limits. The
    /// trigger is named to run before the other BEFORE triggers (`support_signal_check` reads
    /// the stamped time). Rows the owner writes (migrate, seeds) keep their times. With the time
    /// trusted, the database also holds what v20 left to the store: a hand goes up only while
    /// its meeting is under way.
    /// `clock_is_client()` is false; the tests' databases, whose clock the tests move, make it
    /// true, and only the owner can redefine it.
    /// What the tests' databases run as the owner after `initialize`: their clock is the one
    /// the tests move (the contract suite's, a fixed "now"), so members' stamps are kept.
    static let clientClockForTests = """
        CREATE OR REPLACE FUNCTION peerroom.clock_is_client() RETURNS boolean LANGUAGE sql STABLE
          SET search_path = pg_catalog, peerroom, pg_temp AS 'SELECT true'
        """

    static func databaseClockV23(memberGroup: String) -> String {
        let invoker = "SET search_path = pg_catalog, peerroom, pg_temp"
        let triggers = stampedColumns.map { table, columns in
            """
            CREATE TRIGGER database_clock BEFORE INSERT OR UPDATE ON peerroom.\(table)
              FOR EACH ROW EXECUTE FUNCTION peerroom.stamp_time(\(columns.joined(separator: ", ")));
            """
        }
        return """
            CREATE FUNCTION peerroom.clock_is_client() RETURNS boolean LANGUAGE sql STABLE \(invoker) AS 'SELECT false';
            CREATE FUNCTION peerroom.stamp_time() RETURNS trigger LANGUAGE plpgsql \(invoker) AS $$
            DECLARE
              fresh jsonb := to_jsonb(NEW);
              earlier jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END;
              stamps jsonb := '{}';
              now_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
              stamp text;
            BEGIN
              IF NOT pg_has_role(current_user, \(literal(memberGroup)), 'MEMBER') OR peerroom.clock_is_client() THEN
                RETURN NEW;
              END IF;
              FOREACH stamp IN ARRAY TG_ARGV LOOP
                IF fresh ->> stamp IS NOT NULL AND (earlier IS NULL OR fresh -> stamp IS DISTINCT FROM earlier -> stamp) THEN
                  stamps := stamps || jsonb_build_object(stamp, now_ms);
                END IF;
              END LOOP;
              IF stamps <> '{}' THEN NEW := jsonb_populate_record(NEW, stamps); END IF;
              RETURN NEW;
            END $$;
            \(triggers.joined(separator: "\n"))
            -- A hand goes up only while its meeting is under way, by the stamped time (v20
            -- checked this in the store alone).
            ALTER POLICY raise ON peerroom.circle_hand WITH CHECK (member_id = \(Cheap.me)
              AND \(Cheap.inMyGroups) AND speaking_since IS NULL
              AND EXISTS (SELECT 1 FROM peerroom.meeting m WHERE m.id = circle_hand.meeting_id
                          AND m.group_id = circle_hand.group_id AND m.cancelled_at IS NULL
                          AND circle_hand.raised_at >= circle_hand.occurrence
                          AND circle_hand.raised_at < circle_hand.occurrence + m.duration_minutes * 60000));
            """
    }

    /// Search as a member used no index (issue 15): `@@` is not leakproof, so under row-level
    /// security PostgreSQL tests it only after the policies, on every story. `search_newest`
    /// runs as the owner, finds the newest matches through the word index (or, for a common
    /// word, the newest-first index) and applies the read rules itself: the caller's groups
    /// (a guest's: the open ones), nothing hidden unless the caller wrote it, nothing from
    /// before the caller's newcomer backlog (v21) unless they wrote it. The caller is
    /// the role the session acts as (`SET ROLE`, else the login), never an argument. It gives
    /// back only ids; the room reads the stories through the policies as before, and ranks
    /// these newest `lim` (at most 1,000) matches.
    /// Who calls a search function and what they may read, as plpgsql declarations: the role
    /// the session acts as, its member, groups, and newcomer-backlog groups with their floors.
    static let searchCaller = """
        DECLARE
          caller text := CASE WHEN current_setting('role') <> 'none' THEN current_setting('role') ELSE session_user END;
          member bigint := (SELECT l.member_id FROM peerroom.member_login l WHERE l.role_name = caller);
          groups bigint[] := CASE WHEN member IS NULL THEN ARRAY(SELECT g.id FROM peerroom.peer_group g WHERE g.is_open)
                             ELSE ARRAY(SELECT m.group_id FROM peerroom.my_group m WHERE m.member_id = member) END;
          -- The newcomer backlog (v21), as backlog_groups() and backlog_floors() give it to the caller.
          limited bigint[] := ARRAY(SELECT g.id FROM peerroom.peer_group g
            LEFT JOIN peerroom.membership ms ON ms.group_id = g.id AND ms.member_id = member
            WHERE g.backlog_days IS NOT NULL AND ms.role IS DISTINCT FROM 'facilitator' ORDER BY g.id);
          floors bigint[] := ARRAY(SELECT coalesce(ms.joined_at - g.backlog_days * \(Backlog.dayMillis), \(Backlog.nonMemberFloorMillis))
            FROM peerroom.peer_group g
            LEFT JOIN peerroom.membership ms ON ms.group_id = g.id AND ms.member_id = member
            WHERE g.backlog_days IS NOT NULL AND ms.role IS DISTINCT FROM 'facilitator' ORDER BY g.id);
        """

    static func searchV22(memberGroup: String) -> String {
        let g = ident(memberGroup)
        return """
            CREATE INDEX story_newest ON peerroom.story (created_at DESC, id DESC);
            CREATE FUNCTION peerroom.search_newest(q tsquery, only_group bigint, lim integer) RETURNS SETOF bigint
            LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, peerroom, pg_temp AS $$
            \(searchCaller)
            BEGIN
              -- Planned with the values (EXECUTE): a rare word takes the word index, a common
              -- one the newest-first walk.
              RETURN QUERY EXECUTE
                'SELECT s.id FROM peerroom.story s WHERE s.words @@ $1 AND s.group_id = ANY ($2)
                   AND ($3::bigint IS NULL OR s.group_id = $3) AND (s.hidden_at IS NULL OR s.author_id = $4)
                   AND (s.author_id = $4 OR NOT (s.group_id = ANY ($6)) OR s.created_at >= ($7)[array_position($6, s.group_id)])
                 ORDER BY s.created_at DESC, s.id DESC LIMIT $5'
                USING q, groups, only_group, member, least(greatest(lim, 1), 1000), limited, floors;
            END $$;
            REVOKE ALL ON FUNCTION peerroom.search_newest(tsquery, bigint, integer) FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION peerroom.search_newest(tsquery, bigint, integer) TO \(g);
            """
    }

    /// v19's cheap form of the caller's facts, read once per statement (InitPlans), for the
    /// policies of later migrations.
    enum Cheap {
        static let me = "(SELECT peerroom.me())"
        static let inMyGroups = "group_id = ANY ((SELECT peerroom.my_groups())::bigint[])"
        static let inFacilitatedGroups = "group_id = ANY ((SELECT peerroom.facilitated_groups())::bigint[])"
    }

    /// Role names, quoted as SQL identifiers.
    static func ident(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A text literal.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static let tables = [
        "peer_group", "member", "member_login", "member_private", "membership", "my_group", "story", "reply",
        "reaction", "encouragement", "draft", "presence", "read_position", "story_read", "report",
        "moderation_action", "mute", "meeting", "meeting_rsvp", "meeting_checkin", "daily_checkin",
        "milestone_celebration", "mentor_offer", "mentorship", "mentor_message", "join_request", "change_log",
        "schema_migrations",
    ]

    /// Tables made by migrations after v1 (v1's SQL is built from `tables` and must stay as
    /// shipped). Whatever walks every table uses `allTables`.
    static let laterTables = [
        "for_you_seen", "support_signal", "support_recipient", "support_answer", "support_message",
        "group_story_count", "circle_hand",
    ]
    static var allTables: [String] { tables + laterTables }

    // swiftlint:disable function_body_length
    static func roomV1(memberGroup: String) -> String {
        let g = ident(memberGroup)
        let definer = "SECURITY DEFINER SET search_path = pg_catalog, peerroom, pg_temp"
        let invoker = "SET search_path = pg_catalog, peerroom, pg_temp"
        return """
            -- Search folds accents as SQLite's does (unaccent is a trusted extension: the owner
            -- of the database may create it), then lower-cases words with no stemming.
            CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA peerroom;
            CREATE TEXT SEARCH CONFIGURATION peerroom.words (COPY = pg_catalog.simple);
            ALTER TEXT SEARCH CONFIGURATION peerroom.words
              ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword,
                hword_numpart
              WITH peerroom.unaccent, pg_catalog.simple;
            CREATE TABLE peerroom.peer_group (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              slug text NOT NULL UNIQUE,
              name text NOT NULL,
              topic text NOT NULL,
              is_open boolean NOT NULL DEFAULT true,
              created_at bigint NOT NULL
            );
            CREATE TABLE peerroom.member (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              handle text NOT NULL,
              -- Where the handle sorts (Member.handleOrder, made by the writer), by code point.
              handle_order text COLLATE "C" NOT NULL,
              seeded_by text,
              created_at bigint NOT NULL
            );
            CREATE UNIQUE INDEX member_handle ON peerroom.member (lower(handle));
            INSERT INTO peerroom.member (handle, handle_order, created_at) VALUES ('[removed]', '[removed]', 0);
            -- Which database role is which member: readable only by that role.
            CREATE TABLE peerroom.member_login (
              role_name name PRIMARY KEY,
              member_id bigint NOT NULL UNIQUE REFERENCES peerroom.member(id) ON DELETE CASCADE
            );
            -- The recovery start date: its member's, and shown where they share it.
            CREATE TABLE peerroom.member_private (
              member_id bigint PRIMARY KEY REFERENCES peerroom.member(id) ON DELETE CASCADE,
              recovery_start text
            );
            CREATE TABLE peerroom.membership (
              group_id bigint NOT NULL REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              role text NOT NULL CHECK (role IN ('facilitator', 'peer-mentor', 'member', 'newcomer')),
              role_rank int GENERATED ALWAYS AS (CASE role WHEN 'facilitator' THEN 0 WHEN 'peer-mentor' THEN 1
                WHEN 'member' THEN 2 ELSE 3 END) STORED,
              shares_recovery_start boolean NOT NULL DEFAULT false,
              shares_milestones boolean NOT NULL DEFAULT false,
              joined_at bigint NOT NULL,
              PRIMARY KEY (group_id, member_id)
            );
            CREATE INDEX membership_member ON peerroom.membership (member_id);
            -- A member's own groups, mirrored from membership by a trigger: the policies of
            -- membership itself cannot ask membership (that would recurse).
            CREATE TABLE peerroom.my_group (
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              group_id bigint NOT NULL REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              role text NOT NULL,
              PRIMARY KEY (member_id, group_id)
            );
            CREATE TABLE peerroom.story (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              group_id bigint NOT NULL REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              author_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              kind text NOT NULL,
              title text NOT NULL,
              content_warning text,
              body text NOT NULL,
              created_at bigint NOT NULL,
              updated_at bigint,
              hidden_at bigint,
              -- Search: PostgreSQL full text, configuration peerroom.words (accents folded, no stemming).
              words tsvector GENERATED ALWAYS AS (to_tsvector('peerroom.words', title || ' ' || body)) STORED
            );
            CREATE INDEX story_feed ON peerroom.story (group_id, created_at, id);
            CREATE INDEX story_author ON peerroom.story (author_id);
            CREATE INDEX story_words ON peerroom.story USING gin (words);
            CREATE TABLE peerroom.reply (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              story_id bigint NOT NULL REFERENCES peerroom.story(id) ON DELETE CASCADE,
              group_id bigint NOT NULL REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              author_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              body text NOT NULL,
              created_at bigint NOT NULL,
              updated_at bigint,
              hidden_at bigint
            );
            CREATE INDEX reply_story ON peerroom.reply (story_id, created_at, id);
            CREATE INDEX reply_author ON peerroom.reply (author_id);
            CREATE TABLE peerroom.reaction (
              story_id bigint NOT NULL REFERENCES peerroom.story(id) ON DELETE CASCADE,
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              kind text NOT NULL,
              created_at bigint NOT NULL,
              PRIMARY KEY (story_id, member_id, kind)
            );
            CREATE TABLE peerroom.encouragement (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              group_id bigint NOT NULL REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              author_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              recipient_id bigint REFERENCES peerroom.member(id) ON DELETE SET NULL,
              body text NOT NULL,
              created_at bigint NOT NULL,
              updated_at bigint,
              hidden_at bigint
            );
            CREATE INDEX encouragement_feed ON peerroom.encouragement (group_id, created_at, id);
            CREATE TABLE peerroom.draft (
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              target text NOT NULL,
              kind text,
              title text NOT NULL DEFAULT '',
              content_warning text NOT NULL DEFAULT '',
              body text NOT NULL DEFAULT '',
              updated_at bigint NOT NULL,
              PRIMARY KEY (member_id, target)
            );
            CREATE TABLE peerroom.presence (
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              instance text NOT NULL,
              last_seen bigint NOT NULL,
              PRIMARY KEY (member_id, instance)
            );
            CREATE TABLE peerroom.read_position (
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              group_id bigint NOT NULL REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              created_at bigint NOT NULL,
              story_id bigint NOT NULL,
              PRIMARY KEY (member_id, group_id)
            );
            CREATE TABLE peerroom.story_read (
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              story_id bigint NOT NULL REFERENCES peerroom.story(id) ON DELETE CASCADE,
              group_id bigint NOT NULL,
              created_at bigint NOT NULL,
              PRIMARY KEY (member_id, story_id)
            );
            CREATE TABLE peerroom.report (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              group_id bigint NOT NULL REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              target_kind text NOT NULL CHECK (target_kind IN ('story', 'reply', 'encouragement')),
              target_id bigint NOT NULL,
              reporter_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              reason text NOT NULL,
              created_at bigint NOT NULL,
              resolved_at bigint,
              UNIQUE (target_kind, target_id, reporter_id)
            );
            CREATE INDEX report_queue ON peerroom.report (group_id, resolved_at);
            CREATE TABLE peerroom.moderation_action (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              group_id bigint NOT NULL REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              target_kind text NOT NULL CHECK (target_kind IN ('story', 'reply', 'encouragement')),
              target_id bigint NOT NULL,
              facilitator_id bigint REFERENCES peerroom.member(id) ON DELETE SET NULL,
              action text NOT NULL CHECK (action IN ('hide', 'restore')),
              note text NOT NULL,
              created_at bigint NOT NULL
            );
            CREATE TABLE peerroom.mute (
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              muted_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              created_at bigint NOT NULL,
              PRIMARY KEY (member_id, muted_id)
            );
            CREATE TABLE peerroom.meeting (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              group_id bigint NOT NULL REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              title text NOT NULL,
              weekday int CHECK (weekday BETWEEN 1 AND 7),
              hour int CHECK (hour BETWEEN 0 AND 23),
              minute int CHECK (minute BETWEEN 0 AND 59),
              from_day text,
              starts_at bigint,
              time_zone text NOT NULL,
              duration_minutes int NOT NULL,
              location text NOT NULL,
              facilitator_id bigint REFERENCES peerroom.member(id) ON DELETE SET NULL,
              created_at bigint NOT NULL,
              updated_at bigint,
              cancelled_at bigint,
              CHECK ((weekday IS NOT NULL AND hour IS NOT NULL AND minute IS NOT NULL AND from_day IS NOT NULL
                      AND starts_at IS NULL) OR (weekday IS NULL AND starts_at IS NOT NULL))
            );
            CREATE TABLE peerroom.meeting_rsvp (
              meeting_id bigint NOT NULL REFERENCES peerroom.meeting(id) ON DELETE CASCADE,
              occurrence bigint NOT NULL,
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              answer text NOT NULL CHECK (answer IN ('going', 'maybe', 'no')),
              updated_at bigint NOT NULL,
              PRIMARY KEY (meeting_id, occurrence, member_id)
            );
            CREATE TABLE peerroom.meeting_checkin (
              meeting_id bigint NOT NULL REFERENCES peerroom.meeting(id) ON DELETE CASCADE,
              occurrence bigint NOT NULL,
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              created_at bigint NOT NULL,
              PRIMARY KEY (meeting_id, occurrence, member_id)
            );
            CREATE TABLE peerroom.daily_checkin (
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              day text NOT NULL,
              mood int NOT NULL CHECK (mood BETWEEN 1 AND 5),
              note text,
              created_at bigint NOT NULL,
              updated_at bigint NOT NULL,
              PRIMARY KEY (member_id, day)
            );
            CREATE TABLE peerroom.milestone_celebration (
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              group_id bigint NOT NULL REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              milestone text NOT NULL,
              day text NOT NULL,
              encouragement_id bigint REFERENCES peerroom.encouragement(id) ON DELETE SET NULL,
              PRIMARY KEY (member_id, group_id, milestone)
            );
            CREATE TABLE peerroom.mentor_offer (
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              group_id bigint NOT NULL REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              note text NOT NULL,
              capacity int NOT NULL CHECK (capacity BETWEEN 1 AND 10),
              available boolean NOT NULL,
              updated_at bigint NOT NULL,
              PRIMARY KEY (member_id, group_id)
            );
            CREATE TABLE peerroom.mentorship (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              group_id bigint NOT NULL REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              mentor_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              mentee_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              status text NOT NULL CHECK (status IN ('requested', 'active', 'declined', 'ended')),
              request_note text,
              response_note text,
              requested_at bigint NOT NULL,
              responded_at bigint,
              ended_at bigint,
              CHECK (mentor_id != mentee_id)
            );
            CREATE UNIQUE INDEX mentorship_open ON peerroom.mentorship (group_id, mentee_id)
              WHERE status IN ('requested', 'active');
            CREATE TABLE peerroom.mentor_message (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              mentorship_id bigint NOT NULL REFERENCES peerroom.mentorship(id) ON DELETE CASCADE,
              author_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              body text NOT NULL,
              created_at bigint NOT NULL
            );
            CREATE INDEX mentor_message_thread ON peerroom.mentor_message (mentorship_id, created_at, id);
            CREATE TABLE peerroom.join_request (
              group_id bigint NOT NULL REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              kind text NOT NULL CHECK (kind IN ('asked', 'invited')),
              invited_by bigint REFERENCES peerroom.member(id) ON DELETE SET NULL,
              created_at bigint NOT NULL,
              PRIMARY KEY (group_id, member_id)
            );
            -- What changed, ids and kinds only, written by triggers in the writer's transaction.
            CREATE TABLE peerroom.change_log (
              seq bigint PRIMARY KEY,
              kind text NOT NULL,
              group_id bigint,
              story_id bigint,
              mentorship_id bigint,
              member_a bigint,
              member_b bigint
            );

            -- Who is asking, and what they may see. Invoker functions (evaluated as the caller),
            -- with a fixed search_path so no temporary table can stand in for these.
            CREATE FUNCTION peerroom.me() RETURNS bigint LANGUAGE sql STABLE \(invoker) AS $$
              SELECT member_id FROM peerroom.member_login WHERE role_name = current_user
            $$;
            CREATE FUNCTION peerroom.in_group(g bigint) RETURNS boolean LANGUAGE sql STABLE \(invoker) AS $$
              SELECT EXISTS (SELECT 1 FROM peerroom.my_group WHERE member_id = peerroom.me() AND group_id = g)
            $$;
            CREATE FUNCTION peerroom.facilitates(g bigint) RETURNS boolean LANGUAGE sql STABLE \(invoker) AS $$
              SELECT EXISTS (SELECT 1 FROM peerroom.my_group WHERE member_id = peerroom.me() AND group_id = g
                             AND role = 'facilitator')
            $$;
            CREATE FUNCTION peerroom.group_open(g bigint) RETURNS boolean LANGUAGE sql STABLE \(invoker) AS $$
              SELECT coalesce((SELECT is_open FROM peerroom.peer_group WHERE id = g), false)
            $$;
            CREATE FUNCTION peerroom.readable(g bigint) RETURNS boolean LANGUAGE sql STABLE \(invoker) AS $$
              SELECT peerroom.group_open(g) OR peerroom.in_group(g)
            $$;
            -- How many mentees a mentor has in a group, and their offer: names no one's secrets,
            -- and mentees need it while the mentor's other mentorships stay private to each pair.
            CREATE FUNCTION peerroom.mentor_room(mentor bigint, g bigint) RETURNS int LANGUAGE sql STABLE \(definer) AS $$
              SELECT coalesce((SELECT o.capacity FROM peerroom.mentor_offer o
                               WHERE o.member_id = mentor AND o.group_id = g AND o.available), 0)
                   - (SELECT count(*)::int FROM peerroom.mentorship s
                      WHERE s.mentor_id = mentor AND s.group_id = g AND s.status = 'active')
            $$;
            CREATE FUNCTION peerroom.mentee_count(mentor bigint, g bigint) RETURNS int LANGUAGE sql STABLE \(definer) AS $$
              SELECT count(*)::int FROM peerroom.mentorship s
              WHERE s.mentor_id = mentor AND s.group_id = g AND s.status = 'active'
            $$;
            -- The group of a visible story, also to a non-member (so they are told "not a member").
            CREATE FUNCTION peerroom.story_group(wanted bigint) RETURNS bigint LANGUAGE sql STABLE \(definer) AS $$
              SELECT group_id FROM peerroom.story WHERE id = wanted AND hidden_at IS NULL
            $$;
            CREATE FUNCTION peerroom.meeting_group(wanted bigint) RETURNS bigint LANGUAGE sql STABLE \(definer) AS $$
              SELECT group_id FROM peerroom.meeting WHERE id = wanted
            $$;
            -- Where the change log is: a number, nothing more.
            CREATE FUNCTION peerroom.change_bounds(OUT first bigint, OUT last bigint) LANGUAGE sql STABLE \(definer) AS $$
              SELECT coalesce(min(seq), 0), coalesce(max(seq), 0) FROM peerroom.change_log
            $$;

            -- The mirror of membership that the policies read.
            CREATE FUNCTION peerroom.mirror_membership() RETURNS trigger LANGUAGE plpgsql \(definer) AS $$
            BEGIN
              IF TG_OP IN ('UPDATE', 'DELETE') THEN
                DELETE FROM peerroom.my_group WHERE member_id = OLD.member_id AND group_id = OLD.group_id;
              END IF;
              IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO peerroom.my_group (member_id, group_id, role) VALUES (NEW.member_id, NEW.group_id, NEW.role);
              END IF;
              RETURN NULL;
            END $$;
            CREATE TRIGGER membership_mirror AFTER INSERT OR UPDATE OR DELETE ON peerroom.membership
              FOR EACH ROW EXECUTE FUNCTION peerroom.mirror_membership();

            -- A member row a member makes is bound to their role by the end of the transaction.
            CREATE FUNCTION peerroom.member_bound() RETURNS trigger LANGUAGE plpgsql \(invoker) AS $$
            BEGIN
              IF pg_has_role(current_user, \(literal(memberGroup)), 'MEMBER')
                 AND EXISTS (SELECT 1 FROM peerroom.member WHERE id = NEW.id)
                 AND NOT EXISTS (SELECT 1 FROM peerroom.member_login WHERE member_id = NEW.id) THEN
                RAISE EXCEPTION 'a pseudonym must belong to its role' USING ERRCODE = '42501';
              END IF;
              RETURN NULL;
            END $$;
            CREATE CONSTRAINT TRIGGER member_bound AFTER INSERT ON peerroom.member
              DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION peerroom.member_bound();

            -- The "[removed]" member that keeps others' words when an author goes.
            CREATE FUNCTION peerroom.removed_member() RETURNS bigint LANGUAGE sql STABLE \(definer) AS $$
              SELECT id FROM peerroom.member WHERE handle = '[removed]'
            $$;

            -- Deleting a story others replied to keeps a "[removed]" shell with their replies.
            -- The DELETE policy (author only) already chose the row; this only reshapes it.
            CREATE FUNCTION peerroom.story_shell() RETURNS trigger LANGUAGE plpgsql \(definer) AS $$
            BEGIN
              IF pg_trigger_depth() > 1 OR OLD.author_id = peerroom.removed_member() THEN RETURN OLD; END IF;
              IF NOT EXISTS (SELECT 1 FROM peerroom.reply WHERE story_id = OLD.id AND author_id != OLD.author_id) THEN
                RETURN OLD;
              END IF;
              DELETE FROM peerroom.reply WHERE story_id = OLD.id AND author_id = OLD.author_id;
              DELETE FROM peerroom.reaction WHERE story_id = OLD.id AND member_id = OLD.author_id;
              UPDATE peerroom.story SET author_id = peerroom.removed_member(), title = '[removed]',
                body = 'Removed by its author. The replies below are others'' words and stay.',
                content_warning = NULL, updated_at = (extract(epoch FROM clock_timestamp()) * 1000)::bigint
              WHERE id = OLD.id;
              RETURN NULL;
            END $$;
            CREATE TRIGGER story_shell BEFORE DELETE ON peerroom.story
              FOR EACH ROW EXECUTE FUNCTION peerroom.story_shell();

            -- Forgetting a member (the DELETE policy: oneself only): stories others replied to
            -- stay as "[removed]", and so do messages their mentor or mentee wrote to them.
            CREATE FUNCTION peerroom.forget_member() RETURNS trigger LANGUAGE plpgsql \(definer) AS $$
            DECLARE removed bigint := peerroom.removed_member();
            BEGIN
              UPDATE peerroom.story SET author_id = removed, title = '[removed]', body = '[removed]',
                content_warning = NULL
              WHERE author_id = OLD.id
                AND EXISTS (SELECT 1 FROM peerroom.reply r WHERE r.story_id = story.id AND r.author_id != OLD.id);
              UPDATE peerroom.encouragement SET recipient_id = removed WHERE recipient_id = OLD.id;
              DELETE FROM peerroom.mentorship WHERE (mentor_id = OLD.id AND mentee_id = removed)
                OR (mentor_id = removed AND mentee_id = OLD.id);
              DELETE FROM peerroom.mentor_message WHERE author_id = OLD.id;
              UPDATE peerroom.mentorship SET status = 'ended',
                ended_at = coalesce(ended_at, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
                WHERE (mentor_id = OLD.id OR mentee_id = OLD.id) AND status IN ('requested', 'active');
              UPDATE peerroom.mentorship SET mentee_id = removed, request_note = NULL WHERE mentee_id = OLD.id;
              UPDATE peerroom.mentorship SET mentor_id = removed, response_note = NULL WHERE mentor_id = OLD.id;
              RETURN OLD;
            END $$;
            CREATE TRIGGER member_forget BEFORE DELETE ON peerroom.member
              FOR EACH ROW EXECUTE FUNCTION peerroom.forget_member();

            -- The column rule for hidden_at: members have no UPDATE on it. A facilitator's
            -- moderation_action (its INSERT policy: facilitators of that group only) hides or
            -- restores its target here and resolves the open reports on it.
            CREATE FUNCTION peerroom.apply_moderation() RETURNS trigger LANGUAGE plpgsql \(definer) AS $$
            DECLARE target_group bigint; hidden bigint := CASE WHEN NEW.action = 'hide' THEN NEW.created_at END;
            BEGIN
              EXECUTE format('SELECT group_id FROM peerroom.%I WHERE id = $1', NEW.target_kind)
                INTO target_group USING NEW.target_id;
              IF target_group IS DISTINCT FROM NEW.group_id THEN
                RAISE EXCEPTION 'no such content in this group' USING ERRCODE = '42501';
              END IF;
              EXECUTE format('UPDATE peerroom.%I SET hidden_at = $1 WHERE id = $2', NEW.target_kind)
                USING hidden, NEW.target_id;
              UPDATE peerroom.report SET resolved_at = NEW.created_at
                WHERE target_kind = NEW.target_kind AND target_id = NEW.target_id AND resolved_at IS NULL;
              RETURN NULL;
            END $$;
            CREATE TRIGGER moderation_apply AFTER INSERT ON peerroom.moderation_action
              FOR EACH ROW EXECUTE FUNCTION peerroom.apply_moderation();

            -- Mentorship: who may move it where (evaluated as the caller), and the capacity.
            CREATE FUNCTION peerroom.check_mentorship() RETURNS trigger LANGUAGE plpgsql \(invoker) AS $$
            BEGIN
              IF NOT pg_has_role(current_user, \(literal(memberGroup)), 'MEMBER') THEN RETURN NEW; END IF;
              IF (NEW.group_id, NEW.mentor_id, NEW.mentee_id) IS DISTINCT FROM (OLD.group_id, OLD.mentor_id, OLD.mentee_id) THEN
                RAISE EXCEPTION 'a mentorship keeps its two members' USING ERRCODE = '42501';
              END IF;
              IF NEW.status IN ('active', 'declined') AND NEW.status != OLD.status THEN
                IF OLD.status != 'requested' OR NEW.mentor_id != peerroom.me() THEN
                  RAISE EXCEPTION 'only the mentor answers a request' USING ERRCODE = '42501';
                END IF;
                IF NEW.status = 'active' AND peerroom.mentor_room(NEW.mentor_id, NEW.group_id) <= 0 THEN
                  RAISE EXCEPTION 'no room for another mentee' USING ERRCODE = 'P0001', HINT = 'capacity';
                END IF;
              ELSIF NEW.status = 'ended' AND OLD.status NOT IN ('requested', 'active', 'ended') THEN
                RAISE EXCEPTION 'only an open mentorship ends' USING ERRCODE = '42501';
              ELSIF NEW.status = 'requested' AND OLD.status != 'requested' THEN
                RAISE EXCEPTION 'a mentorship does not go back' USING ERRCODE = '42501';
              END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER mentorship_check BEFORE UPDATE ON peerroom.mentorship
              FOR EACH ROW EXECUTE FUNCTION peerroom.check_mentorship();

            -- The change log. One writer at a time takes the next seq (an advisory lock held to
            -- commit), so seqs become visible in order and "seq > last" never skips a change.
            -- NOTIFY carries the seq only: notifications ignore row-level security.
            CREATE FUNCTION peerroom.log_change(kind text, g bigint, s bigint, m bigint, a bigint, b bigint)
              RETURNS void LANGUAGE plpgsql \(definer) AS $$
            DECLARE next bigint;
            BEGIN
              PERFORM pg_advisory_xact_lock(7105112);
              SELECT coalesce(max(seq), 0) + 1 INTO next FROM peerroom.change_log;
              INSERT INTO peerroom.change_log VALUES (next, kind, g, s, m, a, b);
              DELETE FROM peerroom.change_log WHERE seq <= next - 10000;
              PERFORM pg_notify('peerroom_changes', next::text);
            END $$;
            CREATE FUNCTION peerroom.record_change() RETURNS trigger LANGUAGE plpgsql \(definer) AS $$
            DECLARE r record;
            BEGIN
              IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
              CASE TG_TABLE_NAME
                WHEN 'peer_group' THEN PERFORM peerroom.log_change('groups', r.id, NULL, NULL, NULL, NULL);
                WHEN 'story' THEN PERFORM peerroom.log_change('story', r.group_id, r.id, NULL, NULL, NULL);
                WHEN 'reply' THEN PERFORM peerroom.log_change('replies', r.group_id, r.story_id, NULL, NULL, NULL);
                WHEN 'reaction' THEN PERFORM peerroom.log_change('replies',
                  (SELECT group_id FROM peerroom.story WHERE id = r.story_id), r.story_id, NULL, NULL, NULL);
                WHEN 'encouragement' THEN PERFORM peerroom.log_change('encouragement', r.group_id, NULL, NULL, NULL, NULL);
                WHEN 'membership' THEN PERFORM peerroom.log_change('membership', r.group_id, NULL, NULL, r.member_id, NULL);
                WHEN 'meeting' THEN PERFORM peerroom.log_change('meetings', r.group_id, NULL, NULL, NULL, NULL);
                WHEN 'meeting_rsvp' THEN PERFORM peerroom.log_change('meetings',
                  (SELECT group_id FROM peerroom.meeting WHERE id = r.meeting_id), NULL, NULL, NULL, NULL);
                WHEN 'mentor_offer' THEN PERFORM peerroom.log_change('roster', r.group_id, NULL, NULL, NULL, NULL);
                WHEN 'mentorship' THEN
                  PERFORM peerroom.log_change('roster', r.group_id, NULL, NULL, NULL, NULL);
                  PERFORM peerroom.log_change('mentorship', r.group_id, NULL, r.id, r.mentor_id, r.mentee_id);
                WHEN 'mentor_message' THEN PERFORM peerroom.log_change('mentorship', s.group_id, NULL, s.id,
                  s.mentor_id, s.mentee_id) FROM peerroom.mentorship s WHERE s.id = r.mentorship_id;
                WHEN 'report', 'moderation_action' THEN
                  PERFORM peerroom.log_change('queue', r.group_id, NULL, NULL, NULL, NULL);
                WHEN 'join_request' THEN PERFORM peerroom.log_change('join', r.group_id, NULL, NULL, r.member_id, NULL);
                WHEN 'presence' THEN
                  IF TG_OP != 'UPDATE' OR NEW.last_seen - OLD.last_seen >= 60000 THEN
                    PERFORM peerroom.log_change('roster', ms.group_id, NULL, NULL, NULL, NULL)
                      FROM peerroom.membership ms WHERE ms.member_id = r.member_id;
                  END IF;
              END CASE;
              RETURN NULL;
            END $$;
            DO $$
            DECLARE t text;
            BEGIN
              FOREACH t IN ARRAY ARRAY['peer_group', 'story', 'reply', 'reaction', 'encouragement', 'membership',
                'meeting', 'meeting_rsvp', 'mentor_offer', 'mentorship', 'mentor_message', 'report',
                'moderation_action', 'join_request', 'presence'] LOOP
                EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON peerroom.%I
                  FOR EACH ROW EXECUTE FUNCTION peerroom.record_change()', t || '_change', t);
              END LOOP;
            END $$;

            -- A facilitator's queue: what was reported and why, never who reported. A view runs
            -- with its owner's rights (all rows) while current_user stays the caller.
            CREATE VIEW peerroom.report_summary WITH (security_barrier) AS
              SELECT r.group_id, r.target_kind, r.target_id, count(*)::int AS reports,
                array_agg(r.reason ORDER BY r.created_at, r.id) AS reasons,
                array_agg(r.created_at ORDER BY r.created_at, r.id) AS reported_at
              FROM peerroom.report r
              WHERE r.resolved_at IS NULL AND peerroom.facilitates(r.group_id)
              GROUP BY r.group_id, r.target_kind, r.target_id;

            -- Every table: row-level security, forced also on the owner, who reads all rows
            -- through its own policy only.
            DO $$
            DECLARE t text;
            BEGIN
              FOREACH t IN ARRAY ARRAY[\(tables.map(literal).joined(separator: ", "))] LOOP
                EXECUTE format('ALTER TABLE peerroom.%I ENABLE ROW LEVEL SECURITY', t);
                EXECUTE format('ALTER TABLE peerroom.%I FORCE ROW LEVEL SECURITY', t);
                EXECUTE format('CREATE POLICY owner_all ON peerroom.%I TO %I USING (true) WITH CHECK (true)',
                  t, current_user);
              END LOOP;
            END $$;

            REVOKE ALL ON ALL TABLES IN SCHEMA peerroom FROM PUBLIC;
            REVOKE ALL ON ALL FUNCTIONS IN SCHEMA peerroom FROM PUBLIC;
            GRANT USAGE ON SCHEMA peerroom TO \(g);
            GRANT EXECUTE ON FUNCTION peerroom.me(), peerroom.in_group(bigint), peerroom.facilitates(bigint),
              peerroom.group_open(bigint), peerroom.readable(bigint), peerroom.mentor_room(bigint, bigint),
              peerroom.mentee_count(bigint, bigint), peerroom.change_bounds(), peerroom.removed_member(),
              peerroom.story_group(bigint), peerroom.meeting_group(bigint) TO \(g);

            -- Groups and handles: everyone's to read. A member's role name is not.
            GRANT SELECT ON peerroom.peer_group TO \(g);
            CREATE POLICY read ON peerroom.peer_group FOR SELECT TO \(g) USING (true);
            GRANT SELECT (id, handle, handle_order, created_at), INSERT (handle, handle_order, created_at), DELETE
              ON peerroom.member TO \(g);
            CREATE POLICY read ON peerroom.member FOR SELECT TO \(g) USING (true);
            CREATE POLICY take ON peerroom.member FOR INSERT TO \(g) WITH CHECK (peerroom.me() IS NULL);
            CREATE POLICY forget ON peerroom.member FOR DELETE TO \(g) USING (id = peerroom.me());
            GRANT SELECT, INSERT ON peerroom.member_login TO \(g);
            CREATE POLICY own ON peerroom.member_login FOR SELECT TO \(g) USING (role_name = current_user);
            CREATE POLICY bind ON peerroom.member_login FOR INSERT TO \(g) WITH CHECK (role_name = current_user);
            GRANT SELECT, INSERT, UPDATE, DELETE ON peerroom.member_private TO \(g);
            CREATE POLICY read ON peerroom.member_private FOR SELECT TO \(g) USING (member_id = peerroom.me()
              OR EXISTS (SELECT 1 FROM peerroom.membership ms WHERE ms.member_id = member_private.member_id
                         AND ms.shares_recovery_start));
            CREATE POLICY own_insert ON peerroom.member_private FOR INSERT TO \(g) WITH CHECK (member_id = peerroom.me());
            CREATE POLICY own_update ON peerroom.member_private FOR UPDATE TO \(g)
              USING (member_id = peerroom.me()) WITH CHECK (member_id = peerroom.me());
            CREATE POLICY own_delete ON peerroom.member_private FOR DELETE TO \(g) USING (member_id = peerroom.me());

            -- Memberships: of the groups one may read. Joining: oneself, as a newcomer, an open
            -- group or one that invited you; or a facilitator letting in one who asked.
            GRANT SELECT, INSERT (group_id, member_id, role, joined_at),
              UPDATE (shares_recovery_start, shares_milestones) ON peerroom.membership TO \(g);
            CREATE POLICY read ON peerroom.membership FOR SELECT TO \(g) USING (peerroom.readable(group_id));
            CREATE POLICY join_self ON peerroom.membership FOR INSERT TO \(g) WITH CHECK (
              role = 'newcomer' AND member_id = peerroom.me() AND (peerroom.group_open(group_id)
                OR EXISTS (SELECT 1 FROM peerroom.join_request j WHERE j.group_id = membership.group_id
                           AND j.member_id = membership.member_id AND j.kind = 'invited')));
            CREATE POLICY let_in ON peerroom.membership FOR INSERT TO \(g) WITH CHECK (
              role = 'newcomer' AND peerroom.facilitates(group_id)
              AND EXISTS (SELECT 1 FROM peerroom.join_request j WHERE j.group_id = membership.group_id
                          AND j.member_id = membership.member_id AND j.kind = 'asked'));
            CREATE POLICY own_settings ON peerroom.membership FOR UPDATE TO \(g)
              USING (member_id = peerroom.me()) WITH CHECK (member_id = peerroom.me());
            GRANT SELECT ON peerroom.my_group TO \(g);
            CREATE POLICY own ON peerroom.my_group FOR SELECT TO \(g) USING (member_id = peerroom.me());

            -- Stories, replies, encouragement: of readable groups; hidden ones only to their
            -- author and the group's facilitators; written by members as themselves; changed and
            -- deleted by their authors only (no UPDATE on author, group or hidden_at at all).
            GRANT SELECT, INSERT (group_id, author_id, kind, title, content_warning, body, created_at),
              UPDATE (title, content_warning, body, updated_at), DELETE ON peerroom.story TO \(g);
            CREATE POLICY read ON peerroom.story FOR SELECT TO \(g) USING (peerroom.readable(group_id)
              AND (hidden_at IS NULL OR author_id = peerroom.me() OR peerroom.facilitates(group_id)));
            CREATE POLICY write ON peerroom.story FOR INSERT TO \(g)
              WITH CHECK (author_id = peerroom.me() AND peerroom.in_group(group_id));
            CREATE POLICY edit ON peerroom.story FOR UPDATE TO \(g)
              USING (author_id = peerroom.me()) WITH CHECK (author_id = peerroom.me());
            CREATE POLICY remove ON peerroom.story FOR DELETE TO \(g) USING (author_id = peerroom.me());
            GRANT SELECT, INSERT (story_id, group_id, author_id, body, created_at), UPDATE (body, updated_at), DELETE
              ON peerroom.reply TO \(g);
            CREATE POLICY read ON peerroom.reply FOR SELECT TO \(g) USING (peerroom.readable(group_id)
              AND (hidden_at IS NULL OR author_id = peerroom.me() OR peerroom.facilitates(group_id)));
            CREATE POLICY write ON peerroom.reply FOR INSERT TO \(g) WITH CHECK (author_id = peerroom.me()
              AND peerroom.in_group(group_id)
              AND EXISTS (SELECT 1 FROM peerroom.story s WHERE s.id = reply.story_id AND s.group_id = reply.group_id));
            CREATE POLICY edit ON peerroom.reply FOR UPDATE TO \(g)
              USING (author_id = peerroom.me()) WITH CHECK (author_id = peerroom.me());
            CREATE POLICY remove ON peerroom.reply FOR DELETE TO \(g) USING (author_id = peerroom.me());
            GRANT SELECT, INSERT, DELETE ON peerroom.reaction TO \(g);
            CREATE POLICY read ON peerroom.reaction FOR SELECT TO \(g)
              USING (EXISTS (SELECT 1 FROM peerroom.story s WHERE s.id = reaction.story_id));
            CREATE POLICY give ON peerroom.reaction FOR INSERT TO \(g) WITH CHECK (member_id = peerroom.me()
              AND EXISTS (SELECT 1 FROM peerroom.story s WHERE s.id = reaction.story_id AND peerroom.in_group(s.group_id)));
            CREATE POLICY take_back ON peerroom.reaction FOR DELETE TO \(g) USING (member_id = peerroom.me());
            GRANT SELECT, INSERT (group_id, author_id, recipient_id, body, created_at), UPDATE (body, updated_at), DELETE
              ON peerroom.encouragement TO \(g);
            CREATE POLICY read ON peerroom.encouragement FOR SELECT TO \(g) USING (peerroom.readable(group_id)
              AND (hidden_at IS NULL OR author_id = peerroom.me() OR peerroom.facilitates(group_id)));
            CREATE POLICY write ON peerroom.encouragement FOR INSERT TO \(g)
              WITH CHECK (author_id = peerroom.me() AND peerroom.in_group(group_id));
            CREATE POLICY edit ON peerroom.encouragement FOR UPDATE TO \(g)
              USING (author_id = peerroom.me()) WITH CHECK (author_id = peerroom.me());
            CREATE POLICY remove ON peerroom.encouragement FOR DELETE TO \(g) USING (author_id = peerroom.me());

            -- A member's alone: drafts, read marks, mutes, check-ins (daily and at meetings),
            -- milestones.
            DO $$
            DECLARE t text;
            BEGIN
              FOREACH t IN ARRAY ARRAY['draft', 'read_position', 'story_read', 'mute', 'daily_checkin',
                'meeting_checkin', 'milestone_celebration'] LOOP
                EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON peerroom.%I TO %I', t, \(literal(memberGroup)));
                EXECUTE format('CREATE POLICY own ON peerroom.%I TO %I USING (member_id = peerroom.me())
                  WITH CHECK (member_id = peerroom.me())', t, \(literal(memberGroup)));
              END LOOP;
            END $$;
            -- Who is here: shown on the rosters one may read; written as oneself.
            GRANT SELECT, INSERT, UPDATE, DELETE ON peerroom.presence TO \(g);
            CREATE POLICY read ON peerroom.presence FOR SELECT TO \(g) USING (member_id = peerroom.me()
              OR EXISTS (SELECT 1 FROM peerroom.membership ms WHERE ms.member_id = presence.member_id));
            CREATE POLICY own_insert ON peerroom.presence FOR INSERT TO \(g) WITH CHECK (member_id = peerroom.me());
            CREATE POLICY own_update ON peerroom.presence FOR UPDATE TO \(g)
              USING (member_id = peerroom.me()) WITH CHECK (member_id = peerroom.me());
            CREATE POLICY own_delete ON peerroom.presence FOR DELETE TO \(g) USING (member_id = peerroom.me());

            -- Reports: only the reporter sees their own; facilitators read report_summary.
            GRANT SELECT, INSERT (group_id, target_kind, target_id, reporter_id, reason, created_at),
              UPDATE (reason, created_at), DELETE ON peerroom.report TO \(g);
            CREATE POLICY own ON peerroom.report TO \(g) USING (reporter_id = peerroom.me())
              WITH CHECK (reporter_id = peerroom.me() AND peerroom.in_group(group_id));
            GRANT SELECT ON peerroom.report_summary TO \(g);
            GRANT SELECT, INSERT (group_id, target_kind, target_id, facilitator_id, action, note, created_at)
              ON peerroom.moderation_action TO \(g);
            CREATE POLICY read ON peerroom.moderation_action FOR SELECT TO \(g) USING (peerroom.facilitates(group_id));
            CREATE POLICY act ON peerroom.moderation_action FOR INSERT TO \(g)
              WITH CHECK (peerroom.facilitates(group_id) AND facilitator_id = peerroom.me());

            -- Meetings: of readable groups; kept by the group's facilitators; answered by members.
            GRANT SELECT, INSERT (group_id, title, weekday, hour, minute, from_day, starts_at, time_zone,
              duration_minutes, location, facilitator_id, created_at),
              UPDATE (title, weekday, hour, minute, from_day, starts_at, time_zone, duration_minutes, location,
              facilitator_id, updated_at, cancelled_at) ON peerroom.meeting TO \(g);
            CREATE POLICY read ON peerroom.meeting FOR SELECT TO \(g) USING (peerroom.readable(group_id));
            CREATE POLICY add ON peerroom.meeting FOR INSERT TO \(g) WITH CHECK (peerroom.facilitates(group_id));
            CREATE POLICY keep ON peerroom.meeting FOR UPDATE TO \(g)
              USING (peerroom.facilitates(group_id)) WITH CHECK (peerroom.facilitates(group_id));
            GRANT SELECT, INSERT, UPDATE, DELETE ON peerroom.meeting_rsvp TO \(g);
            CREATE POLICY read ON peerroom.meeting_rsvp FOR SELECT TO \(g)
              USING (EXISTS (SELECT 1 FROM peerroom.meeting m WHERE m.id = meeting_rsvp.meeting_id));
            CREATE POLICY answer ON peerroom.meeting_rsvp FOR INSERT TO \(g) WITH CHECK (member_id = peerroom.me()
              AND EXISTS (SELECT 1 FROM peerroom.meeting m WHERE m.id = meeting_rsvp.meeting_id AND peerroom.in_group(m.group_id)));
            CREATE POLICY change ON peerroom.meeting_rsvp FOR UPDATE TO \(g)
              USING (member_id = peerroom.me()) WITH CHECK (member_id = peerroom.me());
            CREATE POLICY take_back ON peerroom.meeting_rsvp FOR DELETE TO \(g) USING (member_id = peerroom.me());

            -- Mentorship: offers are public to readable groups; a mentorship and its thread
            -- belong to its two members alone.
            GRANT SELECT, INSERT, UPDATE, DELETE ON peerroom.mentor_offer TO \(g);
            CREATE POLICY read ON peerroom.mentor_offer FOR SELECT TO \(g) USING (peerroom.readable(group_id));
            CREATE POLICY own_insert ON peerroom.mentor_offer FOR INSERT TO \(g) WITH CHECK (member_id = peerroom.me()
              AND EXISTS (SELECT 1 FROM peerroom.my_group mg WHERE mg.member_id = peerroom.me()
                          AND mg.group_id = mentor_offer.group_id AND mg.role IN ('peer-mentor', 'facilitator')));
            CREATE POLICY own_update ON peerroom.mentor_offer FOR UPDATE TO \(g)
              USING (member_id = peerroom.me()) WITH CHECK (member_id = peerroom.me());
            CREATE POLICY own_delete ON peerroom.mentor_offer FOR DELETE TO \(g) USING (member_id = peerroom.me());
            GRANT SELECT, INSERT (group_id, mentor_id, mentee_id, status, request_note, requested_at),
              UPDATE (status, response_note, responded_at, ended_at) ON peerroom.mentorship TO \(g);
            CREATE POLICY pair ON peerroom.mentorship FOR SELECT TO \(g)
              USING (peerroom.me() IN (mentor_id, mentee_id));
            CREATE POLICY ask ON peerroom.mentorship FOR INSERT TO \(g) WITH CHECK (mentee_id = peerroom.me()
              AND status = 'requested' AND peerroom.in_group(group_id) AND peerroom.mentor_room(mentor_id, group_id) > 0);
            CREATE POLICY answer ON peerroom.mentorship FOR UPDATE TO \(g)
              USING (peerroom.me() IN (mentor_id, mentee_id)) WITH CHECK (peerroom.me() IN (mentor_id, mentee_id));
            GRANT SELECT, INSERT (mentorship_id, author_id, body, created_at) ON peerroom.mentor_message TO \(g);
            CREATE POLICY pair ON peerroom.mentor_message FOR SELECT TO \(g)
              USING (EXISTS (SELECT 1 FROM peerroom.mentorship s WHERE s.id = mentor_message.mentorship_id));
            CREATE POLICY write ON peerroom.mentor_message FOR INSERT TO \(g) WITH CHECK (author_id = peerroom.me()
              AND EXISTS (SELECT 1 FROM peerroom.mentorship s WHERE s.id = mentor_message.mentorship_id
                          AND s.status = 'active'));

            -- Closed groups: a request is its member's and the group's facilitators'.
            GRANT SELECT, INSERT, DELETE ON peerroom.join_request TO \(g);
            CREATE POLICY read ON peerroom.join_request FOR SELECT TO \(g)
              USING (member_id = peerroom.me() OR peerroom.facilitates(group_id));
            CREATE POLICY ask ON peerroom.join_request FOR INSERT TO \(g) WITH CHECK (
              (member_id = peerroom.me() AND kind = 'asked' AND invited_by IS NULL AND NOT peerroom.group_open(group_id))
              OR (kind = 'invited' AND invited_by = peerroom.me() AND peerroom.facilitates(group_id)));
            CREATE POLICY answer ON peerroom.join_request FOR DELETE TO \(g)
              USING (member_id = peerroom.me() OR peerroom.facilitates(group_id));

            -- The change log, as each member may be told of it.
            GRANT SELECT ON peerroom.change_log TO \(g);
            CREATE POLICY told ON peerroom.change_log FOR SELECT TO \(g) USING (CASE kind
              WHEN 'mentorship' THEN peerroom.me() IN (member_a, member_b)
              WHEN 'queue' THEN peerroom.facilitates(group_id)
              WHEN 'join' THEN member_a = peerroom.me() OR peerroom.facilitates(group_id)
              ELSE group_id IS NULL OR kind = 'groups' OR peerroom.readable(group_id) END);
            """
    }
    // swiftlint:enable function_body_length

    /// "For you" (issue 18): each member's seen mark, theirs alone to read and write. The
    /// for-you list itself reads the existing tables through their policies.
    static func forYouV16(memberGroup: String) -> String {
        let g = ident(memberGroup)
        return """
            -- Everything created at or before seen_through (ms) is seen by the member.
            CREATE TABLE peerroom.for_you_seen (
              member_id bigint PRIMARY KEY REFERENCES peerroom.member(id) ON DELETE CASCADE,
              seen_through bigint NOT NULL
            );
            ALTER TABLE peerroom.for_you_seen ENABLE ROW LEVEL SECURITY;
            ALTER TABLE peerroom.for_you_seen FORCE ROW LEVEL SECURITY;
            DO $$ BEGIN
              EXECUTE format('CREATE POLICY owner_all ON peerroom.for_you_seen TO %I USING (true) WITH CHECK (true)',
                current_user);
            END $$;
            REVOKE ALL ON peerroom.for_you_seen FROM PUBLIC;
            GRANT SELECT, INSERT, UPDATE ON peerroom.for_you_seen TO \(g);
            CREATE POLICY own ON peerroom.for_you_seen TO \(g)
              USING (member_id = peerroom.me()) WITH CHECK (member_id = peerroom.me());
            """
    }

    /// A facilitator adds a content warning as a moderation action (issue 18): an insert into
    /// `moderation_action` ('warn', with the warning), allowed by its facilitators-only policy,
    /// which the owner's trigger applies to the story. The story's author reads the warn
    /// actions on their own stories (the facilitator's note).
    static func warningV18(memberGroup: String) -> String {
        let g = ident(memberGroup)
        let definer = "SECURITY DEFINER SET search_path = pg_catalog, peerroom, pg_temp"
        return """
            ALTER TABLE peerroom.moderation_action ADD COLUMN warning text;
            ALTER TABLE peerroom.moderation_action DROP CONSTRAINT moderation_action_action_check;
            ALTER TABLE peerroom.moderation_action ADD CONSTRAINT moderation_action_action_check
              CHECK (action IN ('hide', 'restore', 'warn'));
            ALTER TABLE peerroom.moderation_action ADD CONSTRAINT moderation_action_warning_check
              CHECK ((action = 'warn') = (warning IS NOT NULL AND target_kind = 'story'));
            GRANT INSERT (warning) ON peerroom.moderation_action TO \(g);
            CREATE POLICY author_reads_warning ON peerroom.moderation_action FOR SELECT TO \(g)
              USING (action = 'warn' AND EXISTS (SELECT 1 FROM peerroom.story s
                WHERE s.id = moderation_action.target_id AND s.author_id = (SELECT peerroom.me())));
            CREATE OR REPLACE FUNCTION peerroom.apply_moderation() RETURNS trigger LANGUAGE plpgsql \(definer) AS $$
            DECLARE target_group bigint; hidden bigint := CASE WHEN NEW.action = 'hide' THEN NEW.created_at END;
            BEGIN
              EXECUTE format('SELECT group_id FROM peerroom.%I WHERE id = $1', NEW.target_kind)
                INTO target_group USING NEW.target_id;
              IF target_group IS DISTINCT FROM NEW.group_id THEN
                RAISE EXCEPTION 'no such content in this group' USING ERRCODE = '42501';
              END IF;
              IF NEW.action = 'warn' THEN
                UPDATE peerroom.story SET content_warning = NEW.warning WHERE id = NEW.target_id;
              ELSE
                EXECUTE format('UPDATE peerroom.%I SET hidden_at = $1 WHERE id = $2', NEW.target_kind)
                  USING hidden, NEW.target_id;
              END IF;
              UPDATE peerroom.report SET resolved_at = NEW.created_at
                WHERE target_kind = NEW.target_kind AND target_id = NEW.target_id AND resolved_at IS NULL;
              RETURN NULL;
            END $$;
            """
    }

    /// "I need support now" (issue 18). A signal is its sender's and its recipients'; who was
    /// told is filled by an owner's trigger from the sender's groups (the INSERT policy already
    /// made the sender `me()`), so no member writes recipient rows; the answer and the thread
    /// are the pair's alone (policy `pair`), and the answer's primary key lets exactly one
    /// helper answer. The other helpers see `answered_at` on the signal, set by an owner's
    /// trigger, never who answered: members have no UPDATE or DELETE on any of these tables.
    static func supportNowV17(memberGroup: String) -> String {
        let g = ident(memberGroup)
        let definer = "SECURITY DEFINER SET search_path = pg_catalog, peerroom, pg_temp"
        let invoker = "SET search_path = pg_catalog, peerroom, pg_temp"
        let support = ["support_signal", "support_recipient", "support_answer", "support_message"]
        return """
            CREATE TABLE peerroom.support_signal (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              line text,
              created_at bigint NOT NULL,
              answered_at bigint
            );
            CREATE INDEX support_signal_member ON peerroom.support_signal (member_id, created_at);
            CREATE TABLE peerroom.support_recipient (
              signal_id bigint NOT NULL REFERENCES peerroom.support_signal(id) ON DELETE CASCADE,
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              signaller_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              PRIMARY KEY (signal_id, member_id)
            );
            CREATE INDEX support_recipient_member ON peerroom.support_recipient (member_id);
            CREATE TABLE peerroom.support_answer (
              signal_id bigint PRIMARY KEY REFERENCES peerroom.support_signal(id) ON DELETE CASCADE,
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              answerer_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              answered_at bigint NOT NULL
            );
            CREATE INDEX support_answer_answerer ON peerroom.support_answer (answerer_id);
            CREATE TABLE peerroom.support_message (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              signal_id bigint NOT NULL REFERENCES peerroom.support_answer(signal_id) ON DELETE CASCADE,
              author_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              body text NOT NULL,
              created_at bigint NOT NULL
            );
            CREATE INDEX support_message_thread ON peerroom.support_message (signal_id, created_at, id);
            CREATE INDEX support_message_author ON peerroom.support_message (author_id);
            DO $$
            DECLARE t text;
            BEGIN
              FOREACH t IN ARRAY ARRAY[\(support.map(literal).joined(separator: ", "))] LOOP
                EXECUTE format('ALTER TABLE peerroom.%I ENABLE ROW LEVEL SECURITY', t);
                EXECUTE format('ALTER TABLE peerroom.%I FORCE ROW LEVEL SECURITY', t);
                EXECUTE format('CREATE POLICY owner_all ON peerroom.%I TO %I USING (true) WITH CHECK (true)',
                  t, current_user);
                EXECUTE format('REVOKE ALL ON peerroom.%I FROM PUBLIC', t);
              END LOOP;
            END $$;

            GRANT SELECT, INSERT (member_id, line, created_at) ON peerroom.support_signal TO \(g);
            CREATE POLICY read ON peerroom.support_signal FOR SELECT TO \(g) USING (member_id = peerroom.me()
              OR EXISTS (SELECT 1 FROM peerroom.support_recipient r WHERE r.signal_id = support_signal.id
                         AND r.member_id = peerroom.me()));
            CREATE POLICY send ON peerroom.support_signal FOR INSERT TO \(g) WITH CHECK (member_id = peerroom.me()
              AND answered_at IS NULL);
            -- signaller_id is kept here so this policy need not read support_signal (whose own
            -- policy reads this table: the two would recurse).
            GRANT SELECT ON peerroom.support_recipient TO \(g);
            CREATE POLICY read ON peerroom.support_recipient FOR SELECT TO \(g)
              USING (peerroom.me() IN (member_id, signaller_id));
            GRANT SELECT, INSERT (signal_id, member_id, answerer_id, answered_at) ON peerroom.support_answer TO \(g);
            CREATE POLICY pair ON peerroom.support_answer FOR SELECT TO \(g)
              USING (peerroom.me() IN (member_id, answerer_id));
            CREATE POLICY answer ON peerroom.support_answer FOR INSERT TO \(g) WITH CHECK (answerer_id = peerroom.me()
              AND EXISTS (SELECT 1 FROM peerroom.support_recipient r WHERE r.signal_id = support_answer.signal_id
                          AND r.member_id = peerroom.me() AND r.signaller_id = support_answer.member_id));
            GRANT SELECT, INSERT (signal_id, author_id, body, created_at) ON peerroom.support_message TO \(g);
            CREATE POLICY pair ON peerroom.support_message FOR SELECT TO \(g)
              USING (EXISTS (SELECT 1 FROM peerroom.support_answer a WHERE a.signal_id = support_message.signal_id));
            CREATE POLICY write ON peerroom.support_message FOR INSERT TO \(g) WITH CHECK (author_id = peerroom.me()
              AND EXISTS (SELECT 1 FROM peerroom.support_answer a WHERE a.signal_id = support_message.signal_id));

            -- The limits, as the sender (who reads their own signals): one waiting at a time and
            -- \(Support.perHour) an hour, one sender's inserts in turn (an advisory lock to commit).
            CREATE FUNCTION peerroom.check_support_signal() RETURNS trigger LANGUAGE plpgsql \(invoker) AS $$
            BEGIN
              IF NOT pg_has_role(current_user, \(literal(memberGroup)), 'MEMBER') THEN RETURN NEW; END IF;
              PERFORM pg_advisory_xact_lock(7105117, NEW.member_id::int);
              IF EXISTS (SELECT 1 FROM peerroom.support_signal WHERE member_id = NEW.member_id
                         AND answered_at IS NULL AND created_at > NEW.created_at - \(Support.waitMillis)) THEN
                RAISE EXCEPTION 'a call for support is waiting' USING ERRCODE = 'P0001', HINT = 'support-waiting';
              END IF;
              IF (SELECT count(*) FROM peerroom.support_signal WHERE member_id = NEW.member_id
                  AND created_at > NEW.created_at - \(Support.hourMillis)) >= \(Support.perHour) THEN
                RAISE EXCEPTION 'too many calls for support this hour' USING ERRCODE = 'P0001', HINT = 'support-hourly';
              END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER support_signal_check BEFORE INSERT ON peerroom.support_signal
              FOR EACH ROW EXECUTE FUNCTION peerroom.check_support_signal();

            -- Who is told: the peer mentors and facilitators of the sender's groups here now
            -- (a heartbeat within 60 s of the signal's time). The policy made the sender me().
            CREATE FUNCTION peerroom.tell_helpers() RETURNS trigger LANGUAGE plpgsql \(definer) AS $$
            BEGIN
              INSERT INTO peerroom.support_recipient (signal_id, member_id, signaller_id)
                SELECT DISTINCT NEW.id, h.member_id, NEW.member_id FROM peerroom.membership mine
                JOIN peerroom.membership h ON h.group_id = mine.group_id AND h.role IN ('facilitator', 'peer-mentor')
                WHERE mine.member_id = NEW.member_id AND h.member_id != NEW.member_id
                  AND EXISTS (SELECT 1 FROM peerroom.presence p WHERE p.member_id = h.member_id
                              AND p.last_seen > NEW.created_at - 60000);
              RETURN NULL;
            END $$;
            CREATE TRIGGER support_signal_tell AFTER INSERT ON peerroom.support_signal
              FOR EACH ROW EXECUTE FUNCTION peerroom.tell_helpers();

            -- An answer (its policy: one told of the signal, as themselves) marks the signal
            -- answered for the other helpers, without saying by whom.
            CREATE FUNCTION peerroom.mark_answered() RETURNS trigger LANGUAGE plpgsql \(definer) AS $$
            BEGIN
              UPDATE peerroom.support_signal SET answered_at = NEW.answered_at WHERE id = NEW.signal_id;
              RETURN NULL;
            END $$;
            CREATE TRIGGER support_answer_mark AFTER INSERT ON peerroom.support_answer
              FOR EACH ROW EXECUTE FUNCTION peerroom.mark_answered();

            -- The change log: ids only, to the sender and those told (member_a, member_b).
            CREATE FUNCTION peerroom.record_support_change() RETURNS trigger LANGUAGE plpgsql \(definer) AS $$
            BEGIN
              CASE TG_TABLE_NAME
                WHEN 'support_recipient' THEN
                  PERFORM peerroom.log_change('support', NULL, NULL, NEW.signal_id, NEW.member_id, NEW.signaller_id);
                WHEN 'support_answer' THEN
                  PERFORM peerroom.log_change('support', NULL, NULL, r.signal_id, r.member_id, r.signaller_id)
                    FROM peerroom.support_recipient r WHERE r.signal_id = NEW.signal_id;
                WHEN 'support_message' THEN
                  PERFORM peerroom.log_change('support', NULL, NULL, a.signal_id, a.member_id, a.answerer_id)
                    FROM peerroom.support_answer a WHERE a.signal_id = NEW.signal_id;
              END CASE;
              RETURN NULL;
            END $$;
            CREATE TRIGGER support_recipient_change AFTER INSERT ON peerroom.support_recipient
              FOR EACH ROW EXECUTE FUNCTION peerroom.record_support_change();
            CREATE TRIGGER support_answer_change AFTER INSERT ON peerroom.support_answer
              FOR EACH ROW EXECUTE FUNCTION peerroom.record_support_change();
            CREATE TRIGGER support_message_change AFTER INSERT ON peerroom.support_message
              FOR EACH ROW EXECUTE FUNCTION peerroom.record_support_change();
            REVOKE ALL ON FUNCTION peerroom.check_support_signal(), peerroom.tell_helpers(), peerroom.mark_answered(),
              peerroom.record_support_change() FROM PUBLIC;

            -- The log's policy, now also for support: only the two it names.
            ALTER POLICY told ON peerroom.change_log USING (CASE kind
              WHEN 'mentorship' THEN peerroom.me() IN (member_a, member_b)
              WHEN 'support' THEN peerroom.me() IN (member_a, member_b)
              WHEN 'queue' THEN peerroom.facilitates(group_id)
              WHEN 'join' THEN member_a = peerroom.me() OR peerroom.facilitates(group_id)
              ELSE group_id IS NULL OR kind = 'groups' OR peerroom.readable(group_id) END);
            """
    }

    /// Speed at 100,000 stories (issue 15): the first frame's policies and counts.
    /// - Every policy calling `readable`, `facilitates`, `in_group` or `group_open` with a
    ///   column compares the column with the caller's groups read once per statement
    ///   (`readable_groups()` and its siblings), and reads `me()` once; rewritten from the
    ///   catalog, so every policy made before is covered. Later policies are written so.
    /// - `me()` loses its `SET search_path` (a function call with one saves and restores the
    ///   setting; the queries still call it per row). It runs as the caller, as before, and
    ///   names every relation and operator by schema, so no search_path changes what it means.
    ///   Members can create objects in no schema but their temporary one, which is never
    ///   searched for operators.
    /// - `group_story_count` keeps each group's count of stories not hidden (what SQLite's
    ///   `group_count` keeps), by triggers that run as the owner; readable where the group is.
    static func readOnceV19(memberGroup: String) -> String {
        let g = ident(memberGroup)
        let invoker = "SET search_path = pg_catalog, peerroom, pg_temp"
        let definer = "SECURITY DEFINER " + invoker
        return """
            ALTER FUNCTION peerroom.me() RESET search_path;
            CREATE OR REPLACE FUNCTION peerroom.me() RETURNS bigint LANGUAGE sql STABLE AS $$
              SELECT (SELECT l.member_id FROM peerroom.member_login l
                      WHERE l.role_name OPERATOR(pg_catalog.=) CURRENT_USER::text)
            $$;
            CREATE FUNCTION peerroom.readable_groups() RETURNS bigint[] LANGUAGE sql STABLE \(invoker) AS $$
              SELECT array(SELECT id FROM peerroom.peer_group WHERE is_open
                           UNION SELECT group_id FROM peerroom.my_group WHERE member_id = peerroom.me())
            $$;
            CREATE FUNCTION peerroom.my_groups() RETURNS bigint[] LANGUAGE sql STABLE \(invoker) AS $$
              SELECT array(SELECT group_id FROM peerroom.my_group WHERE member_id = peerroom.me())
            $$;
            CREATE FUNCTION peerroom.open_groups() RETURNS bigint[] LANGUAGE sql STABLE \(invoker) AS $$
              SELECT array(SELECT id FROM peerroom.peer_group WHERE is_open)
            $$;
            CREATE FUNCTION peerroom.facilitated_groups() RETURNS bigint[] LANGUAGE sql STABLE \(invoker) AS $$
              SELECT array(SELECT group_id FROM peerroom.my_group
                           WHERE member_id = peerroom.me() AND role = 'facilitator')
            $$;
            REVOKE ALL ON FUNCTION peerroom.readable_groups(), peerroom.my_groups(), peerroom.open_groups(),
              peerroom.facilitated_groups() FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION peerroom.readable_groups(), peerroom.my_groups(), peerroom.open_groups(),
              peerroom.facilitated_groups() TO \(g);
            DO $$
            DECLARE
              p record;
              rewritten text[];
              calls text[] := ARRAY['readable', 'readable_groups', 'facilitates', 'facilitated_groups',
                                    'in_group', 'my_groups', 'group_open', 'open_groups'];
              path text := current_setting('search_path');
            BEGIN
              -- The catalog prints names relative to the search_path; the room's connections
              -- set it to peerroom, and the patterns below expect every name qualified.
              PERFORM set_config('search_path', 'pg_catalog', true);
              FOR p IN SELECT tablename, policyname, qual, with_check FROM pg_policies WHERE schemaname = 'peerroom' LOOP
                rewritten := ARRAY[p.qual, p.with_check];
                FOR i IN 1..2 LOOP
                  FOR k IN 0..3 LOOP
                    rewritten[i] := regexp_replace(rewritten[i],
                      'peerroom\\.' || calls[2 * k + 1] || '\\(([a-z_]+(\\.[a-z_]+)?)\\)',
                      '(\\1 = ANY ((SELECT peerroom.' || calls[2 * k + 2] || '())::bigint[]))', 'g');
                  END LOOP;
                  rewritten[i] := regexp_replace(rewritten[i], '(?<!SELECT )peerroom\\.me\\(\\)',
                    '(SELECT peerroom.me())', 'g');
                END LOOP;
                IF rewritten[1] IS DISTINCT FROM p.qual THEN
                  EXECUTE format('ALTER POLICY %I ON peerroom.%I USING (%s)', p.policyname, p.tablename, rewritten[1]);
                END IF;
                IF rewritten[2] IS DISTINCT FROM p.with_check THEN
                  EXECUTE format('ALTER POLICY %I ON peerroom.%I WITH CHECK (%s)', p.policyname, p.tablename,
                    rewritten[2]);
                END IF;
              END LOOP;
              PERFORM set_config('search_path', path, true);
            END $$;

            CREATE TABLE peerroom.group_story_count (
              group_id bigint PRIMARY KEY REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              stories bigint NOT NULL DEFAULT 0
            );
            ALTER TABLE peerroom.group_story_count ENABLE ROW LEVEL SECURITY;
            ALTER TABLE peerroom.group_story_count FORCE ROW LEVEL SECURITY;
            DO $$ BEGIN
              EXECUTE format('CREATE POLICY owner_all ON peerroom.group_story_count TO %I USING (true) WITH CHECK (true)',
                current_user);
            END $$;
            REVOKE ALL ON peerroom.group_story_count FROM PUBLIC;
            GRANT SELECT ON peerroom.group_story_count TO \(g);
            CREATE POLICY read ON peerroom.group_story_count FOR SELECT TO \(g)
              USING (group_id = ANY ((SELECT peerroom.readable_groups())::bigint[]));
            INSERT INTO peerroom.group_story_count (group_id, stories)
              SELECT g.id, (SELECT count(*) FROM peerroom.story s WHERE s.group_id = g.id AND s.hidden_at IS NULL)
              FROM peerroom.peer_group g;
            -- Row triggers: a post waits for the group's row lock only as long as its own
            -- transaction (posts are READ COMMITTED), and every path (moderation's trigger,
            -- a forgotten member's cascade) is counted where it happens.
            CREATE FUNCTION peerroom.count_stories() RETURNS trigger LANGUAGE plpgsql \(definer) AS $$
            BEGIN
              IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.hidden_at IS NULL THEN
                UPDATE peerroom.group_story_count SET stories = stories - 1 WHERE group_id = OLD.group_id;
              END IF;
              IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.hidden_at IS NULL THEN
                UPDATE peerroom.group_story_count SET stories = stories + 1 WHERE group_id = NEW.group_id;
              END IF;
              RETURN NULL;
            END $$;
            CREATE TRIGGER story_count AFTER INSERT OR DELETE OR UPDATE OF hidden_at, group_id ON peerroom.story
              FOR EACH ROW EXECUTE FUNCTION peerroom.count_stories();
            CREATE FUNCTION peerroom.count_new_group() RETURNS trigger LANGUAGE plpgsql \(definer) AS $$
            BEGIN
              INSERT INTO peerroom.group_story_count (group_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
              RETURN NULL;
            END $$;
            CREATE TRIGGER group_count_row AFTER INSERT ON peerroom.peer_group
              FOR EACH ROW EXECUTE FUNCTION peerroom.count_new_group();
            REVOKE ALL ON FUNCTION peerroom.count_stories(), peerroom.count_new_group() FROM PUBLIC;
            """
    }

    /// A meeting's share circle (issue 18): one row per raised hand of an occurrence, in the
    /// order raised (id), `speaking_since` on the one speaking; one hand per member and
    /// occurrence, one speaker at a time (unique indexes). Members of the group read it and
    /// raise (insert, as themselves, never speaking) and lower (delete) their own hand; its
    /// facilitators pass the turn (`speaking_since`, the only column anyone updates) and lower
    /// any hand. That the occurrence is under way was the store's check only, by the room's
    /// clock, until v23 put it in the `raise` policy by the database's.
    /// The change log tells the group's members (the meeting's id in `mentorship_id`).
    static func shareCircleV20(memberGroup: String) -> String {
        let g = ident(memberGroup)
        let definer = "SECURITY DEFINER SET search_path = pg_catalog, peerroom, pg_temp"
        let (me, mine, facilitated) = (Cheap.me, Cheap.inMyGroups, Cheap.inFacilitatedGroups)
        return """
            CREATE TABLE peerroom.circle_hand (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              meeting_id bigint NOT NULL REFERENCES peerroom.meeting(id) ON DELETE CASCADE,
              occurrence bigint NOT NULL,
              group_id bigint NOT NULL REFERENCES peerroom.peer_group(id) ON DELETE CASCADE,
              member_id bigint NOT NULL REFERENCES peerroom.member(id) ON DELETE CASCADE,
              raised_at bigint NOT NULL,
              speaking_since bigint
            );
            CREATE UNIQUE INDEX circle_hand_once ON peerroom.circle_hand (meeting_id, occurrence, member_id);
            CREATE UNIQUE INDEX circle_hand_speaker ON peerroom.circle_hand (meeting_id, occurrence)
              WHERE speaking_since IS NOT NULL;
            CREATE INDEX circle_hand_member ON peerroom.circle_hand (member_id);
            CREATE INDEX circle_hand_group ON peerroom.circle_hand (group_id);
            ALTER TABLE peerroom.circle_hand ENABLE ROW LEVEL SECURITY;
            ALTER TABLE peerroom.circle_hand FORCE ROW LEVEL SECURITY;
            DO $$ BEGIN
              EXECUTE format('CREATE POLICY owner_all ON peerroom.circle_hand TO %I USING (true) WITH CHECK (true)',
                current_user);
            END $$;
            REVOKE ALL ON peerroom.circle_hand FROM PUBLIC;
            GRANT SELECT, INSERT (meeting_id, occurrence, group_id, member_id, raised_at), UPDATE (speaking_since),
              DELETE ON peerroom.circle_hand TO \(g);
            CREATE POLICY read ON peerroom.circle_hand FOR SELECT TO \(g) USING (\(mine));
            CREATE POLICY raise ON peerroom.circle_hand FOR INSERT TO \(g) WITH CHECK (member_id = \(me)
              AND \(mine) AND speaking_since IS NULL
              AND EXISTS (SELECT 1 FROM peerroom.meeting m WHERE m.id = circle_hand.meeting_id
                          AND m.group_id = circle_hand.group_id AND m.cancelled_at IS NULL));
            CREATE POLICY pass ON peerroom.circle_hand FOR UPDATE TO \(g) USING (\(facilitated))
              WITH CHECK (\(facilitated));
            CREATE POLICY lower ON peerroom.circle_hand FOR DELETE TO \(g)
              USING (member_id = \(me) OR \(facilitated));

            CREATE FUNCTION peerroom.record_circle_change() RETURNS trigger LANGUAGE plpgsql \(definer) AS $$
            DECLARE r record;
            BEGIN
              IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
              PERFORM peerroom.log_change('circle', r.group_id, NULL, r.meeting_id, NULL, NULL);
              RETURN NULL;
            END $$;
            CREATE TRIGGER circle_hand_change AFTER INSERT OR UPDATE OR DELETE ON peerroom.circle_hand
              FOR EACH ROW EXECUTE FUNCTION peerroom.record_circle_change();
            REVOKE ALL ON FUNCTION peerroom.record_circle_change() FROM PUBLIC;

            -- The log's policy, now also for the circle: only the group's members.
            ALTER POLICY told ON peerroom.change_log USING (CASE kind
              WHEN 'mentorship' THEN \(me) IN (member_a, member_b)
              WHEN 'support' THEN \(me) IN (member_a, member_b)
              WHEN 'queue' THEN \(facilitated)
              WHEN 'join' THEN member_a = \(me) OR \(facilitated)
              WHEN 'circle' THEN \(mine)
              ELSE group_id IS NULL OR kind = 'groups'
                OR group_id = ANY ((SELECT peerroom.readable_groups())::bigint[]) END);
            """
    }

    /// The newcomer backlog (issue 18): a group's facilitators set how far back its members read
    /// (`backlog_days` before they joined; NULL: everything). The stories' policy holds back
    /// others' stories older than the caller's floor in each limited group they do not
    /// facilitate (a non-member's floor is the end of time); replies follow their story, and
    /// one's own stories, replies and reactions are never held back. Written in v19's cheap
    /// form: the limited groups and their floors are two parallel arrays read once per
    /// statement, matched with `array_position`. Depends on nothing after v19.
    static func backlogV21(memberGroup: String) -> String {
        let g = ident(memberGroup)
        let invoker = "SET search_path = pg_catalog, peerroom, pg_temp"
        let me = Cheap.me
        let limited = "(SELECT peerroom.backlog_groups())::bigint[]"
        let floors = "(SELECT peerroom.backlog_floors())::bigint[]"
        let visible = "(hidden_at IS NULL OR author_id = \(me) OR \(Cheap.inFacilitatedGroups))"
        let readable = "group_id = ANY ((SELECT peerroom.readable_groups())::bigint[])"
        return """
            ALTER TABLE peerroom.peer_group ADD COLUMN backlog_days bigint
              CHECK (backlog_days BETWEEN 0 AND \(Backlog.maxDays));
            GRANT UPDATE (backlog_days) ON peerroom.peer_group TO \(g);
            CREATE POLICY backlog ON peerroom.peer_group FOR UPDATE TO \(g)
              USING (id = ANY ((SELECT peerroom.facilitated_groups())::bigint[]))
              WITH CHECK (id = ANY ((SELECT peerroom.facilitated_groups())::bigint[]));
            -- The limited groups the caller does not facilitate, in id order, and (same order)
            -- the moment they read others' stories from there.
            CREATE FUNCTION peerroom.backlog_groups() RETURNS bigint[] LANGUAGE sql STABLE \(invoker) AS $$
              SELECT array(SELECT g.id FROM peerroom.peer_group g
                LEFT JOIN peerroom.membership ms ON ms.group_id = g.id AND ms.member_id = peerroom.me()
                WHERE g.backlog_days IS NOT NULL AND ms.role IS DISTINCT FROM 'facilitator' ORDER BY g.id)
            $$;
            CREATE FUNCTION peerroom.backlog_floors() RETURNS bigint[] LANGUAGE sql STABLE \(invoker) AS $$
              SELECT array(SELECT coalesce(ms.joined_at - g.backlog_days * \(Backlog.dayMillis), \(Backlog.nonMemberFloorMillis))
                FROM peerroom.peer_group g
                LEFT JOIN peerroom.membership ms ON ms.group_id = g.id AND ms.member_id = peerroom.me()
                WHERE g.backlog_days IS NOT NULL AND ms.role IS DISTINCT FROM 'facilitator' ORDER BY g.id)
            $$;
            REVOKE ALL ON FUNCTION peerroom.backlog_groups(), peerroom.backlog_floors() FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION peerroom.backlog_groups(), peerroom.backlog_floors() TO \(g);
            ALTER POLICY read ON peerroom.story USING (\(readable) AND \(visible)
              AND (author_id = \(me) OR NOT (group_id = ANY (\(limited)))
                   OR created_at >= (\(floors))[array_position(\(limited), group_id)]));
            ALTER POLICY read ON peerroom.reply USING (\(readable) AND \(visible)
              AND (author_id = \(me) OR NOT (group_id = ANY (\(limited)))
                   OR EXISTS (SELECT 1 FROM peerroom.story s WHERE s.id = reply.story_id)));
            ALTER POLICY read ON peerroom.reaction
              USING (member_id = \(me) OR EXISTS (SELECT 1 FROM peerroom.story s WHERE s.id = reaction.story_id));
            """
    }
}
