#include "adapters/slack/socket_frame.hpp"

#include <nlohmann/json.hpp>

#include "adapters/slack/inbound_events.hpp"

namespace frontline::slack {
namespace {

using nlohmann::json;

std::string string_or(const json& j, const char* key, std::string fallback = {}) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

FrameType frame_type(std::string_view t) {
    if (t == "hello") return FrameType::hello;
    if (t == "disconnect") return FrameType::disconnect;
    if (t == "events_api") return FrameType::events_api;
    if (t == "slash_commands") return FrameType::slash_commands;
    if (t == "interactive") return FrameType::interactive;
    return FrameType::unknown;
}

Result<SocketFrame> decode(const json& j, const InboundContext& ctx) {
    if (!j.is_object()) return make_error(Errc::parse, "slack frame: not a JSON object");
    SocketFrame f;
    f.type = frame_type(string_or(j, "type"));
    switch (f.type) {
        case FrameType::hello:
            if (const auto n = j.find("num_connections"); n != j.end() && n->is_number_integer())
                f.num_connections = n->get<int>();
            return f;
        case FrameType::disconnect:
            f.disconnect_reason = string_or(j, "reason");
            return f;
        default:
            break;
    }
    f.envelope_id = string_or(j, "envelope_id");
    if (f.type == FrameType::unknown) {
        // A frame type Slack adds later: acknowledge it (when it has an envelope) and move on.
        f.ignored = "unknown frame type '" + string_or(j, "type") + "'";
        return f;
    }
    if (f.envelope_id.empty()) return make_error(Errc::parse, std::string("slack frame: ") + to_string(f.type) +
                                                                " without envelope_id");
    if (const auto r = j.find("retry_attempt"); r != j.end() && r->is_number_integer()) f.retry_attempt = r->get<int>();
    f.retry_reason = string_or(j, "retry_reason");
    if (const auto a = j.find("accepts_response_payload"); a != j.end() && a->is_boolean())
        f.accepts_response_payload = a->get<bool>();
    const auto payload = j.find("payload");
    if (payload == j.end() || !payload->is_object()) {
        f.ignored = "envelope without a payload object";
        return f;
    }
    if (f.type == FrameType::events_api) decode_event_callback(*payload, ctx, f);
    else if (f.type == FrameType::slash_commands) decode_slash_command(*payload, ctx, f);
    else decode_interactive(*payload, ctx, f);
    return f;
}

}  // namespace

Result<SocketFrame> parse_socket_frame(std::string_view text, const InboundContext& ctx) {
    try {
        return decode(json::parse(text), ctx);
    } catch (const json::exception& e) {
        // Only type errors inside decode or a parse error can land here: both mean a bad frame.
        return make_error(Errc::parse, std::string("slack frame: ") + e.what());
    }
}

std::string ack_frame(std::string_view envelope_id) {
    return json{{"envelope_id", std::string(envelope_id)}}.dump();
}

const char* to_string(FrameType t) noexcept {
    switch (t) {
        case FrameType::hello: return "hello";
        case FrameType::disconnect: return "disconnect";
        case FrameType::events_api: return "events_api";
        case FrameType::slash_commands: return "slash_commands";
        case FrameType::interactive: return "interactive";
        case FrameType::unknown: return "unknown";
    }
    return "unknown";
}

}  // namespace frontline::slack
