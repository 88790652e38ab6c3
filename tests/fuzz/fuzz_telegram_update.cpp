// Telegram Bot API updates: getUpdates answers and webhook bodies (adapters/telegram/update_codec.cpp),
// with entity offsets in UTF-16 code units. Never throws; a decoded event has an id, and a batch's
// next offset is past every update it holds (or Telegram would send them again forever).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "adapters/telegram/update_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    frontline::telegram::UpdateContext ctx;
    ctx.self.id = 7000001;
    ctx.self.username = "frontline_bot";
    ctx.agents_chats = {"-1001234567890"};
    if (auto batch = frontline::telegram::parse_get_updates(input, ctx)) {
        for (const auto& u : batch->updates) {
            if (u.event && u.event->event_id.empty()) std::abort();
            // Every file reported can be fetched by its file_id.
            if (u.event)
                for (const auto& a : u.event->attachments)
                    if (a.platform_ref.empty()) std::abort();
            if (!batch->next_offset || *batch->next_offset <= u.update_id) std::abort();
        }
    }
    if (auto one = frontline::telegram::parse_update(input, ctx))
        if (one->event && one->event->event_id.empty()) std::abort();
    return 0;
}
