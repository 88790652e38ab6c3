// How an L1 conversation ends: linked to a similar open incident, escalated to people, resolved by
// a known fix (and confirmed), or cancelled.
#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/engine/turn_stages.hpp"
#include "core/text.hpp"

namespace frontline {
namespace {

/// The words a search for similar incidents should match: what the user said the problem is. The
/// flow's answers are left out: chosen from the same buttons by everyone with that problem ("Windows
/// laptop", "Yes"), they match every ticket of the category and only make the search slower.
std::string search_text(const Ticket& t) {
    return t.description == t.title ? t.title : t.title + " " + t.description;
}

bool with_people(TicketStatus s) {
    return s == TicketStatus::escalated || s == TicketStatus::in_progress || s == TicketStatus::pending_user;
}

}  // namespace

Status Outcome::search_similar() {
    // Data-breach reports are never linked to other tickets: their details stay with their own.
    if (tk()->similar || tk()->restricted) return {};
    SimilarQuery q;
    q.text = search_text(*tk());
    q.category = tk()->category;
    if (const Category* c = cfg().category(tk()->category)) q.related_categories = c->related;
    // The service the flow named finds the reports that name it, whatever their category or words.
    q.affected_service = tk()->affected_service;
    if (!q.affected_service.empty()) q.text += " " + q.affected_service;
    q.open_only = true;
    q.since = now() - cfg().settings.similar_window;
    q.exclude = tk()->id;
    q.limit = 5;
    auto found = repos().tickets.find_similar(q);
    if (!found) return found.error();
    auto& refs = tk()->similar.emplace();
    for (auto& f : *found) refs.push_back({f.id, std::move(f.title)});
    st_.ticket_changed();
    return {};
}

Status Outcome::before_escalation(const std::optional<Tier>& node_tier) {
    if (tk()->type != TicketType::incident || tk()->restricted) return escalate("flow_end", node_tier);
    if (auto ok = search_similar(); !ok) return ok;
    for (const auto& candidate : *tk()->similar) {
        auto other = repos().tickets.find_ticket(candidate.id);
        if (!other) return other.error();
        if (!*other || (*other)->requester.identity == user() || (*other)->restricted) continue;
        // A child of a major incident points to the incident everyone is linked to.
        if ((*other)->parent) {
            auto parent = repos().tickets.find_ticket(*(*other)->parent);
            if (!parent) return parent.error();
            if (*parent) other = std::move(parent);
        }
        if (!*other || !with_people((*other)->status) || (*other)->id == tk()->id) continue;
        s().similar = (*other)->id;
        s().phase = Phase::similar;
        return prompts().ask_current();
    }
    return escalate("flow_end", node_tier);
}

Result<bool> Outcome::offer_known_outage(const std::string& resume_node) {
    if (s().outage_offered || tk()->type != TicketType::incident || tk()->restricted || tk()->parent) return false;
    auto firing = repos().alerts.firing_alert_incidents(20);
    if (!firing) return firing.error();
    if (firing->empty()) return false;
    auto usable = [&](const TicketId& id) -> Result<std::optional<Ticket>> {
        auto other = repos().tickets.find_ticket(id);
        if (!other) return other.error();
        if (!*other || (*other)->id == tk()->id || (*other)->parent || (*other)->restricted || !with_people((*other)->status))
            return std::optional<Ticket>{};
        return other;
    };
    std::optional<Ticket> match;
    for (const auto& id : *firing) {
        auto other = usable(id);
        if (!other) return other.error();
        if (!*other) continue;
        const bool same_service = !tk()->affected_service.empty() &&
                                  ascii_lower(tk()->affected_service) == ascii_lower((*other)->affected_service);
        if ((*other)->category == tk()->category || same_service) {
            match = std::move(*other);
            break;
        }
    }
    if (!match) {
        // The user's own words may name the outage even under another category.
        SimilarQuery q;
        q.text = search_text(*tk());
        q.open_only = true;
        q.exclude = tk()->id;
        q.limit = 5;
        auto found = repos().tickets.find_similar(q);
        if (!found) return found.error();
        for (const auto& f : *found) {
            if (std::find(firing->begin(), firing->end(), f.id) == firing->end()) continue;
            auto other = usable(f.id);
            if (!other) return other.error();
            if (*other) {
                match = std::move(*other);
                break;
            }
        }
    }
    if (!match) return false;
    s().outage_offered = true;
    s().similar = match->id;
    s().resume_node = resume_node;
    s().phase = Phase::similar;
    if (auto ok = prompts().ask_current(); !ok) return ok.error();
    return true;
}

Status Outcome::answer_similar(bool link) {
    changed();
    if (!s().resume_node.empty()) {
        // Offered during the diagnosis: linked, the report goes to the people with the outage;
        // declined, the diagnosis goes on where it was.
        const std::string resume = std::exchange(s().resume_node, {});
        const auto parent = std::exchange(s().similar, std::nullopt);
        if (!link || !parent) return diagnosis().resume_flow(resume);
        tk()->parent = *parent;
        st_.ticket_changed();
        if (auto ok = journal("linked", nlohmann::json{{"parent", parent->str()}, {"known_outage", true}}.dump()); !ok) return ok;
        say("engine.outage_linked", {{"id", tk()->id.str()}, {"parent", parent->str()}});
        return escalate("linked", std::nullopt);
    }
    std::optional<Tier> node_tier;
    if (const Flow* f = flow(); f && f->nodes.count(s().node)) node_tier = f->nodes.at(s().node).tier;
    if (link && s().similar) {
        tk()->parent = *s().similar;
        st_.ticket_changed();
        if (auto ok = journal("linked", nlohmann::json{{"parent", s().similar->str()}}.dump()); !ok) return ok;
        say("engine.linked", {{"id", tk()->id.str()}, {"parent", s().similar->str()}});
    }
    s().similar.reset();
    return escalate(link ? "linked" : "flow_end", node_tier);
}

Status Outcome::escalate(const std::string& reason, std::optional<Tier> node_tier) {
    auto asked = ask_contact_first(reason, node_tier);
    if (!asked) return asked.error();
    if (*asked) return {};
    return hand_off(reason, node_tier);
}

Status Outcome::hand_off(const std::string& reason, std::optional<Tier> node_tier) {
    // Once, as the ticket reaches the people: before_escalation searched already on its way here.
    if (auto ok = search_similar(); !ok) return ok;
    const Category* c = cfg().category(tk()->category);
    Tier tier = node_tier ? *node_tier : (c ? c->default_tier : Tier::l2);
    if (tk()->restricted || tk()->priority == Priority::p1) tier = Tier::l3;
    tk()->tier = tier;
    const Actor who = tk()->status == TicketStatus::in_progress ? Actor::system() : Actor::bot();
    if (auto ok = move(TicketStatus::escalated, who); !ok) return ok;
    if (auto ok = journal("escalated", nlohmann::json{{"tier", to_string(tier)}, {"reason", reason}}.dump()); !ok) return ok;
    const std::string target = st_.format_duration(ctx().sla.target(tk()->priority).response);
    if (tk()->restricted) {
        say("engine.escalated_restricted", {{"id", tk()->id.str()}, {"target", target}});
    } else {
        say("engine.escalated", {{"id", tk()->id.str()},
                                 {"team", t(tier == Tier::l3 ? "engine.tier.l3" : "engine.tier.l2")},
                                 {"priority", std::string(to_string(tk()->priority))},
                                 {"target", target}});
    }
    // A lasting button, not a question: nothing retires it, and whenever it is pressed a fresh
    // intake starts (while this ticket is with the people, words would be relayed to them).
    st_.effects().messages.back().choices = {{t("engine.button.new_problem"), std::string(kNewProblemPayload)}};
    st_.effects().escalations.push_back({tk()->id, tier, reason, st_.effects().messages.back().idempotency_key});
    st_.end_conversation();
    return {};
}

Status Outcome::resolve_by_fix(const std::string& code, const std::string& text_key) {
    if (auto ok = move(TicketStatus::resolved, Actor::bot()); !ok) return ok;
    tk()->resolution_code = code;
    const auto fixed_by = s().answers.find("fixed_by");
    if (fixed_by != s().answers.end())
        if (const KbArticle* a = cfg().article(fixed_by->second)) tk()->resolution_notes = a->title.at(s().locale);
    st_.ticket_changed();
    nlohmann::json details = {{"code", code}, {"by", "L1"}};
    if (fixed_by != s().answers.end()) details["kb"] = fixed_by->second;
    if (auto ok = journal("resolution", details.dump()); !ok) return ok;
    say(text_key.empty() ? "engine.resolved" : text_key, {{"id", tk()->id.str()}});
    s().phase = Phase::confirm_resolution;
    return prompts().ask_current();
}

Status Outcome::answer_resolution(bool works) {
    changed();
    if (works) {
        if (auto ok = move(TicketStatus::closed, Actor::requester(user())); !ok) return ok;
        say("engine.closed", {{"id", tk()->id.str()}});
        st_.end_conversation();
        return {};
    }
    say("engine.reopened", {{"id", tk()->id.str()}});
    if (auto ok = move(TicketStatus::in_progress, Actor::requester(user())); !ok) return ok;
    return escalate("fix_did_not_hold", std::nullopt);
}

Status Outcome::cancel_ticket(const Actor& who, bool quiet) {
    if (!tk()) return {};
    const TicketStatus st = tk()->status;
    if (st != TicketStatus::new_ && st != TicketStatus::in_diagnosis) return {};
    if (auto ok = move(TicketStatus::cancelled, who); !ok) return ok;
    if (!quiet) say("engine.cancelled", {{"id", tk()->id.str()}});
    return {};
}

}  // namespace frontline
