#include "adapters/webchat/line_history.hpp"

#include <nlohmann/json.hpp>

namespace frontline::webchat {

using nlohmann::json;

std::string encode_line(const Entry& e) {
    json choices = json::array();
    for (const auto& c : e.choices) choices.push_back(json{{"label", c.label}, {"payload", c.payload}});
    json j{{"id", e.id}, {"from", e.from}, {"text", e.text}, {"at", e.at}};
    // Absent when empty: most lines have no author, choices or replaces, and history is kept for months.
    if (!e.author.empty()) j["author"] = e.author;
    if (!e.choices.empty()) j["choices"] = std::move(choices);
    if (!e.replaces.empty()) j["replaces"] = e.replaces;
    if (!e.locale.empty()) j["locale"] = e.locale;
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<Entry> decode_line(std::string_view stored, std::int64_t seq) {
    json j = json::parse(stored, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return std::nullopt;
    try {
        Entry e;
        e.seq = seq;
        e.id = j.value("id", "");
        e.from = j.value("from", "");
        e.author = j.value("author", "");
        e.text = j.value("text", "");
        e.replaces = j.value("replaces", "");
        e.at = j.value("at", "");
        e.locale = j.value("locale", "");
        if (auto c = j.find("choices"); c != j.end() && c->is_array())
            for (const auto& choice : *c)
                e.choices.push_back(Choice{choice.value("label", ""), choice.value("payload", "")});
        return e;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

net::awaitable<Result<std::vector<std::pair<std::string, Entry>>>> LineHistory::after_each(
    std::vector<std::pair<std::string, std::int64_t>> from, std::size_t limit) {
    std::vector<std::pair<std::string, Entry>> out;
    for (auto& [conversation, seq] : from) {
        auto lines = co_await after(conversation, seq, limit);
        if (!lines) co_return lines.error();
        for (auto& e : *lines) out.emplace_back(conversation, std::move(e));
    }
    co_return out;
}

}  // namespace frontline::webchat
