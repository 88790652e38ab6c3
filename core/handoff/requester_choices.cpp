#include "core/handoff/requester_choices.hpp"

#include "core/text.hpp"

namespace frontline::handoff {
namespace {

constexpr std::string_view kPrefix = "ticket:";

std::string_view name_of(RequesterChoice c) {
    switch (c) {
        case RequesterChoice::about: return "about";
        case RequesterChoice::withdraw: return "withdraw";
        case RequesterChoice::keep: return "keep";
    }
    return "about";
}

}  // namespace

std::string requester_payload(RequesterChoice choice, const TicketId& id) {
    return std::string(kPrefix) + std::string(name_of(choice)) + ":" + id.str();
}

std::optional<RequesterButton> parse_requester_payload(std::string_view payload) {
    if (payload.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    payload.remove_prefix(kPrefix.size());
    const auto colon = payload.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view verb = payload.substr(0, colon);
    auto id = TicketId::parse(payload.substr(colon + 1));
    if (!id) return std::nullopt;
    for (RequesterChoice c : {RequesterChoice::about, RequesterChoice::withdraw, RequesterChoice::keep})
        if (verb == name_of(c)) return RequesterButton{c, *id};
    return std::nullopt;
}

std::optional<TicketId> parse_withdraw_words(std::string_view text) {
    if (text.size() > 64) return std::nullopt;
    std::string s = trim(text);
    if (!s.empty() && (s.front() == '/' || s.front() == '!')) s.erase(0, 1);
    const auto space = s.find(' ');
    if (space == std::string::npos) return std::nullopt;
    const std::string verb = ascii_lower(s.substr(0, space));
    if (verb != "cancel" && verb != "annulla" && verb != "cancella" && verb != "withdraw" && verb != "ritira") return std::nullopt;
    std::string id = trim(s.substr(space + 1));
    while (!id.empty() && (id.back() == '.' || id.back() == '!')) id.pop_back();
    for (auto& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto parsed = TicketId::parse(id);
    if (!parsed) return std::nullopt;
    return *parsed;
}

}  // namespace frontline::handoff
