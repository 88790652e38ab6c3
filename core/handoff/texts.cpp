#include "core/handoff/texts.hpp"

#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace frontline::handoff {

Status Texts::add_language(const std::string& lang, const nlohmann::json& j, const std::string& origin) {
    if (!j.is_object()) return make_error(Errc::parse, origin + ": expected an object of key -> text");
    auto& table = langs_[lang];
    for (const auto& [key, value] : j.items()) {
        if (!value.is_string() || value.get<std::string>().empty())
            return make_error(Errc::parse, origin + ": key '" + key + "': expected a non-empty text");
        table[key] = value.get<std::string>();
    }
    return {};
}

Status Texts::validate() const {
    if (!langs_.count("en")) return make_error(Errc::parse, "hand-off texts: the English locale (en.handoff.json) is missing");
    for (const auto& [lang, table] : langs_)
        for (const auto& key : required_keys())
            if (!table.count(key))
                return make_error(Errc::parse, "hand-off texts: locale '" + lang + "' has no key '" + key + "'");
    return {};
}

std::vector<std::string> Texts::languages() const {
    std::vector<std::string> out;
    for (const auto& [lang, table] : langs_) out.push_back(lang);
    return out;
}

std::string Texts::get(const std::string& lang, const std::string& key, const Vars& vars) const {
    std::string text = key;
    for (const std::string& l : {lang, std::string("en")}) {
        auto t = langs_.find(l);
        if (t == langs_.end()) continue;
        auto it = t->second.find(key);
        if (it == t->second.end()) continue;
        text = it->second;
        break;
    }
    return fill_placeholders(text, vars);
}

