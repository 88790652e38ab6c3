// How an L1 conversation ends: linked to a similar open incident, escalated to people, resolved by
// a known fix (and confirmed), or cancelled.
#include <nlohmann/json.hpp>

#include "core/engine/engine_turn.hpp"

namespace frontline {
namespace {

/// The words a search for similar incidents should match: what the user said and answered.
std::string search_text(const Ticket& t) {
    std::string text = t.title + " " + t.description;
    for (const auto& s : t.symptoms) text += " " + s.answer;
    return text;
}

bool with_people(TicketStatus s) {
    return s == TicketStatus::escalated || s == TicketStatus::in_progress || s == TicketStatus::pending_user;
}

}  // namespace

Status Turn::before_escalation(const std::optional<Tier>& node_tier) {
    // Data-breach reports are never linked to other tickets: their details stay with their own.
    if (ticket_->type != TicketType::incident || ticket_->restricted) return escalate("flow_end", node_tier);
    SimilarQuery q;
    q.text = search_text(*ticket_);
    q.category = ticket_->category;
    q.open_only = true;
    q.since = now_ - cfg_.settings.similar_window;
    q.exclude = ticket_->id;
    q.limit = 5;
    auto found = repos_.tickets.find_similar(q);
    if (!found) return found.error();
    for (const auto& candidate : *found) {
        auto other = repos_.tickets.find_ticket(candidate.id);
        if (!other) return other.error();
        if (!*other || (*other)->requester.identity == user_ || (*other)->restricted) continue;
        // A child of a major incident points to the incident everyone is linked to.
        if ((*other)->parent) {
            auto parent = repos_.tickets.find_ticket(*(*other)->parent);
            if (!parent) return parent.error();
            if (*parent) other = std::move(parent);
        }
        if (!*other || !with_people((*other)->status) || (*other)->id == ticket_->id) continue;
        s_.similar = (*other)->id;
        s_.phase = Phase::similar;
        auto p = prompt();
        if (!p) return p.error();
        ask(*p);
        return {};
    }
    return escalate("flow_end", node_tier);
}

Status Turn::answer_similar(bool link) {
    changed();
    std::optional<Tier> node_tier;
    if (const Flow* f = cfg_.flow(s_.flow); f && f->nodes.count(s_.node)) node_tier = f->nodes.at(s_.node).tier;
    if (link && s_.similar) {
        ticket_->parent = *s_.similar;
        ticket_dirty_ = true;
        if (auto s = journal("linked", nlohmann::json{{"parent", s_.similar->str()}}.dump()); !s) return s;
        say("engine.linked", {{"id", ticket_->id.str()}, {"parent", s_.similar->str()}});
    }
    s_.similar.reset();
    return escalate(link ? "linked" : "flow_end", node_tier);
}

Status Turn::escalate(const std::string& reason, std::optional<Tier> node_tier) {
    const Category* c = cfg_.category(ticket_->category);
    Tier tier = node_tier ? *node_tier : (c ? c->default_tier : Tier::l2);
    if (ticket_->restricted || ticket_->priority == Priority::p1) tier = Tier::l3;
    ticket_->tier = tier;
    const Actor who = ticket_->status == TicketStatus::in_progress ? Actor::system() : Actor::bot();
    if (auto s = move(TicketStatus::escalated, who); !s) return s;
    if (auto s = journal("escalated", nlohmann::json{{"tier", to_string(tier)}, {"reason", reason}}.dump()); !s) return s;
    const std::string target = format_duration(ctx_.sla.target(ticket_->priority).response);
    if (ticket_->restricted) {
        say("engine.escalated_restricted", {{"id", ticket_->id.str()}, {"target", target}});
    } else {
        say("engine.escalated", {{"id", ticket_->id.str()},
                                 {"team", t(tier == Tier::l3 ? "engine.tier.l3" : "engine.tier.l2")},
                                 {"priority", std::string(to_string(ticket_->priority))},
                                 {"target", target}});
    }
    fx_.escalations.push_back({ticket_->id, tier, reason, fx_.messages.back().idempotency_key});
    end_conversation();
    return {};
}

Status Turn::resolve_by_fix(const std::string& code, const std::string& text_key) {
    if (auto s = move(TicketStatus::resolved, Actor::bot()); !s) return s;
    ticket_->resolution_code = code;
    const auto fixed_by = s_.answers.find("fixed_by");
    if (fixed_by != s_.answers.end())
        if (const KbArticle* a = cfg_.article(fixed_by->second)) ticket_->resolution_notes = a->title.at(s_.locale);
    ticket_dirty_ = true;
    nlohmann::json details = {{"code", code}, {"by", "L1"}};
    if (fixed_by != s_.answers.end()) details["kb"] = fixed_by->second;
    if (auto s = journal("resolution", details.dump()); !s) return s;
    say(text_key.empty() ? "engine.resolved" : text_key, {{"id", ticket_->id.str()}});
    s_.phase = Phase::confirm_resolution;
    auto p = prompt();
    if (!p) return p.error();
    ask(*p);
    return {};
}

Status Turn::answer_resolution(bool works) {
    changed();
    if (works) {
        if (auto s = move(TicketStatus::closed, Actor::requester(user_)); !s) return s;
        say("engine.closed", {{"id", ticket_->id.str()}});
        end_conversation();
        return {};
    }
    say("engine.reopened", {{"id", ticket_->id.str()}});
    if (auto s = move(TicketStatus::in_progress, Actor::requester(user_)); !s) return s;
    return escalate("fix_did_not_hold", std::nullopt);
}

Status Turn::cancel_ticket(const Actor& who, bool quiet) {
    if (!ticket_) return {};
    const TicketStatus st = ticket_->status;
    if (st != TicketStatus::new_ && st != TicketStatus::in_diagnosis) return {};
    if (auto s = move(TicketStatus::cancelled, who); !s) return s;
    if (!quiet) say("engine.cancelled", {{"id", ticket_->id.str()}});
    return {};
}

void Turn::end_conversation() {
    retire_question();  // no question is open any more: its buttons would only confuse
    const std::string locale = s_.locale;
    const Address where = s_.where;
    const int turn = s_.turn;
    s_ = SessionState{};
    s_.locale = locale;
    s_.where = where;
    s_.turn = turn;
    dirty_ = true;
}

}  // namespace frontline
