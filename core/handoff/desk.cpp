// The Desk's routing: which events are the hand-off's and which belong to the conversation engine.
#include "core/handoff/desk.hpp"

#include <nlohmann/json.hpp>

#include "core/engine/user_input.hpp"
#include "core/handoff/alert_incidents.hpp"
#include "core/handoff/agent_commands.hpp"
#include "core/handoff/calls.hpp"
#include "core/handoff/desk_run.hpp"
#include "core/handoff/desk_timers.hpp"
#include "core/handoff/desk_undeliverable.hpp"
#include "core/handoff/escalator.hpp"
#include "core/handoff/identity_links.hpp"
#include "core/handoff/link_words.hpp"
#include "core/handoff/major_incidents.hpp"
#include "core/handoff/relay.hpp"
#include "core/handoff/reopen_words.hpp"
#include "core/handoff/reopening.hpp"
#include "core/handoff/requester_tickets.hpp"
#include "core/handoff/resolution.hpp"
#include "core/handoff/ticket_clocks.hpp"
#include "core/text.hpp"
#include "core/timer_keys.hpp"

namespace frontline::handoff {
namespace {

/// The requester's typed answer to "Is everything working again?", in the shipped languages.
std::optional<bool> yes_or_no(const std::string& text) {
    std::string w = ascii_lower(trim(text));
    while (!w.empty() && (w.back() == '.' || w.back() == '!')) w.pop_back();
    for (const char* y : {"yes", "y", "yes it works", "it works", "si", "sì", "s\xc3\xac, funziona", "funziona"})
        if (w == y) return true;
    for (const char* n : {"no", "n", "no, still broken", "still broken", "non funziona", "no, non funziona"})
        if (w == n) return false;
    return std::nullopt;
}

/// The inner handler's effects, its escalations turned into pings (the Desk's own effects appended).
Result<Effects> with_escalations_pinged(Effects fx, DeskRun& run) {
    TicketClocks clocks(run);
    Escalator escalator(run, clocks);
    for (const auto& esc : fx.escalations) {
        auto escalated = escalator.escalate_ticket(esc);
        if (!escalated) return escalated.error();
        if (!*escalated) continue;
        // No promise of an agent when none of the team's rooms is on a running platform: the
        // engine's promise is withdrawn before it is sent, and the requester told plainly instead.
        auto told = tell_requester_if_no_room(run, **escalated, {});
        if (!told) return told.error();
        if (*told && !esc.promise_key.empty())
            std::erase_if(fx.messages, [&](const OutboundMessage& m) { return m.idempotency_key == esc.promise_key; });
    }
    fx.escalations.clear();
    auto own = run.take();
    if (!own) return own.error();
    fx.append(std::move(*own));
    return fx;
}

}  // namespace

Result<DeskConfig> parse_desk_config(const std::string& agents_json_text, const std::string& origin, Texts texts,
                                     DeskSettings settings, const ZoneSource& zones) {
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(agents_json_text);
    } catch (const nlohmann::json::exception& e) {
        return make_error(Errc::parse, origin + ": not valid JSON: " + e.what());
    }
    auto dir = AgentsDirectory::from_json(root, origin);
    if (!dir) return dir.error();
    if (auto ok = dir->resolve_time_zones(zones, origin); !ok) return ok.error();
    auto policy = EscalationPolicy::from_json(root, origin, *dir);
    if (!policy) return policy.error();
    if (auto ok = texts.validate(); !ok) return ok.error();
    return DeskConfig{std::move(*dir), std::move(*policy), std::move(texts), std::move(settings), {}, zones, nullptr, nullptr, {}};
}

Desk::Desk(DeskConfig config, std::unique_ptr<EventHandler> inner)
    : config_(std::move(config)), inner_(std::move(inner)) {}

