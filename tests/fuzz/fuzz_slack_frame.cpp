// Slack Socket Mode frames: envelopes with events_api, interactive and slash-command payloads
// (adapters/slack/socket_frame.cpp, inbound_events.cpp). Never throws; an event has an id.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "adapters/slack/socket_frame.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    frontline::slack::InboundContext ctx;
    ctx.self.user_id = "UBOT";
    ctx.self.bot_id = "BBOT";
    ctx.agents_channels = {"C0DESK", "C0NET"};
    ctx.asks_for_text = [](std::string_view payload) { return payload.starts_with("handoff:reply:"); };
    auto frame = frontline::slack::parse_socket_frame(input, ctx);
    if (frame) {
        for (const auto& e : frame->events)
            if (e.event_id.empty()) std::abort();
        (void)frontline::slack::ack_frame(frame->envelope_id);
    }
    return 0;
}
