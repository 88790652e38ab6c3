#pragma once
// GET /_matrix/client/v3/sync responses -> neutral inbound events, invites and encrypted rooms.
// https://spec.matrix.org/v1.10/client-server-api/#get_matrixclientv3sync
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/message.hpp"
#include "core/result.hpp"

namespace frontline::matrix {

/// What decoding needs besides the body.
struct SyncContext {
    std::string self_user_id;   ///< from whoami: our own events are never answered
    TimePoint now{};
    /// The first sync of a fresh start: its timeline is history, not news. Invites and encrypted
    /// rooms still count; messages do not become events.
    bool history = false;
};

/// An invitation of the bot into a room (rooms.invite).
struct RoomInvite {
    std::string room_id;
    std::string inviter;        ///< "@user:server" of the m.room.member invite event's sender
    bool is_direct = false;     ///< the inviter marked it a direct chat
};

/// A joined room's member counts as the sync's room summary gave them (only those that changed).
struct RoomSummary {
    std::optional<int> joined;
    std::optional<int> invited;
};

/// A room whose timeline was cut: the events between `since` and `prev_batch` were not delivered.
struct TimelineGap {
    std::string room_id;
    std::string prev_batch;     ///< where /messages (dir=b) starts to fetch them
};

/// One /sync answer, decoded.
struct SyncBatch {
    std::string next_batch;                 ///< the since token of the next /sync
    std::vector<InboundEvent> events;       ///< in timeline order, room by room
    std::vector<RoomInvite> invites;
    std::vector<std::string> encrypted_rooms; ///< joined rooms where encryption showed (state or events)
    /// Rooms whose timeline was cut (limited: more new events than the filter's limit): the
    /// adapter fetches what is missing with /messages before it commits the batch.
    std::vector<TimelineGap> gaps;
    std::map<std::string, RoomSummary> summaries;  ///< rooms whose member counts came with this sync
    /// Events (by event_key) that address the bot: it is mentioned (m.mentions, a pill) or named first.
    std::set<std::string> addressed_to_us;
    int skipped = 0;                        ///< events that are not for us (own, notices, edits, other types)
};

/// One page of GET /rooms/{room}/messages?dir=b: its events decoded (oldest first) and the token of
/// the next, older page ("" at the end).
struct MessagesPage {
    SyncBatch events;           ///< events, addressed_to_us and skipped are filled
    std::string end;
    int chunk_size = 0;         ///< events on the page, decoded or not
};
Result<MessagesPage> parse_messages(std::string_view body, const std::string& room_id, const SyncContext& ctx);

/// The two parts of an mxc:// URI (mxc://<server-name>/<media-id>).
struct MediaId {
    std::string server_name;
    std::string media_id;
};
/// nullopt for anything that is not a well-formed mxc:// URI (the parts go into a URL path).
std::optional<MediaId> parse_mxc(std::string_view uri);

/// An m.image / m.file content as an attachment: `filename` (else body) as the name,
/// info.mimetype, info.size, the mxc:// url as platform_ref. An encrypted file (content.file)
/// comes back with state "unavailable"; nullopt when there is no usable url or file.
std::optional<Attachment> media_attachment(const nlohmann::json& content);
/// The words sent with a file: body when a `filename` differs from it (spec v1.10), else "".
std::string media_caption(const nlohmann::json& content);

/// The inbox key of a Matrix event: its event id, unique per homeserver network.
std::string event_key(std::string_view event_id);

/// Parses a /sync body. parse errors for a body that is not JSON or has no next_batch; odd events
/// inside are skipped, never fatal.
Result<SyncBatch> parse_sync(std::string_view body, const SyncContext& ctx);

/// The filter sent with every /sync: message and encryption events in joined rooms, members' names
/// (lazy), invites; no presence, typing, receipts or account data. A JSON object as a string.
std::string sync_filter_json();
/// The RoomEventFilter of /messages when a gap is filled: the same event types as the timeline.
std::string messages_filter_json();

}  // namespace frontline::matrix
