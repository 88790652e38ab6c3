// Agent commands: authorization, then one body per verb (here, or in the stage that owns the verb:
// Resolution, Relay, MajorIncidents). Expected refusals (unknown ticket, wrong state, someone else
// has it) are answers to the agent; only storage failures are errors.
#include "core/handoff/agent_commands.hpp"

#include <algorithm>

#include "core/handoff/relay.hpp"
#include "core/handoff/report_command.hpp"
#include "core/timer_keys.hpp"
#include "core/text.hpp"

namespace frontline::handoff {

using nlohmann::json;

namespace {

bool expected_refusal(const Error& e) {
    return e.code == Errc::invalid_transition || e.code == Errc::forbidden || e.code == Errc::not_found ||
           e.code == Errc::invalid_argument || e.code == Errc::conflict;
}

}  // namespace

Status AgentCommands::run_command(AgentCommand c, const InboundEvent& e, const Agent* agent) {
    if (!agent) {
        // Not an agent: a polite refusal. The attempt goes into the journal only of the sender's own
        // ticket: ids are sequential, and anyone could otherwise write into any ticket's history.
        OutboundMessage m;
        m.to = e.where;
        m.text = run_.sender_text(e, "handoff.refused");
        run_.send(std::move(m));
        if (!c.ticket) return {};
        auto t = run_.load(*c.ticket);
        if (!t) return t.error().code == Errc::not_found ? Status{} : Status{t.error()};
        if (!run_.is_requester(*t, e.from)) return {};
        return run_.journal(*t, Actor::requester(e.from).label(), "refused",
                            {{"command", std::string(verb_name(c.verb))}, {"platform", e.from.platform}, {"user", e.from.user_id}});
    }
    if (!is_valid_utf8(c.text) || c.text.size() > kMaxUserTextBytes) {
        run_.answer(e, run_.agent_text("handoff.agent.too_long"));
        return {};
    }
    switch (c.verb) {
        case Verb::help: return do_help(e);
        case Verb::queue: return do_list(e, *agent, false);
        case Verb::mine: return do_list(e, *agent, true);
        case Verb::report: return ReportCommand(run_).answer(e, c.days);
        case Verb::confirm: return {};
        case Verb::link_identity: return links_.by_agent(c, e, *agent);
        default: break;
    }
    if (!c.ticket) {
        run_.answer(e, run_.agent_text("handoff.agent.which_ticket", {{"usage", std::string(usage(c.verb))}}));
        return {};
    }
    auto loaded = run_.load(*c.ticket);
    if (!loaded) {
        if (loaded.error().code != Errc::not_found) return loaded.error();
        run_.answer(e, run_.agent_text("handoff.agent.unknown_ticket", {{"ticket", c.ticket->str()}}));
        return {};
    }
    Ticket t = std::move(*loaded);
    Status s;
    switch (c.verb) {
        case Verb::claim: s = do_claim(std::move(t), e, *agent); break;
        case Verb::unclaim: s = do_unclaim(std::move(t), e, *agent); break;
        case Verb::assign: s = do_assign(std::move(t), e, *agent, c.arg); break;
        case Verb::escalate: s = do_escalate(std::move(t), e, *agent, c.tier, c.text); break;
        case Verb::priority: s = do_priority(std::move(t), e, *agent, *c.priority, c.text); break;
        case Verb::category: s = do_category(std::move(t), e, *agent, c.arg); break;
        case Verb::pending: s = do_pending(std::move(t), e, *agent, c.text); break;
        case Verb::resolve: s = resolution_.resolve(std::move(t), e, *agent, c.arg, c.text); break;
        case Verb::reopen: s = reopening_.by_agent(std::move(t), e, *agent, c.text); break;
        case Verb::close: s = resolution_.close(std::move(t), e, *agent); break;
        case Verb::note: s = do_note(std::move(t), e, *agent, c.text); break;
        case Verb::show: s = do_show(std::move(t), e, *agent); break;
        case Verb::reply: s = relay_.reply(std::move(t), e, *agent, c.text); break;
        case Verb::link: s = major_.link(std::move(t), e, *agent, *c.parent); break;
        case Verb::broadcast: s = major_.broadcast(std::move(t), e, *agent, c.text); break;
        case Verb::breach_notified: s = do_breach_notified(std::move(t), e, *agent, c.arg, c.text); break;
        case Verb::call:
            s = c.arg == "cancel" ? calls_.cancel_by_agent(std::move(t), e, *agent) : calls_.offer(std::move(t), e, *agent, c.minutes);
            break;
        default: break;
    }
    if (!s && expected_refusal(s.error())) {
        run_.answer(e, run_.agent_text("handoff.agent.refused", {{"ticket", c.ticket->str()}, {"reason", s.error().message}}));
        return {};
    }
    return s;
}

Status AgentCommands::reply_button(AgentCommand c, const InboundEvent& e, const Agent* agent) {
    c.text = trim(e.text);
    // Some adapters report a pressed button's label as the event's text: the word "Reply" must not
    // reach the requester, that is a button without a text.
    for (const auto& lang : run_.config().texts.languages())
        if (c.text == run_.config().texts.get(lang, "handoff.button.reply")) c.text.clear();
    if (agent && c.text.empty()) {
        run_.answer(e, run_.agent_text("handoff.agent.reply_hint", {{"ticket", c.ticket->str()}}));
        return {};
    }
    // From here exactly `reply INC text`: authorisation, bad input, state checks, journal, confirmation.
    return run_command(std::move(c), e, agent);
}

Status AgentCommands::thread_message(Ticket t, const InboundEvent& e, const Agent& a) {
    const Team* team = run_.config().directory.team_by_room(e.where.platform, e.where.conversation_id);
    if (!team) team = run_.ticket_team(t);
    const std::string text = trim(e.text);
    if (text.empty()) return {};
    if (team->relay_mode == RelayMode::explicit_only) return {};  // discussion between agents stays internal
    if (text.rfind(team->note_marker, 0) == 0) {
        const std::string note = trim(std::string_view(text).substr(team->note_marker.size()));
        if (note.empty()) return {};
        return run_.journal(t, actor_of(a).label(), "note", {{"text", note}});
    }
    if (!is_valid_utf8(text) || text.size() > kMaxUserTextBytes) {
        run_.answer(e, run_.agent_text("handoff.agent.too_long"));
        return {};
    }
    const std::string id = t.id.str();
    auto s = relay_.reply(std::move(t), e, a, text);
    if (!s && (s.error().code == Errc::invalid_transition)) {
        run_.answer(e, run_.agent_text("handoff.agent.refused", {{"ticket", id}, {"reason", s.error().message}}));
        return {};
    }
    return s;
}

Status AgentCommands::do_claim(Ticket t, const InboundEvent& e, const Agent& a) {
    // Runs inside the batch's IMMEDIATE transaction: the read above and the write below cannot
    // interleave with another claim, so exactly one of two racing agents gets here with no assignee.
    if (!t.assignee.empty()) {
        const Agent* owner = run_.assignee(t);
        run_.answer(e, t.assignee == a.handle ? run_.agent_text("handoff.agent.already_yours", {{"ticket", t.id.str()}})
                                              : run_.agent_text("handoff.agent.already_claimed",
                                                                {{"ticket", t.id.str()}, {"agent", owner ? owner->name : t.assignee}}));
        return {};
    }
    if (a.tier < t.tier)
        return make_error(Errc::forbidden, run_.agent_text("handoff.agent.tier_required", {{"tier", std::string(to_string(t.tier))}}));
    if (auto ok = run_.move(t, TicketStatus::in_progress, actor_of(a)); !ok) return ok;
    t.assignee = a.handle;
    if (auto ok = run_.save(t); !ok) return ok;
    if (auto ok = run_.journal(t, actor_of(a).label(), "claim", {{"agent", a.handle}, {"via", e.kind == InboundKind::choice ? "button" : "command"}}); !ok)
        return ok;
    run_.cancel(timers::reping_key(t.id));
    run_.post_card(t, true, {});
    run_.tell_requester(t, "handoff.requester.claimed", {{"ticket", t.id.str()}, {"agent", a.name}});
    run_.answer(e, run_.agent_text("handoff.agent.claimed_ok", {{"ticket", t.id.str()}, {"agent", a.name}}));
    if (t.restricted) run_.dm(a, t, run_.card_text(t, true, &a), true);
    return {};
}

Status AgentCommands::do_unclaim(Ticket t, const InboundEvent& e, const Agent& a) {
    if (t.status != TicketStatus::in_progress)
        return make_error(Errc::invalid_transition, run_.agent_text("handoff.agent.not_claimed"));
    const Agent* owner = run_.assignee(t);
    if (owner && owner != &a && a.tier <= owner->tier)
        return make_error(Errc::forbidden, run_.agent_text("handoff.agent.not_yours", {{"agent", owner->name}}));
    if (auto ok = run_.move(t, TicketStatus::escalated, actor_of(a)); !ok) return ok;
    if (auto ok = run_.save(t); !ok) return ok;
    if (auto ok = run_.journal(t, actor_of(a).label(), "unclaim", {{"agent", a.handle}}); !ok) return ok;
    run_.post_card(t, true, run_.mention_for(t, run_.config().policy.route(t)));
    clocks_.arm_reping(t);
    run_.tell_requester(t, "handoff.requester.unclaimed", {{"ticket", t.id.str()}});
    run_.answer(e, run_.agent_text("handoff.agent.unclaimed", {{"ticket", t.id.str()}}));
    return {};
}

Status AgentCommands::do_assign(Ticket t, const InboundEvent& e, const Agent& a, const std::string& target) {
    const Agent* to = run_.config().directory.agent_by_reference(target, e.mentions);
    if (!to) return make_error(Errc::not_found, run_.agent_text("handoff.agent.unknown_agent", {{"agent", target}}));
    if (to->tier < t.tier)
        return make_error(Errc::forbidden, run_.agent_text("handoff.agent.tier_required", {{"tier", std::string(to_string(t.tier))}}));
    const std::string before = t.assignee;
    if (t.status == TicketStatus::escalated) {
        if (auto ok = run_.move(t, TicketStatus::in_progress, actor_of(a)); !ok) return ok;
        run_.cancel(timers::reping_key(t.id));
    } else if (t.status != TicketStatus::in_progress && t.status != TicketStatus::pending_user) {
        return make_error(Errc::invalid_transition, run_.agent_text("handoff.agent.not_open", {{"status", std::string(to_string(t.status))}}));
    }
    t.assignee = to->handle;
    if (auto ok = run_.save(t); !ok) return ok;
    if (auto ok = run_.journal(t, actor_of(a).label(), "assign", {{"from", before}, {"to", to->handle}}); !ok) return ok;
    run_.post_card(t, true, {});
    run_.post_to_ticket(t, run_.agent_text("handoff.agent.assigned", {{"ticket", t.id.str()}, {"agent", to->name}}), {to}, false);
    run_.tell_requester(t, "handoff.requester.assigned", {{"ticket", t.id.str()}, {"agent", to->name}});
    if (t.restricted) run_.dm(*to, t, run_.card_text(t, true, to), true);
    run_.answer(e, run_.agent_text("handoff.agent.assigned", {{"ticket", t.id.str()}, {"agent", to->name}}));
    return {};
}

Status AgentCommands::do_escalate(Ticket t, const InboundEvent& e, const Agent& a, std::optional<Tier> tier,
                                  const std::string& reason) {
    if (!is_open(t.status) || t.status == TicketStatus::new_ || t.status == TicketStatus::in_diagnosis)
        return make_error(Errc::invalid_transition, run_.agent_text("handoff.agent.not_open", {{"status", std::string(to_string(t.status))}}));
    const Tier to = tier.value_or(Tier::l3);
    if (t.tier >= to) {
        run_.answer(e, run_.agent_text("handoff.agent.already_tier", {{"ticket", t.id.str()}, {"tier", std::string(to_string(t.tier))}}));
        return {};
    }
    if (t.status != TicketStatus::escalated)
        if (auto ok = run_.move(t, TicketStatus::escalated, actor_of(a)); !ok) return ok;
    if (auto ok = run_.journal(t, actor_of(a).label(), "escalate", {{"from", to_string(t.tier)}, {"to", to_string(to)}, {"reason", reason}}); !ok)
        return ok;
    const Team* before = run_.ticket_team(t);
    t.tier = to;
    if (auto ok = run_.save(t); !ok) return ok;
    run_.retire_card(t, *before);
    run_.post_card(t, run_.ticket_team(t) == before, run_.mention_for(t, run_.config().policy.route(t)));
    clocks_.arm_reping(t);
    run_.tell_requester(t, "handoff.requester.escalated_up", {{"ticket", t.id.str()}});
    run_.answer(e, run_.agent_text("handoff.agent.escalated", {{"ticket", t.id.str()}, {"tier", std::string(to_string(to))}}));
    return {};
}

Status AgentCommands::do_priority(Ticket t, const InboundEvent& e, const Agent& a, Priority p, const std::string& reason) {
    // The computed priority survives every override in the journal, next to the reason.
    std::string computed(to_string(t.priority));
    auto entries = run_.journal_of(t.id);
    if (!entries) return entries.error();
    for (const auto& j : *entries) {
        if (j.kind != "priority_override") continue;
        auto d = json::parse(j.details, nullptr, false);
        if (d.is_object() && d.contains("computed") && d["computed"].is_string()) {
            computed = d["computed"].get<std::string>();
            break;
        }
    }
    const std::string before(to_string(t.priority));
    const SlaClock clocks_before = t.sla;
    t.priority = p;
    run_.config().settings.sla.apply(t);
    if (auto ok = run_.save(t); !ok) return ok;
    if (auto ok = run_.journal(t, actor_of(a).label(), "priority_override",
                               {{"from", before}, {"to", to_string(p)}, {"computed", computed}, {"reason", reason}});
        !ok)
        return ok;
    clocks_.arm_sla(t);
    tell_requester_new_due(t, clocks_before);
    if (t.status == TicketStatus::escalated && run_.config().policy.route(t).tier > t.tier) {
        if (auto ok = escalator_.tier_up(t, actor_of(a), "priority"); !ok) return ok;
    } else {
        run_.post_card(t, true, {});
    }
    run_.answer(e, run_.agent_text("handoff.agent.priority_set", {{"ticket", t.id.str()}, {"priority", std::string(to_string(p))}}));
    return {};
}

void AgentCommands::tell_requester_new_due(const Ticket& t, const SlaClock& before) {
    // Only the promise the requester holds: the reply while none came, else the resolution. Never
    // the internal detail of why (a breach, an override's reason).
    if (!is_open(t.status) || t.status == TicketStatus::pending_user) return;
    const bool awaiting_reply = !t.first_response_at;
    const auto& now_due = awaiting_reply ? t.sla.response_due : t.sla.resolution_due;
    const auto& was_due = awaiting_reply ? before.response_due : before.resolution_due;
    if (!now_due || now_due == was_due) return;
    run_.tell_requester(t, awaiting_reply ? "handoff.requester.new_reply_by" : "handoff.requester.new_resolve_by",
                        {{"ticket", t.id.str()}, {"due", relay_.due_for_requester(t, now_due)}});
}

Status AgentCommands::do_category(Ticket t, const InboundEvent& e, const Agent& a, const std::string& category) {
    for (char ch : category)
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_')
            return make_error(Errc::invalid_argument, std::string(usage(Verb::category)));
    const std::string before = t.category;
    t.category = category;
    if (run_.config().policy.is_breach(t)) t.restricted = true;  // once restricted, always restricted
    if (auto ok = run_.save(t); !ok) return ok;
    if (auto ok = run_.journal(t, actor_of(a).label(), "category", {{"from", before}, {"to", category}}); !ok) return ok;
    run_.post_card(t, true, {});
    run_.answer(e, run_.agent_text("handoff.agent.category_set", {{"ticket", t.id.str()}, {"category", category}}));
    return {};
}

Status AgentCommands::do_pending(Ticket t, const InboundEvent& e, const Agent& a, const std::string& question) {
    if (auto ok = run_.move(t, TicketStatus::pending_user, actor_of(a)); !ok) return ok;
    if (t.assignee.empty()) t.assignee = a.handle;
    if (!t.first_response_at) t.first_response_at = run_.now();
    if (auto ok = run_.save(t); !ok) return ok;
    if (auto ok = run_.journal(t, actor_of(a).label(), "pending", {{"question", question}}); !ok) return ok;
    run_.post_card(t, true, {});
    run_.tell_requester(t, "handoff.requester.pending", {{"ticket", t.id.str()}, {"agent", a.name}, {"text", question}});
    run_.answer(e, run_.agent_text("handoff.agent.pending_set", {{"ticket", t.id.str()}}));
    return {};
}

Status AgentCommands::do_note(Ticket t, const InboundEvent& e, const Agent& a, const std::string& text) {
    if (auto ok = run_.journal(t, actor_of(a).label(), "note", {{"text", text}}); !ok) return ok;
    run_.answer(e, run_.agent_text("handoff.agent.noted", {{"ticket", t.id.str()}}));
    return {};
}

Status AgentCommands::do_show(Ticket t, const InboundEvent& e, const Agent& a) {
    const std::string status = run_.agent_text("handoff.agent.show_status",
                                               {{"status", std::string(to_string(t.status))},
                                                {"agent", t.assignee.empty() ? "-" : t.assignee}});
    if (t.restricted && run_.is_broad_room(e.where)) {
        run_.dm(a, t, run_.card_text(t, true, &a) + "\n" + status, true);
        run_.answer(e, run_.agent_text("handoff.agent.sent_privately", {{"ticket", t.id.str()}}));
        return {};
    }
    run_.answer(e, run_.card_text(t, true, &a) + "\n" + status, t.restricted);
    return {};
}

Status AgentCommands::do_breach_notified(Ticket t, const InboundEvent& e, const Agent& a, const std::string& target,
                                         const std::string& text) {
    if (!run_.config().policy.is_breach(t))
        return make_error(Errc::invalid_argument, run_.agent_text("handoff.agent.not_breach", {{"ticket", t.id.str()}}));
    if (auto ok = run_.journal(t, actor_of(a).label(), "breach_notified",
                               {{"target", target}, {"text", text}, {"at", format_iso8601(run_.now())},
                                {"deadline", format_iso8601(run_.breach_deadline(t))}, {"late", run_.now() > run_.breach_deadline(t)}});
        !ok)
        return ok;
    if (target == "authority")
        for (const auto& w : run_.config().policy.breach().warn_before)
            run_.cancel(timers::breach_key(t.id, w.count()));
    if (target == "authority") run_.cancel(timers::breach_key(t.id, 0));
    run_.answer(e, run_.agent_text("handoff.agent.breach_recorded", {{"ticket", t.id.str()}, {"target", target}}));
    return {};
}

Status AgentCommands::do_list(const InboundEvent& e, const Agent& a, bool mine) {
    TicketFilter f;
    f.open_only = true;
    f.limit = 100000;
    auto all = run_.list_tickets(f);
    if (!all) return all.error();
    std::vector<Ticket> rows;
    for (auto& t : *all) {
        if (mine ? t.assignee == a.handle : (t.status == TicketStatus::escalated && t.assignee.empty())) rows.push_back(std::move(t));
    }
    // The queue: most urgent first, then the longest waiting.
    std::sort(rows.begin(), rows.end(), [](const Ticket& x, const Ticket& y) {
        if (x.priority != y.priority) return x.priority < y.priority;
        return x.escalated_at.value_or(x.reported_at) < y.escalated_at.value_or(y.reported_at);
    });
    if (rows.empty()) {
        run_.answer(e, run_.agent_text(mine ? "handoff.agent.mine_empty" : "handoff.agent.queue_empty"));
        return {};
    }
    std::string s = run_.agent_text(mine ? "handoff.agent.mine_head" : "handoff.agent.queue_head", {{"count", std::to_string(rows.size())}});
    const bool broad = run_.is_broad_room(e.where);
    for (std::size_t i = 0; i < rows.size() && i < 25; ++i) {
        const auto& t = rows[i];
        const auto waiting = std::chrono::duration_cast<std::chrono::minutes>(run_.now() - t.escalated_at.value_or(t.reported_at));
        const std::string title = t.restricted && broad ? run_.agent_text("handoff.agent.restricted_title") : t.title;
        s += "\n" + run_.agent_text("handoff.agent.list_line", {{"ticket", t.id.str()}, {"priority", std::string(to_string(t.priority))},
                                                                {"tier", std::string(to_string(t.tier))}, {"title", title},
                                                                {"status", std::string(to_string(t.status))},
                                                                {"minutes", std::to_string(waiting.count())}});
    }
    run_.answer(e, s);
    return {};
}

Status AgentCommands::do_help(const InboundEvent& e) {
    std::string s = run_.agent_text("handoff.agent.help_head");
    for (Verb v : {Verb::claim, Verb::reply, Verb::unclaim, Verb::assign, Verb::escalate, Verb::priority, Verb::category,
                   Verb::pending, Verb::resolve, Verb::reopen, Verb::close, Verb::note, Verb::show, Verb::queue, Verb::mine,
                   Verb::link, Verb::broadcast, Verb::breach_notified, Verb::call, Verb::report, Verb::link_identity})
        s += "\n• `" + std::string(usage(v)) + "`";
    s += "\n" + run_.agent_text("handoff.agent.help_foot");
    run_.answer(e, s);
    return {};
}

}  // namespace frontline::handoff