const std::vector<std::string>& Texts::required_keys() {
    static const std::vector<std::string> keys = {
        "handoff.agent.already_claimed",
        "handoff.alert.auto_resolved",
        "handoff.alert.auto_resolved_notes",
        "handoff.alert.firing_again",
        "handoff.alert.joined",
        "handoff.alert.labels",
        "handoff.alert.monitoring",
        "handoff.alert.requester",
        "handoff.alert.resolved_notice",
        "handoff.alert.runbook",
        "handoff.alert.started",
        "handoff.call.agent_booked",
        "handoff.call.agent_cancel_ok",
        "handoff.call.agent_cancelled",
        "handoff.call.agent_moved",
        "handoff.call.agent_offered",
        "handoff.call.agent_reminder",
        "handoff.call.bad_length",
        "handoff.call.claim_first",
        "handoff.call.none_booked",
        "handoff.call.not_configured",
        "handoff.call.requester_booked",
        "handoff.call.requester_cancelled",
        "handoff.call.requester_moved",
        "handoff.call.requester_offer",
        "handoff.call.requester_reminder",
        "handoff.agent.already_tier",
        "handoff.agent.already_yours",
        "handoff.agent.assigned",
        "handoff.agent.breach_deadline_near",
        "handoff.agent.breach_deadline_passed",
        "handoff.agent.breach_officer",
        "handoff.agent.breach_recorded",
        "handoff.agent.broadcast_sent",
        "handoff.agent.category_set",
        "handoff.agent.claim_first",
        "handoff.agent.claimed_ok",
        "handoff.agent.closed",
        "handoff.agent.escalated",
        "handoff.agent.help_foot",
        "handoff.agent.help_head",
        "handoff.agent.l3_closes_breach",
        "handoff.agent.linked",
        "handoff.agent.list_line",
        "handoff.agent.mine_empty",
        "handoff.agent.mine_head",
        "handoff.agent.not_breach",
        "handoff.agent.not_claimed",
        "handoff.agent.not_open",
        "handoff.agent.not_yours",
        "handoff.agent.noted",
        "handoff.agent.parent_is_child",
        "handoff.agent.pending_set",
        "handoff.agent.priority_set",
        "handoff.agent.queue_empty",
        "handoff.agent.queue_head",
        "handoff.agent.refused",
        "handoff.agent.reopened",
        "handoff.agent.reopened_ping",
        "handoff.agent.reping",
        "handoff.agent.reply_hint",
        "handoff.agent.requester_says",
        "handoff.agent.resolved",
        "handoff.agent.resolved_with_child",
        "handoff.agent.resolved_with_children",
        "handoff.agent.restricted_title",
        "handoff.agent.sent",
        "handoff.agent.sent_privately",
        "handoff.agent.sent_short",
        "handoff.agent.show_status",
        "handoff.agent.sla_breach",
        "handoff.agent.sla_warning",
        "handoff.agent.tier_required",
        "handoff.agent.tier_up",
        "handoff.agent.too_long",
        "handoff.agent.unclaimed",
        "handoff.agent.unknown_agent",
        "handoff.agent.unknown_ticket",
        "handoff.agent.usage",
        "handoff.agent.which_ticket",
        "handoff.button.broken",
        "handoff.button.claim",
        "handoff.button.escalate",
        "handoff.button.reply",
        "handoff.button.works",
        "handoff.card.breach_deadline",
        "handoff.card.claimed",
        "handoff.card.closed",
        "handoff.card.description",
        "handoff.card.head",
        "handoff.card.moved",
        "handoff.card.undeliverable",
        "handoff.card.parent",
        "handoff.card.pending",
        "handoff.card.requester",
        "handoff.card.requester_unreachable",
        "handoff.card.resolved",
        "handoff.card.restricted",
        "handoff.card.similar",
        "handoff.card.sla",
        "handoff.card.typed_hint",
        "handoff.card.typed_hint_claimed",
        "handoff.card.waiting",
        "handoff.refused",
        "handoff.requester.agent_says",
        "handoff.requester.assigned",
        "handoff.requester.auto_closed",
        "handoff.requester.broadcast",
        "handoff.requester.claimed",
        "handoff.requester.closed",
        "handoff.requester.closed_thanks",
        "handoff.requester.confirm_stale",
        "handoff.requester.escalated_up",
        "handoff.requester.help_claimed",
        "handoff.requester.help_queued",
        "handoff.requester.linked",
        "handoff.requester.new_reply_by",
        "handoff.requester.new_resolve_by",
        "handoff.requester.no_agent_reachable",
        "handoff.requester.not_yours",
        "handoff.requester.pending",
        "handoff.requester.queued",
        "handoff.requester.reopen_too_late",
        "handoff.requester.reopened",
        "handoff.requester.reopened_by_agent",
        "handoff.requester.resolved",
        "handoff.requester.resolved_answered",
        "handoff.requester.resolved_retired",
        "handoff.requester.status_claimed",
        "handoff.requester.status_paused",
        "handoff.requester.status_pending",
        "handoff.requester.status_queued",
        "handoff.requester.status_reply_by",
        "handoff.requester.status_resolve_by",
        "handoff.requester.too_long",
        "handoff.requester.unclaimed",
        "handoff.sla.resolution",
        "handoff.sla.response",
        "handoff.agent.withdrawn",
        "handoff.button.keep",
        "handoff.button.keep_all",
        "handoff.button.withdraw",
        "handoff.requester.about_closed",
        "handoff.requester.added_to",
        "handoff.requester.nothing_held",
        "handoff.requester.status_many",
        "handoff.requester.which_ticket",
        "handoff.requester.withdraw_ask",
        "handoff.requester.withdraw_kept",
        "handoff.requester.withdraw_stale",
        "handoff.requester.withdraw_which",
        "handoff.requester.withdrawn",
        "handoff.agent.reopen_not_resolved",
        "handoff.agent.reopen_too_late",
        "handoff.agent.reopened_by_requester",
        "handoff.duration.day",
        "handoff.duration.days",
        "handoff.duration.hour",
        "handoff.duration.hours",
        "handoff.requester.reopen_still_open",
        "handoff.requester.reopen_unknown",
        "handoff.requester.reopen_withdrawn",
        "handoff.requester.reopened_as_new",
        "handoff.requester.reopened_queued",
        "handoff.requester.reopened_to_agent",
        // One person across platforms (identity_links.cpp).
        "handoff.agent.identity_already",
        "handoff.agent.identity_linked",
        "handoff.agent.no_tickets",
        "handoff.link.already",
        "handoff.link.code",
        "handoff.link.done_here",
        "handoff.link.done_there",
        "handoff.link.expired",
        "handoff.link.own",
        "handoff.link.unavailable",
        "handoff.link.unknown",
        "handoff.link.used",
        "handoff.platform.console",
        "handoff.platform.matrix",
        "handoff.platform.slack",
        "handoff.platform.telegram",
        "handoff.platform.webchat",
    };
    return keys;
}

}  // namespace frontline::handoff
