#include "adapters/telegram/message_renderer.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "adapters/telegram/telegram_html.hpp"
#include "adapters/telegram/utf16.hpp"

namespace frontline::telegram {
namespace {

using nlohmann::json;

/// Room left for the mentions we put in front of the first piece.
constexpr std::size_t kPieceMax = kMessageTextMax - 96;

/// Telegram chat ids are integers; sending one as a string works too, but the number is canonical.
json chat_id_value(const std::string& id) {
    std::int64_t n = 0;
    const auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
    if (ec == std::errc() && p == id.data() + id.size()) return n;
    return id;  // "@channelusername"
}

/// Mentioned Telegram users lead the first piece as text mentions, so they get a notification.
std::string mention_prefix(const OutboundMessage& m) {
    std::string out;
    for (const auto& who : m.mentions)
        if (who.platform == "telegram" && !who.user_id.empty() && who.user_id.find_first_not_of("0123456789") == std::string::npos)
            out += "<a href=\"tg://user?id=" + who.user_id + "\">🔔</a> ";
    return out;
}

/// Short labels share a row (Yes / No); long ones get a row each, so none is cut on a phone.
json keyboard(const OutboundMessage& m, std::int64_t outbox_id) {
    json rows = json::array();
    json row = json::array();
    std::size_t row_chars = 0;
    for (std::size_t i = 0; i < m.choices.size(); ++i) {
        const auto& label = m.choices[i].label;
        const auto chars = utf16_length(label);
        if (!row.empty() && (row.size() >= 3 || row_chars + chars > 30)) {
            rows.push_back(std::move(row));
            row = json::array();
            row_chars = 0;
        }
        row.push_back({{"text", label.empty() ? std::string("-") : label},
                       {"callback_data", encode_callback_data({outbox_id, i})}});
        row_chars += chars;
    }
    if (!row.empty()) rows.push_back(std::move(row));
    return {{"inline_keyboard", std::move(rows)}};
}

Status check(const OutboundMessage& m, std::int64_t outbox_id) {
    if (!m.choices.empty() && outbox_id <= 0)
        return make_error(Errc::invalid_argument, "telegram: buttons need the outbox row they refer to");
    return {};
}

/// Never throws on a stray invalid byte: it becomes U+FFFD instead of failing the delivery.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string encode_callback_data(ChoiceRef ref) {
    return "c" + std::to_string(ref.outbox_id) + "." + std::to_string(ref.index);
}

std::optional<ChoiceRef> decode_callback_data(std::string_view data) {
    if (data.size() < 4 || data.size() > kCallbackDataMax || data.front() != 'c') return std::nullopt;
    const auto dot = data.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    ChoiceRef ref;
    const auto a = data.substr(1, dot - 1);
    const auto b = data.substr(dot + 1);
    auto [p1, e1] = std::from_chars(a.data(), a.data() + a.size(), ref.outbox_id);
    auto [p2, e2] = std::from_chars(b.data(), b.data() + b.size(), ref.index);
    if (e1 != std::errc() || p1 != a.data() + a.size() || e2 != std::errc() || p2 != b.data() + b.size() ||
        ref.outbox_id <= 0 || a.empty() || b.empty())
        return std::nullopt;
    return ref;
}

Result<std::vector<std::string>> render_send_messages(const OutboundMessage& m, std::int64_t outbox_id) {
    if (auto ok = check(m, outbox_id); !ok) return ok.error();
    const auto pieces = split_text(m.text.empty() ? std::string_view("…") : std::string_view(m.text), kPieceMax);
    std::vector<std::string> bodies;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        json body = {{"chat_id", chat_id_value(m.to.conversation_id)},
                     {"text", (i == 0 ? mention_prefix(m) : std::string()) + to_html(pieces[i])},
                     {"parse_mode", "HTML"},
                     {"link_preview_options", {{"is_disabled", true}}}};
        if (i == 0 && !m.to.thread.empty())
            body["reply_parameters"] = {{"message_id", chat_id_value(m.to.thread)}, {"allow_sending_without_reply", true}};
        if (i + 1 == pieces.size() && !m.choices.empty()) body["reply_markup"] = keyboard(m, outbox_id);
        bodies.push_back(dump(body));
    }
    return bodies;
}

Result<std::string> render_edit(const OutboundMessage& m, std::string_view message_id, std::int64_t outbox_id) {
    if (auto ok = check(m, outbox_id); !ok) return ok.error();
    // An edit replaces one message: a text past one piece keeps its first piece only.
    const auto text = split_text(m.text.empty() ? std::string_view("…") : std::string_view(m.text), kPieceMax).front();
    json body = {{"chat_id", chat_id_value(m.to.conversation_id)},
                 {"message_id", chat_id_value(std::string(message_id))},
                 {"text", mention_prefix(m) + to_html(text)},
                 {"parse_mode", "HTML"},
                 {"link_preview_options", {{"is_disabled", true}}}};
    // Without reply_markup the keyboard goes: what an answered question should look like.
    if (!m.choices.empty()) body["reply_markup"] = keyboard(m, outbox_id);
    return dump(body);
}

}  // namespace frontline::telegram
