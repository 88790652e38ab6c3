#include "core/handoff/identity_links.hpp"

#include <algorithm>
#include <set>

#include "core/text.hpp"

namespace frontline::handoff {

using nlohmann::json;

namespace {

std::string label(const Identity& id) { return id.platform + ":" + id.user_id; }

/// "10 min", "1 h": how long a code works, as the hand-off's texts write durations.
std::string minutes_text(Seconds life) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(life).count();
    return std::to_string(std::max<long long>(minutes, 1)) + " min";
}

}  // namespace

Result<std::string> IdentityLinks::language_of(const Identity& who, const std::string& hint) {
    const Texts& texts = run_.config().texts;
    auto person = run_.repos().persons.find_person(who);
    if (!person) return person.error();
    if (*person && texts.has_language((*person)->locale)) return (*person)->locale;
    if (texts.has_language(hint)) return hint;
    return run_.config().settings.default_locale;
}

void IdentityLinks::say(const Address& to, const std::string& lang, const std::string& key, const Vars& vars) {
    OutboundMessage m;
    m.to = to;
    m.text = run_.config().texts.get(lang, key, vars);
    m.locale = lang;
    run_.send(std::move(m));
}

std::string IdentityLinks::platform_name(const std::string& lang, const std::string& platform) const {
    const std::string key = "handoff.platform." + platform;
    const std::string name = run_.config().texts.get(lang, key);
    return name == key ? platform : name;
}

Status IdentityLinks::person_words(const LinkWords& w, const InboundEvent& e) {
    return w.code.empty() ? give_code(e) : redeem(w.code, e);
}

Status IdentityLinks::choose_updates_place(bool pinned, const InboundEvent& e) {
    if (auto ok = run_.repos().persons.choose_updates_place(e.from, e.where, pinned); !ok) return ok;
    auto lang = language_of(e.from, e.locale_hint);
    if (!lang) return lang.error();
    say(e.where, *lang, pinned ? "handoff.link.updates_here" : "handoff.link.updates_follow",
        {{"platform", platform_name(*lang, e.from.platform)}});
    return {};
}

Status IdentityLinks::give_code(const InboundEvent& e) {
    auto lang = language_of(e.from, e.locale_hint);
    if (!lang) return lang.error();
    const auto& random = run_.config().random_bits;
    if (!random) {
        say(e.where, *lang, "handoff.link.unavailable");
        return {};
    }
    LinkCode code;
    code.code = make_link_code(random());
    code.owner = e.from;
    code.where = e.where;
    code.created_at = run_.now();
    code.expires_at = run_.now() + run_.config().settings.link_code_life;
    if (auto ok = run_.repos().persons.save_link_code(code); !ok) return ok;
    const std::string shown = display_link_code(code.code);
    say(e.where, *lang, "handoff.link.code",
        {{"code", shown}, {"life", minutes_text(run_.config().settings.link_code_life)}});
    return {};
}

Status IdentityLinks::redeem(const std::string& code, const InboundEvent& e) {
    auto lang = language_of(e.from, e.locale_hint);
    if (!lang) return lang.error();
    auto found = run_.repos().persons.redeem_link_code(code, e.from, run_.now());
    if (!found) return found.error();
    const Vars life = {{"life", minutes_text(run_.config().settings.link_code_life)}};
    switch (found->check) {
        case LinkCodeCheck::unknown: say(e.where, *lang, "handoff.link.unknown"); return {};
        case LinkCodeCheck::expired: say(e.where, *lang, "handoff.link.expired", life); return {};
        case LinkCodeCheck::used: say(e.where, *lang, "handoff.link.used"); return {};
        case LinkCodeCheck::own: say(e.where, *lang, "handoff.link.own"); return {};
        case LinkCodeCheck::valid: break;
    }
    const LinkCode& c = *found->code;
    auto there_lang = language_of(c.owner, "");
    if (!there_lang) return there_lang.error();
    auto linked = run_.repos().persons.link_person_identity(c.owner, e.from, "code", run_.now());
    if (!linked) return linked.error();
    if (linked->already) {
        say(e.where, *lang, "handoff.link.already");
        return {};
    }
    auto moved = journal_moved(*linked, c.owner, Actor::requester(e.from).label());
    if (!moved) return moved.error();
    // The person keeps writing here: messages about their tickets come here until they write elsewhere.
    if (auto ok = run_.repos().persons.note_seen(e.from, e.where); !ok) return ok;
    say(e.where, *lang, "handoff.link.done_here", {{"platform", platform_name(*lang, c.owner.platform)}});
    say(c.where, *there_lang, "handoff.link.done_there", {{"platform", platform_name(*there_lang, e.from.platform)}});
    return {};
}

Status IdentityLinks::by_agent(const AgentCommand& c, const InboundEvent& e, const Agent& agent) {
    const Identity& first = c.identities.at(0);
    const Identity& second = c.identities.at(1);
    // The first identity may never have written to us yet: it becomes a person of its own first.
    if (auto p = run_.repos().persons.upsert_person(first, "", ""); !p) return p.error();
    const std::string actor = actor_of(agent).label();
    auto linked = run_.repos().persons.link_person_identity(first, second, actor, run_.now());
    if (!linked) return linked.error();
    const Vars names = {{"first", label(first)}, {"second", label(second)}};
    if (linked->already) {
        run_.answer(e, run_.agent_text("handoff.agent.identity_already", names));
        return {};
    }
    auto moved = journal_moved(*linked, first, actor);
    if (!moved) return moved.error();
    TicketFilter f;
    f.requester = first;
    f.limit = 20;
    auto tickets = run_.list_tickets(f);
    if (!tickets) return tickets.error();
    std::string list;
    for (const auto& t : *tickets) list += (list.empty() ? "" : ", ") + t.id.str();
    Vars vars = names;
    vars.emplace_back("tickets", list.empty() ? run_.agent_text("handoff.agent.no_tickets") : list);
    run_.answer(e, run_.agent_text("handoff.agent.identity_linked", vars));
    return {};
}

Result<std::vector<TicketId>> IdentityLinks::journal_moved(const IdentityLink& link, const Identity& any, const std::string& actor) {
    const std::set<Identity> moved(link.moved.begin(), link.moved.end());
    TicketFilter f;
    f.requester = any;  // the person's tickets, every identity's
    auto tickets = run_.list_tickets(f);
    if (!tickets) return tickets.error();
    std::vector<TicketId> out;
    for (const auto& t : *tickets) {
        if (!moved.count(t.requester.identity)) continue;
        json details = {{"identity", label(t.requester.identity)}, {"person", link.person_id}};
        if (link.merged_person) details["merged_person"] = *link.merged_person;
        if (auto ok = run_.journal(t, actor, "requester_linked", details); !ok) return ok.error();
        out.push_back(t.id);
    }
    return out;
}

}  // namespace frontline::handoff
