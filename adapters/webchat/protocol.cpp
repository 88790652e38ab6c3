#include "adapters/webchat/protocol.hpp"

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "core/time_zone.hpp"

namespace frontline::webchat {

namespace {

using nlohmann::json;

ProtocolError fail(std::string code, std::string message, std::string id = {}) {
    return ProtocolError{std::move(code), std::move(message), std::move(id)};
}

/// A string member, or "" when absent; a member of another type is an error.
bool read_string(const json& j, const char* key, std::string& out) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return true;
    if (!it->is_string()) return false;
    out = it->get<std::string>();
    return true;
}

ParsedFrame parse_hello(const json& j) {
    Hello h;
    auto v = j.find("v");
    if (v == j.end() || !v->is_number_integer()) return fail("bad_frame", "hello needs \"v\", the protocol version");
    h.version = v->get<int>();
    if (h.version != kProtocolVersion)
        return fail("unsupported_version", "this server speaks protocol version " + std::to_string(kProtocolVersion));
    std::string role = "user";
    if (!read_string(j, "role", role) || !read_string(j, "session", h.session) || !read_string(j, "epoch", h.epoch) ||
        !read_string(j, "locale", h.locale) || !read_string(j, "name", h.name) ||
        !read_string(j, "token", h.agent_token) || !read_string(j, "agent_id", h.agent_id) ||
        !read_string(j, "time_zone", h.time_zone))
        return fail("bad_frame", "hello: a field has the wrong type");
    if (role == "user") {
        h.role = Role::user;
    } else if (role == "agent") {
        h.role = Role::agent;
    } else {
        return fail("bad_frame", "hello: role must be \"user\" or \"agent\"");
    }
    for (auto [key, dest] : {std::pair{"last_seq", &h.last_seq}, std::pair{"private_last_seq", &h.private_last_seq}}) {
        auto s = j.find(key);
        if (s == j.end() || s->is_null()) continue;
        if (!s->is_number_integer() || s->get<std::int64_t>() < 0)
            return fail("bad_frame", std::string("hello: ") + key + " must be a non-negative integer");
        *dest = s->get<std::int64_t>();
    }
    if (h.locale.size() > 16 || h.name.size() > 200 || h.session.size() > 200 || h.epoch.size() > 64 ||
        h.agent_token.size() > 512 || h.agent_id.size() > 64)
        return fail("bad_frame", "hello: a field is too long");
    h.name = one_line(h.name);
    // The browser's zone is a courtesy: one that is not an IANA name is dropped, not refused (an
    // old browser may send "" or something of its own; the page still works in the desk's zone).
    if (h.time_zone.size() > 64 || !is_zone_name(h.time_zone)) h.time_zone.clear();
    return ClientFrame{std::move(h)};
}

/// The same polite refusal for every line a person typed, however it was sent.
ProtocolError too_long(std::string id) {
    return fail("too_long", "That message is too long for me: please keep it under " +
                                std::to_string(kMaxUserTextBytes) + " characters.", std::move(id));
}

ParsedFrame parse_text(const json& j) {
    UserText t;
    if (!read_string(j, "id", t.id) || !is_valid_client_id(t.id))
        return fail("bad_frame", "message needs an \"id\" of 1-64 letters, digits, _ or -");
    if (!read_string(j, "text", t.text)) return fail("bad_frame", "message: \"text\" must be a string", t.id);
    if (auto files = j.find("files"); files != j.end() && !files->is_null()) {
        if (!files->is_array() || files->size() > kMaxFilesPerMessage)
            return fail("bad_frame", "message: \"files\" must be a list of at most " + std::to_string(kMaxFilesPerMessage), t.id);
        for (const auto& f : *files) {
            SentFile sent;
            if (!f.is_object() || !read_string(f, "upload", sent.upload) || !read_string(f, "name", sent.name) ||
                sent.upload.size() != 64 || sent.name.size() > 255)
                return fail("bad_frame", "message: each file needs the \"upload\" id POST /upload gave and a \"name\"", t.id);
            sent.name = one_line(sent.name);
            t.files.push_back(std::move(sent));
        }
    }
    if (trim(t.text).empty() && t.files.empty()) return fail("empty", "message: the text is empty", t.id);
    if (t.text.size() > kMaxUserTextBytes) return too_long(t.id);
    return ClientFrame{std::move(t)};
}

ParsedFrame parse_choice(const json& j) {
    UserChoice c;
    if (!read_string(j, "id", c.id) || !is_valid_client_id(c.id))
        return fail("bad_frame", "choice needs an \"id\" of 1-64 letters, digits, _ or -");
    if (!read_string(j, "payload", c.payload) || c.payload.empty() || c.payload.size() > 2000)
        return fail("bad_frame", "choice needs a \"payload\" of 1-2000 bytes", c.id);
    if (!read_string(j, "label", c.label) || c.label.size() > 500)
        return fail("bad_frame", "choice: \"label\" must be a string of at most 500 bytes", c.id);
    if (!read_string(j, "text", c.text)) return fail("bad_frame", "choice: \"text\" must be a string", c.id);
    if (c.text.size() > kMaxUserTextBytes) return too_long(c.id);
    return ClientFrame{std::move(c)};
}

}  // namespace

