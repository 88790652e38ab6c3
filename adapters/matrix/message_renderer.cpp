#include "adapters/matrix/message_renderer.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "adapters/matrix/html_text.hpp"
#include "core/text.hpp"

namespace frontline::matrix {
namespace {

using nlohmann::json;

/// Never throws on a stray invalid byte: it becomes U+FFFD instead of failing the delivery.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

/// msgtype, body, format, formatted_body and m.mentions for the message's text cut to `max_text` bytes.
json base_content(const OutboundMessage& m, const RenderOptions& o, std::size_t max_text) {
    std::string body;
    std::string html;
    json users = json::array();
    for (const auto& who : m.mentions) {
        if (who.platform != "matrix" || who.user_id.empty() || who.user_id == o.self_user_id) continue;
        if (std::find(users.begin(), users.end(), who.user_id) != users.end()) continue;
        users.push_back(who.user_id);
        body += who.user_id + " ";
        html += "<a href=\"" + escape_html(matrix_to_link(who.user_id)) + "\">" + escape_html(who.user_id) + "</a> ";
    }
    std::string text = m.text;
    if (text.size() > max_text) text = utf8_truncate(text, max_text) + "…";
    body += text;
    html += to_html(text);
    if (!m.choices.empty()) {
        // No buttons here: a numbered list the user answers with the number or the words.
        body += "\n";
        html += "<ol>";
        for (std::size_t i = 0; i < m.choices.size(); ++i) {
            body += "\n" + std::to_string(i + 1) + ". " + m.choices[i].label;
            html += "<li>" + escape_html(m.choices[i].label) + "</li>";
        }
        html += "</ol>";
    }
    return {{"msgtype", o.notice ? "m.notice" : "m.text"},
            {"body", body},
            {"format", "org.matrix.custom.html"},
            {"formatted_body", html},
            // Always present, even empty: clients then skip the old body-matching mention rules.
            {"m.mentions", {{"user_ids", users}}}};
}

/// Renders with less and less text until the content fits kMaxContentBytes (a 1 MB message still goes
/// out, cut, rather than failing with M_TOO_LARGE for ever).
template <class Build>
std::string fitted(const OutboundMessage& m, Build build) {
    std::size_t max_text = m.text.size();
    for (;;) {
        auto out = dump(build(max_text));
        if (out.size() <= kMaxContentBytes || max_text < 64) return out;
        max_text = std::min(max_text / 2, kMaxContentBytes / 8);
    }
}

}  // namespace

std::string render_message(const OutboundMessage& m, const RenderOptions& o) {
    return fitted(m, [&](std::size_t max_text) {
        json c = base_content(m, o, max_text);
        if (!m.to.thread.empty()) {
            // A thread reply; is_falling_back tells thread-unaware clients this is only a reply to the root.
            c["m.relates_to"] = {{"rel_type", "m.thread"},
                                 {"event_id", m.to.thread},
                                 {"is_falling_back", true},
                                 {"m.in_reply_to", {{"event_id", m.to.thread}}}};
        }
        return c;
    });
}

std::string render_replacement(const OutboundMessage& m, std::string_view original_event_id, const RenderOptions& o) {
    return fitted(m, [&](std::size_t max_text) {
        json fresh = base_content(m, o, max_text);
        json c = fresh;
        c["body"] = "* " + fresh["body"].get<std::string>();
        c["formatted_body"] = "* " + fresh["formatted_body"].get<std::string>();
        // Mentions in an edit ping only the newly mentioned; the edit itself pings nobody again.
        c["m.mentions"] = json::object();
        c["m.new_content"] = std::move(fresh);
        c["m.relates_to"] = {{"rel_type", "m.replace"}, {"event_id", std::string(original_event_id)}};
        return c;
    });
}

std::string render_notice(std::string_view text) {
    return dump({{"msgtype", "m.notice"},
                 {"body", std::string(text)},
                 {"format", "org.matrix.custom.html"},
                 {"formatted_body", escape_html(text)},
                 {"m.mentions", json::object()}});
}

}  // namespace frontline::matrix