Result<Effects> Desk::handle(const InboundEvent& e, Repositories& repos, TimePoint now) {
    DeskRun run(config_, repos, now, "handoff:" + e.from.platform + ":" + e.event_id);
    auto done = [&](Status s) -> Result<Effects> {
        if (!s) return s.error();
        return run.take();
    };
    // One of our messages can never arrive (from the outbox, not from a person).
    if (e.kind == InboundKind::undeliverable) return done(report_undeliverable(run, e));
    // Monitoring reports an alert group (not a person either).
    if (e.kind == InboundKind::alert) {
        TicketClocks clocks(run);
        Escalator escalator(run, clocks);
        Resolution resolution(run, clocks);
        AlertIncidents alerts(run, escalator, resolution);
        return done(alerts.notice(e));
    }
    const Agent* agent = config_.directory.agent_by_identity(e.from);
    const bool agents_room = run.is_broad_room(e.where);
    // An agent's zone is the agents file's; a requester's comes with their events.
    if (!agent)
        if (auto ok = run.remember_time_zone(e); !ok) return ok.error();
    // The stages hold no state of their own: building them all costs a few references.
    TicketClocks clocks(run);
    Escalator escalator(run, clocks);
    Resolution resolution(run, clocks);
    Relay relay(run);
    MajorIncidents major(run);
    Reopening reopening(run, clocks, escalator, resolution);
    Calls calls(run);
    IdentityLinks links(run);
    AgentCommands commands(run, clocks, escalator, resolution, reopening, relay, major, calls, links);
    RequesterTickets requester_tickets(run, clocks, relay);
    // The booking page's verified actions (bot/ checked the signed link before making the event).
    if (e.kind == InboundKind::web_action) return done(calls.page_action(e));

    const bool person = !agent && !agents_room;
    if (person) {
        // Where the person last wrote: a linked person's ticket updates go there.
        // An identity the store refuses (too long an id) is simply not remembered: not an outage.
        if (auto ok = repos.persons.note_seen(e.from, e.where); !ok && ok.error().code != Errc::invalid_argument)
            return ok.error();
        // "link" asks for a code to type on another platform; "link CODE" (or the code) proves it.
        if (e.kind != InboundKind::choice) {
            if (auto w = parse_link_words(e.text)) return done(links.person_words(*w, e));
            // "updates here" / "updates where I write": where a linked person hears about their tickets.
            if (auto pinned = parse_updates_place_words(e.text)) return done(links.choose_updates_place(*pinned, e));
        }
    }

    // Buttons of our cards and of the resolution question.
    if (e.kind == InboundKind::choice) {
        if (auto c = parse_button_payload(e.payload)) {
            if (c->verb == Verb::confirm) return done(resolution.confirm(*c->ticket, c->arg == "yes", e));
            // The one button whose event text matters: it carries the agent's reply.
            if (c->verb == Verb::reply) return done(commands.reply_button(std::move(*c), e, agent));
            return done(commands.run_command(*c, e, agent));
        }
        if (auto b = parse_requester_payload(e.payload)) return done(requester_tickets.pressed(*b, e));
    }
    const std::string& text = e.kind == InboundKind::choice ? std::string() : e.text;

    // Typed agent commands, from anyone who might mean one.
    if (!text.empty()) {
        auto parsed = parse_agent_command(text);
        if (!parsed) {
            if (agent || agents_room) {
                run.answer(e, run.agent_text("handoff.agent.usage", {{"usage", parsed.error().message}}));
                return run.take();
            }
        } else if (*parsed) {
            auto cmd = **parsed;
            // "reopen INC-000042" from the person who reported it is theirs to say, not an agent's command.
            if (!agent && !agents_room && cmd.verb == Verb::reopen) {
                ReopenRequest r;
                r.ticket = cmd.ticket;
                auto handled = reopening.by_requester(r, e);
                if (!handled) return handled.error();
                if (*handled) return run.take();
            }
            // A requester typing "help" or "/start"-like words is the engine's; an agent verb with a
            // ticket id (or anything in the agents' room) is an attempt at an agent command.
            if (agent || agents_room || cmd.ticket || cmd.verb == Verb::link_identity) {
                if (!cmd.ticket && agent) {
                    auto context = run.context_ticket(e);
                    if (!context) return context.error();
                    cmd.ticket = *context;
                }
                return done(commands.run_command(std::move(cmd), e, agent));
            }
        }
    }

    // The agents' rooms and the threads of tickets: never the engine's business.
    if (agent) {
        auto id = run.context_ticket(e);
        if (!id) return id.error();
        if (*id) {
            auto t = run.load(**id);
            if (!t) return t.error().code == Errc::not_found ? run.take() : Result<Effects>(t.error());
            return done(commands.thread_message(std::move(*t), e, *agent));
        }
    }
    if (agents_room) return run.take();

    // A requester whose tickets are with the humans talks to them, not to the L1 bot, unless the bot
    // is in the middle of a conversation with them (a question asked, a new problem announced).
    // (Buttons that are not ours belong to the engine's own questions.)
    const GlobalWord word = text.empty() ? GlobalWord::none : parse_global_word(text).word;
    if (e.kind != InboundKind::choice && word != GlobalWord::new_problem) {
        auto mine = run.tickets_with_humans(e.from, true);
        if (!mine) return mine.error();
        const auto reopen_words = parse_reopen_words(text);
        bool busy = false;
        if (!mine->empty() || reopen_words) {
            auto in_conversation = inner_->in_conversation(e.from, repos);
            if (!in_conversation) return in_conversation.error();
            busy = *in_conversation;
        }
        if (!busy && !mine->empty()) {
            // The newest ticket waits for "does it work now?": yes or no answers that.
            if (mine->front().status == TicketStatus::resolved)
                if (auto answer = yes_or_no(text)) return done(resolution.confirm(mine->front().id, *answer, e));
            std::vector<Ticket> open;
            for (auto& t : *mine)
                if (t.status != TicketStatus::resolved) open.push_back(std::move(t));
            if (!open.empty()) {
                // Questions to the desk itself, answered here: the agents do not need to read them.
                if (word == GlobalWord::status) return done(requester_tickets.status(open));
                if (word == GlobalWord::help) return done(relay.requester_help(open.front()));
                if (word == GlobalWord::cancel) return done(requester_tickets.ask_withdraw(open));
                if (auto id = parse_withdraw_words(text))
                    return done(requester_tickets.pressed({RequesterChoice::withdraw, *id}, e));
                // Files go to the ticket the message is about (its thread), else the newest; words
                // with them are relayed as ever.
                if (!e.attachments.empty()) {
                    auto context = run.context_ticket(e);
                    if (!context) return context.error();
                    const Ticket* target = &open.front();
                    for (const auto& t : open)
                        if (*context && t.id == **context) target = &t;
                    if (auto ok = relay.files_from_requester(*target, e); !ok) return ok.error();
                    if (trim(text).empty()) return run.take();
                }
                return done(requester_tickets.message(open, e));
            }
        }
        // "It broke again" about a ticket that was fixed: reopened (or followed up), not a new problem.
        if (!busy && reopen_words) {
            auto handled = reopening.by_requester(*reopen_words, e);
            if (!handled) return handled.error();
            if (*handled) return run.take();
        }
    }

    auto inner = inner_->handle(e, repos, now);
    if (!inner) return inner.error();
    return with_escalations_pinged(std::move(*inner), run);
}

Result<Effects> Desk::on_timer(const TimerRequest& t, Repositories& repos, TimePoint now) {
    DeskRun run(config_, repos, now, "handoff:timer:" + t.key + "@" + format_iso8601(t.due));
    if (timers::is_handoff_kind(t.kind)) {
        TicketClocks clocks(run);
        Escalator escalator(run, clocks);
        Resolution resolution(run, clocks);
        DeskTimers fired(run, clocks, escalator, resolution);
        if (auto ok = fired.fire(t); !ok) return ok.error();
        return run.take();
    }
    auto inner = inner_->on_timer(t, repos, now);
    if (!inner) return inner.error();
    return with_escalations_pinged(std::move(*inner), run);
}

}  // namespace frontline::handoff