std::string one_line(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        // U+2028 and U+2029 (E2 80 A8/A9) are line breaks to some renderers.
        const bool unicode_break = c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                                   (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9);
        if (c < 0x20 || c == 0x7f || c == ' ' || unicode_break) {
            if (unicode_break) i += 2;
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(c);
    }
    return out;
}

bool is_valid_client_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

ParsedFrame parse_client_frame(std::string_view text) {
    if (text.size() > kMaxFrameBytes) return fail("too_large", "frames are limited to 64 KiB");
    if (!is_valid_utf8(text)) return fail("bad_utf8", "frames must be valid UTF-8");
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return fail("bad_json", "the frame is not valid JSON");
    if (!j.is_object()) return fail("bad_frame", "a frame is a JSON object with a \"type\"");
    std::string type;
    if (!read_string(j, "type", type) || type.empty()) return fail("bad_frame", "a frame needs a \"type\" string");
    try {
        if (type == "hello") return parse_hello(j);
        if (type == "message") return parse_text(j);
        if (type == "choice") return parse_choice(j);
        if (type == "ping") return ClientFrame{Ping{}};
        if (type == "ack") {
            auto s = j.find("seq");
            if (s == j.end() || !s->is_number_integer() || s->get<std::int64_t>() < 0)
                return fail("bad_frame", "ack needs a non-negative integer \"seq\"");
            return ClientFrame{Ack{s->get<std::int64_t>()}};
        }
    } catch (const json::exception& e) {
        return fail("bad_frame", std::string("malformed frame: ") + e.what());
    }
    return fail("unknown_type", "unknown frame type \"" + utf8_truncate(type, 40) + "\"");
}

std::string render_welcome(const std::string& session, const std::string& user_id, const std::string& epoch,
                           std::int64_t last_seq, Role role, std::optional<std::int64_t> private_last_seq) {
    json j{{"type", "welcome"},
           {"v", kProtocolVersion},
           {"session", session},
           {"user_id", user_id},
           {"epoch", epoch},
           {"last_seq", last_seq},
           {"role", role == Role::agent ? "agent" : "user"}};
    if (private_last_seq) j["private_last_seq"] = *private_last_seq;
    return j.dump();
}

std::string render_entry(const Entry& e, bool is_private) {
    json choices = json::array();
    for (const auto& c : e.choices) choices.push_back(json{{"label", c.label}, {"payload", c.payload}});
    json j{{"type", "message"}, {"seq", e.seq}, {"id", e.id}, {"from", e.from},
           {"text", e.text},    {"choices", std::move(choices)}, {"at", e.at}};
    if (!e.author.empty()) j["author"] = e.author;
    if (!e.replaces.empty()) j["replaces"] = e.replaces;
    if (!e.locale.empty()) j["locale"] = e.locale;
    if (is_private) j["private"] = true;
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string render_error(const ProtocolError& e) {
    json j{{"type", "error"}, {"code", e.code}, {"message", e.message}};
    if (!e.id.empty()) j["id"] = e.id;
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string render_pong() { return R"({"type":"pong"})"; }

}  // namespace frontline::webchat
