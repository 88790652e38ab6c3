#include "core/handoff/agent_command.hpp"

#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include "core/platform.hpp"
#include "core/text.hpp"

namespace frontline::handoff {
namespace {

struct VerbInfo {
    Verb verb;
    std::string_view name;
    std::string_view usage;
};

constexpr std::array<VerbInfo, 23> kVerbs{{
    {Verb::claim, "claim", "claim INC-000042"},
    {Verb::unclaim, "unclaim", "unclaim INC-000042"},
    {Verb::assign, "assign", "assign INC-000042 @agent"},
    {Verb::escalate, "escalate", "escalate INC-000042 [L3] [reason]"},
    {Verb::priority, "priority", "priority INC-000042 P1 reason"},
    {Verb::category, "category", "category INC-000042 name"},
    {Verb::pending, "pending", "pending INC-000042 what you need from the user"},
    {Verb::resolve, "resolve", "resolve INC-000042 code what was done"},
    {Verb::reopen, "reopen", "reopen INC-000042 [reason]"},
    {Verb::close, "close", "close INC-000042"},
    {Verb::note, "note", "note INC-000042 text (internal, never shown to the user)"},
    {Verb::show, "show", "show INC-000042"},
    {Verb::queue, "queue", "queue"},
    {Verb::mine, "mine", "mine"},
    {Verb::link, "link", "link INC-child INC-parent"},
    {Verb::broadcast, "broadcast", "broadcast INC-parent text"},
    {Verb::breach_notified, "breach-notified", "breach-notified INC-000042 authority|subjects text"},
    {Verb::help, "help", "help"},
    {Verb::reply, "reply", "reply INC-000042 text (or r text inside the ticket's thread)"},
    {Verb::call, "call", "call INC-000042 [minutes] | call cancel INC-000042"},
    {Verb::report, "report", "report [7d|30d]"},
    {Verb::link_identity, "link-identity", "link-identity slack:U012AB webchat:visitor-7"},
    {Verb::confirm, "confirm", "confirm INC-000042 yes|no"},
}};

/// The report's period words: English days, and the Italian "g" (giorni) an Italian desk types.
int report_days(const std::string& word) {
    if (word.empty() || word == "7d" || word == "7g") return 7;
    if (word == "30d" || word == "30g") return 30;
    return 0;
}

/// "5y", "90d", "14": a period the report does not offer (answered with the usage), as opposed to
/// a sentence that merely starts with the word "report" (chat).
bool looks_like_period(const std::string& word) {
    return !word.empty() && std::isdigit(static_cast<unsigned char>(word.front()));
}

const VerbInfo& info(Verb v) {
    for (const auto& i : kVerbs)
        if (i.verb == v) return i;
    return kVerbs.back();
}

/// Splits off the next whitespace-separated word; `rest` keeps what follows, trimmed.
std::string next_word(std::string_view& rest) {
    std::size_t i = 0;
    while (i < rest.size() && std::isspace(static_cast<unsigned char>(rest[i]))) ++i;
    std::size_t j = i;
    while (j < rest.size() && !std::isspace(static_cast<unsigned char>(rest[j]))) ++j;
    std::string word(rest.substr(i, j - i));
    rest.remove_prefix(j);
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
    return word;
}

std::optional<TicketId> take_ticket(std::string_view& rest) {
    std::string_view probe = rest;
    auto id = TicketId::parse(next_word(probe));
    if (!id) return std::nullopt;
    rest = probe;
    return *id;
}

Error usage_error(Verb v) { return make_error(Errc::invalid_argument, std::string(usage(v))); }

/// "slack:U012AB" -> {slack, U012AB}: a platform core knows and a user id after the first colon.
std::optional<Identity> parse_identity(const std::string& word) {
    const auto colon = word.find(':');
    if (colon == std::string::npos || colon + 1 == word.size()) return std::nullopt;
    Identity id{ascii_lower(word.substr(0, colon)), word.substr(colon + 1)};
    if (!is_known_platform(id.platform)) return std::nullopt;
    return id;
}

}  // namespace

std::string_view verb_name(Verb v) { return info(v).name; }
std::string_view usage(Verb v) { return info(v).usage; }

std::string claim_payload(const TicketId& id) { return "handoff:claim:" + id.str(); }
std::string escalate_payload(const TicketId& id) { return "handoff:escalate:" + id.str(); }
std::string reply_payload(const TicketId& id) { return "handoff:reply:" + id.str(); }
std::string confirm_payload(const TicketId& id, bool works) {
    return "handoff:confirm:" + id.str() + (works ? ":yes" : ":no");
}

std::optional<AgentCommand> parse_button_payload(std::string_view payload) {
    constexpr std::string_view kPrefix = "handoff:";
    if (payload.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    payload.remove_prefix(kPrefix.size());
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= payload.size(); ++i)
        if (i == payload.size() || payload[i] == ':') {
            parts.emplace_back(payload.substr(start, i - start));
            start = i + 1;
        }
    if (parts.size() < 2) return std::nullopt;
    auto id = TicketId::parse(parts[1]);
    if (!id) return std::nullopt;
    AgentCommand c;
    c.ticket = *id;
    c.from_button = true;
    if (parts[0] == "claim" && parts.size() == 2) c.verb = Verb::claim;
    else if (parts[0] == "escalate" && parts.size() == 2) c.verb = Verb::escalate;
    else if (parts[0] == "reply" && parts.size() == 2) c.verb = Verb::reply;  // the text comes with the event
    else if (parts[0] == "confirm" && parts.size() == 3 && (parts[2] == "yes" || parts[2] == "no")) {
        c.verb = Verb::confirm;
        c.arg = parts[2];
    } else {
        return std::nullopt;
    }
    return c;
}

Result<std::optional<AgentCommand>> parse_agent_command(std::string_view text) {
    const std::string trimmed = trim(text);
    std::string_view rest = trimmed;
    bool prefixed = false;
    if (!rest.empty() && (rest.front() == '/' || rest.front() == '!')) {
        rest.remove_prefix(1);
        prefixed = true;
    }
    std::string word = ascii_lower(next_word(rest));

    AgentCommand c;
    if (word == "r") {
        c.verb = Verb::reply;
    } else if (word == "rapporto") {  // the Italian word for the one command a manager asks for by name
        c.verb = Verb::report;
    } else {
        bool known = false;
        for (const auto& i : kVerbs)
            if (i.name == word && i.verb != Verb::confirm) {
                c.verb = i.verb;
                known = true;
            }
        if (!known) return std::optional<AgentCommand>{};
    }
    const auto no_more_words = [&]() -> Result<std::optional<AgentCommand>> {
        if (!rest.empty()) {
            if (prefixed) return usage_error(c.verb);
            return std::optional<AgentCommand>{};  // "close enough": chat, not a command
        }
        return std::optional<AgentCommand>{c};
    };

    switch (c.verb) {
        case Verb::queue:
        case Verb::mine:
        case Verb::help:
            return no_more_words();
        case Verb::claim:
        case Verb::unclaim:
        case Verb::close:
        case Verb::show:
            c.ticket = take_ticket(rest);
            return no_more_words();
        case Verb::assign:
            c.ticket = take_ticket(rest);
            c.arg = next_word(rest);
            if (c.arg.empty()) return usage_error(c.verb);
            return no_more_words();
        case Verb::escalate: {
            c.ticket = take_ticket(rest);
            std::string_view probe = rest;
            const std::string maybe_tier = next_word(probe);
            if (auto t = parse_tier(maybe_tier); t && maybe_tier.size() == 2) {
                if (*t == Tier::l1) return usage_error(c.verb);
                c.tier = *t;
                rest = probe;
            }
            c.text = std::string(rest);
            return std::optional<AgentCommand>{c};
        }
        case Verb::priority: {
            c.ticket = take_ticket(rest);
            auto p = parse_priority(next_word(rest));
            if (!p || rest.empty()) return usage_error(c.verb);  // an override always needs its reason
            c.priority = *p;
            c.text = std::string(rest);
            return std::optional<AgentCommand>{c};
        }
        case Verb::category:
            c.ticket = take_ticket(rest);
            c.arg = ascii_lower(next_word(rest));
            if (c.arg.empty()) return usage_error(c.verb);
            return no_more_words();
        case Verb::resolve:
            c.ticket = take_ticket(rest);
            c.arg = ascii_lower(next_word(rest));
            c.text = std::string(rest);
            if (c.arg.empty() || c.text.empty()) return usage_error(c.verb);
            return std::optional<AgentCommand>{c};
        case Verb::link:
            c.ticket = take_ticket(rest);
            c.parent = take_ticket(rest);
            if (!c.ticket || !c.parent || !rest.empty()) return usage_error(c.verb);
            return std::optional<AgentCommand>{c};
        case Verb::breach_notified:
            c.ticket = take_ticket(rest);
            c.arg = ascii_lower(next_word(rest));
            c.text = std::string(rest);
            if (c.arg != "authority" && c.arg != "subjects") return usage_error(c.verb);
            return std::optional<AgentCommand>{c};
        case Verb::reopen:  // the reason is optional and journalled
            c.ticket = take_ticket(rest);
            c.text = std::string(rest);
            return std::optional<AgentCommand>{c};
        case Verb::broadcast:
        case Verb::pending:
        case Verb::note:
        case Verb::reply:
            c.ticket = take_ticket(rest);
            c.text = std::string(rest);
            if (c.text.empty()) return usage_error(c.verb);
            return std::optional<AgentCommand>{c};
        case Verb::call: {
            std::string_view probe = rest;
            if (ascii_lower(next_word(probe)) == "cancel") {
                rest = probe;
                c.arg = "cancel";
                c.ticket = take_ticket(rest);
                if (!rest.empty()) return usage_error(c.verb);
                return std::optional<AgentCommand>{c};
            }
            c.ticket = take_ticket(rest);
            if (!rest.empty()) {
                const std::string n = next_word(rest);
                if (n.empty() || n.size() > 3 || !rest.empty()) return usage_error(c.verb);
                for (char ch : n)
                    if (!std::isdigit(static_cast<unsigned char>(ch))) return usage_error(c.verb);
                c.minutes = std::stoi(n);
                if (c.minutes <= 0) return usage_error(c.verb);
            }
            return std::optional<AgentCommand>{c};
        }
        case Verb::report: {
            const std::string period = ascii_lower(next_word(rest));
            if (!rest.empty()) {  // several words: a sentence that starts with "report", unless it looks typed as one
                if (prefixed || looks_like_period(period)) return usage_error(c.verb);
                return std::optional<AgentCommand>{};
            }
            c.days = report_days(period);
            if (c.days == 0) return usage_error(c.verb);
            c.arg = c.days == 7 ? "7d" : "30d";
            return std::optional<AgentCommand>{c};
        }
        case Verb::link_identity: {
            auto first = parse_identity(next_word(rest));
            auto second = parse_identity(next_word(rest));
            if (!first || !second || *first == *second || !rest.empty()) return usage_error(c.verb);
            c.identities = {*first, *second};
            return std::optional<AgentCommand>{c};
        }
        case Verb::confirm:
            break;
    }
    return std::optional<AgentCommand>{};
}

}  // namespace frontline::handoff
