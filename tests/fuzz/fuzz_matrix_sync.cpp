// Matrix /sync and /messages answers (adapters/matrix/sync_codec.cpp, with its HTML-to-text and
// JSON repair). Never throws; a decoded batch has a since token and every event an id; history is
// never news; only decoded events are marked as addressing the bot; member counts are not negative.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "adapters/matrix/sync_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    for (bool history : {false, true}) {
        frontline::matrix::SyncContext ctx;
        ctx.self_user_id = "@frontline:example.org";
        ctx.history = history;
        auto batch = frontline::matrix::parse_sync(input, ctx);
        if (!batch) continue;
        if (batch->next_batch.empty()) std::abort();
        if (history && !batch->events.empty()) std::abort();
        for (const auto& e : batch->events) {
            if (e.event_id.empty()) std::abort();
            // A file is either fetchable by a well-formed mxc:// URI or already marked unavailable.
            for (const auto& a : e.attachments)
                if (a.state != "unavailable" && !frontline::matrix::parse_mxc(a.platform_ref)) std::abort();
        }
        if (batch->addressed_to_us.size() > batch->events.size()) std::abort();
        for (const auto& [room, summary] : batch->summaries)
            if ((summary.joined && *summary.joined < 0) || (summary.invited && *summary.invited < 0)) std::abort();
    }
    frontline::matrix::SyncContext ctx;
    ctx.self_user_id = "@frontline:example.org";
    if (auto page = frontline::matrix::parse_messages(input, "!r:example.org", ctx)) {
        if (static_cast<int>(page->events.events.size()) > page->chunk_size) std::abort();
        for (const auto& e : page->events.events)
            if (e.event_id.empty() || e.where.conversation_id != "!r:example.org") std::abort();
    }
    return 0;
}
