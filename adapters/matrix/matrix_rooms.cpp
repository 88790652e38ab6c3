// MatrixAdapter's view of its rooms before a batch is committed. A group room (more than two
// members, or joined on an invite that was not a direct chat) is not a private conversation: the bot
// takes only what addresses it there and holds that conversation in a DM with the writer, so ticket
// details never sit in a room other people read. And a timeline the sync cut short (limited) is
// completed with /messages, so a burst of messages in one room loses none.
// https://spec.matrix.org/v1.10/client-server-api/#get_matrixclientv3roomsroomidmessages
#include <algorithm>
#include <iterator>

#include "adapters/matrix/matrix_adapter.hpp"

namespace frontline::matrix {

namespace {
/// Most events fetched to fill one room's gap: a flood beyond that is skipped (and logged).
constexpr int kMaxGapEvents = 1000;
constexpr int kGapPageSize = 100;
}  // namespace

net::awaitable<bool> MatrixAdapter::is_group_room(const std::string& room) {
    if (const auto it = group_rooms_.find(room); it != group_rooms_.end()) co_return it->second;
    // Rooms nothing was recorded for (DMs the bot created, rooms joined before) are private chats.
    bool group = false;
    if (sink_) {
        auto saved = co_await sink_->load_cursor(room_cursor(room));
        if (saved && *saved) group = **saved == "group";
    }
    group_rooms_[room] = group;
    co_return group;
}

net::awaitable<void> MatrixAdapter::set_room_kind(const std::string& room, bool group) {
    if (const auto it = group_rooms_.find(room); it != group_rooms_.end() && it->second == group) co_return;
    group_rooms_[room] = group;
    if (!sink_) co_return;
    if (auto saved = co_await sink_->save_cursor(room_cursor(room), group ? "group" : "dm"); !saved)
        log(LogLevel::warn, "matrix: cannot record whether " + room + " is a group room: " + saved.error().message);
    log(LogLevel::info, "matrix: room " + room + (group ? " is a group room: the bot answers there only who addresses it, in a DM"
                                                        : " is a direct chat"));
}

net::awaitable<void> MatrixAdapter::note_summaries(const std::map<std::string, RoomSummary>& summaries) {
    for (const auto& [room, summary] : summaries) {
        // A summary carries only the counts that changed: the others are remembered.
        auto& known = member_counts_.try_emplace(room, -1, 0).first->second;
        if (summary.joined) known.first = *summary.joined;
        if (summary.invited) known.second = *summary.invited;
        if (known.first < 0) continue;
        co_await set_room_kind(room, known.first + known.second > 2);
    }
}

net::awaitable<Result<std::vector<InboundEvent>>> MatrixAdapter::fill_gap(const TimelineGap& gap, std::set<std::string>& addressed) {
    std::vector<InboundEvent> older;  // oldest first
    if (gap.prev_batch.empty()) {
        log(LogLevel::warn, "matrix: room " + gap.room_id + " had more new events than one sync carries and no prev_batch; the oldest were skipped");
        co_return older;
    }
    const SyncContext ctx{self_->user_id, std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now()), false};
    std::string from = gap.prev_batch;
    int fetched = 0;
    while (!from.empty() && fetched < kMaxGapEvents) {
        // Backwards from where the cut timeline starts, down to our last position (`to`).
        std::string path = "/_matrix/client/v3/rooms/" + path_segment(gap.room_id) + "/messages?dir=b&limit=" +
                           std::to_string(kGapPageSize) + "&from=" + path_segment(from) +
                           "&filter=" + path_segment(messages_filter_json());
        if (!since_.empty()) path += "&to=" + path_segment(since_);
        auto a = co_await api_.call("GET", path, "", settings_.request_timeout, settings_.max_inline_wait);
        if (!a.ok()) {
            const std::string why = a.status.errcode.empty() ? a.status.error : a.status.errcode + " " + a.status.error;
            if (a.status.verdict == ApiVerdict::rejected) {
                // Refused for good (left the room, no history visibility): what we have is all there is.
                log(LogLevel::warn, "matrix: cannot fetch the events a sync left out in " + gap.room_id + ": " + why);
                break;
            }
            co_return make_error(a.status.verdict == ApiVerdict::rate_limited ? Errc::rate_limited : Errc::network,
                                 "matrix /messages for " + gap.room_id + ": " + why);
        }
        auto page = parse_messages(a.body, gap.room_id, ctx);
        if (!page) co_return page.error();
        fetched += page->chunk_size;
        auto& events = page->events.events;
        older.insert(older.begin(), std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
        addressed.insert(page->events.addressed_to_us.begin(), page->events.addressed_to_us.end());
        if (page->chunk_size == 0 || page->end == from) break;
        from = page->end;
    }
    if (fetched >= kMaxGapEvents)
        log(LogLevel::warn, "matrix: room " + gap.room_id + " had more than " + std::to_string(kMaxGapEvents) +
                                " events since the last sync; the oldest of them were skipped");
    co_return older;
}

net::awaitable<Result<std::vector<InboundEvent>>> MatrixAdapter::events_to_commit(SyncBatch& batch) {
    std::vector<InboundEvent> all;
    for (const auto& gap : batch.gaps) {
        auto older = co_await fill_gap(gap, batch.addressed_to_us);
        if (!older) co_return older.error();
        all.insert(all.end(), std::make_move_iterator(older->begin()), std::make_move_iterator(older->end()));
    }
    all.insert(all.end(), std::make_move_iterator(batch.events.begin()), std::make_move_iterator(batch.events.end()));

    std::vector<InboundEvent> kept;
    for (auto& e : all) {
        const auto room = e.where.conversation_id;
        const bool group = settings_.agents_rooms.count(room) == 0 && co_await is_group_room(room);
        if (!group) {
            kept.push_back(std::move(e));
            continue;
        }
        if (!batch.addressed_to_us.count(e.event_id)) continue;  // people talking among themselves
        // Addressed in a group room: the conversation goes on in a DM with the writer.
        auto dm = co_await room_for(e.from.user_id);
        if (!dm) co_return dm.error();
        e.where = Address{"matrix", *dm, ""};
        e.reply_to.clear();
        kept.push_back(std::move(e));
    }
    co_return kept;
}

}  // namespace frontline::matrix
