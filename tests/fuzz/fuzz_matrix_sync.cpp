// Matrix /sync answers (adapters/matrix/sync_codec.cpp, with its HTML-to-text and JSON repair).
// Never throws; a decoded batch has a since token and every event an id; history is never news.
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
        for (const auto& e : batch->events)
            if (e.event_id.empty()) std::abort();
    }
    return 0;
}
