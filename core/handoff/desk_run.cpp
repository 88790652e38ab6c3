// Plumbing of one Desk run: loading and saving tickets with their journal, addressing requesters,
// agents and rooms, and the ticket card.
#include "core/handoff/desk_run.hpp"

#include <algorithm>

#include "core/handoff/clock_lines.hpp"
#include "core/handoff/mentions.hpp"
#include "core/text.hpp"
#include "core/ticket_files.hpp"

namespace frontline::handoff {

using nlohmann::json;

namespace {
/// The similar open tickets a card names (the engine keeps up to 5 on the ticket).
constexpr std::size_t kSimilarOnCard = 3;
constexpr std::size_t kChildrenOnCard = 10;  ///< a major incident's card names this many reports, then counts
}  // namespace

Actor actor_of(const Agent& a) { return Actor::agent(a.handle, a.tier); }

DeskRun::DeskRun(const DeskConfig& c, Repositories& r, TimePoint n, std::string key_base)
    : cfg_(c), repos_(r), now_(n), key_base_(std::move(key_base)) {}

Result<Ticket> DeskRun::load(const TicketId& id) {
    auto found = repos_.tickets.find_ticket(id);
    if (!found) return found.error();
    if (!*found) return make_error(Errc::not_found, id.str());
    return std::move(**found);
}

Result<TicketId> DeskRun::allocate_id(TicketType type) { return repos_.tickets.allocate_id(type); }

Status DeskRun::save(const Ticket& t) { return repos_.tickets.save_ticket(t); }

Status DeskRun::journal(const Ticket& t, const std::string& actor, const std::string& kind, const json& details) {
    JournalEntry e{0, t.id, actor, now_, kind, details.dump()};
    return repos_.tickets.append_journal(e);
}

Result<std::vector<JournalEntry>> DeskRun::journal_of(const TicketId& id) { return repos_.tickets.journal_of(id); }

Result<std::vector<Ticket>> DeskRun::list_tickets(const TicketFilter& f) { return repos_.tickets.list_tickets(f); }

Result<std::vector<Ticket>> DeskRun::children_of(const TicketId& parent) { return repos_.handoff.children_of(parent); }

Result<bool> DeskRun::folded_into_parent(const Ticket& t) {
    // A data breach keeps its own restricted path whatever it is linked to.
    if (!t.parent || cfg_.policy.is_breach(t)) return false;
    auto parent = load(*t.parent);
    if (!parent) return parent.error().code == Errc::not_found ? Result<bool>(false) : Result<bool>(parent.error());
    return is_open(parent->status);
}

Status DeskRun::move(Ticket& t, TicketStatus to, const Actor& who) {
    return move_ticket(repos_.tickets, t, to, who, now_, cfg_.settings.lifecycle);
}

std::string DeskRun::next_key() { return key_base_ + "#" + std::to_string(counter_++); }

void DeskRun::arm(TimerRequest t) { fx_.arm.push_back(std::move(t)); }

void DeskRun::cancel(std::string timer_key) { fx_.cancel.push_back(std::move(timer_key)); }

std::string DeskRun::agent_text(const std::string& key, const Vars& vars) const {
    return cfg_.texts.get(cfg_.settings.agent_locale, key, vars);
}

std::string DeskRun::requester_text(const Ticket& t, const std::string& key, const Vars& vars) const {
    const std::string& lang = cfg_.texts.has_language(t.locale) ? t.locale : cfg_.settings.default_locale;
    return cfg_.texts.get(lang, key, vars);
}

std::string DeskRun::sender_text(const InboundEvent& e, const std::string& key) const {
    return cfg_.texts.get(cfg_.texts.has_language(e.locale_hint) ? e.locale_hint : cfg_.settings.default_locale, key);
}

void DeskRun::send(OutboundMessage m) {
    // A ticket opened by monitoring has no requester conversation: there is nobody to tell.
    if (m.to.platform.empty()) return;
    if (m.idempotency_key.empty()) m.idempotency_key = next_key();
    fx_.messages.push_back(std::move(m));
}

void DeskRun::tell_requester(const Ticket& t, const std::string& key, const Vars& vars, std::vector<Choice> choices,
                             OutboxPriority priority) {
    send_to_requester(t, requester_text(t, key, vars), std::move(choices), priority);
}

void DeskRun::send_to_requester(const Ticket& t, std::string text, std::vector<Choice> choices, OutboxPriority priority) {
    OutboundMessage m;
    m.to = t.address;
    // A person with several identities hears about their tickets where they last wrote to us.
    if (!t.requester.identity.platform.empty()) {
        auto person = repos_.persons.find_person(t.requester.identity);
        if (!person) return fail(person.error());
        if (*person && (*person)->last_identity && *(*person)->last_identity != t.requester.identity &&
            enabled((*person)->last_address.platform))
            m.to = (*person)->last_address;
    }
    m.text = std::move(text);
    m.choices = std::move(choices);
    m.priority = priority;
    m.idempotency_key = next_key();
    m.message_key = t.id.str() + "/requester/" + m.idempotency_key;
    m.locale = t.locale;
    send(std::move(m));
}

void DeskRun::answer(const InboundEvent& e, const std::string& text, bool restricted) {
    OutboundMessage m;
    m.to = e.where;
    m.text = text;
    m.restricted = restricted;
    send(std::move(m));
}

const Team* DeskRun::ticket_team(const Ticket& t) const {
    const auto route = cfg_.policy.route(t);
    const Team* team = cfg_.directory.team(t.tier == Tier::l3 ? route.l3_team : route.team);
    return team ? team : &cfg_.directory.teams().front();
}

const Agent* DeskRun::assignee(const Ticket& t) const {
    return t.assignee.empty() ? nullptr : cfg_.directory.agent_by_reference(t.assignee);
}

TimePoint DeskRun::breach_deadline(const Ticket& t) const {
    return t.reported_at + cfg_.policy.breach().notification_deadline;
}

bool DeskRun::is_broad_room(const Address& where) const {
    return cfg_.directory.team_by_room(where.platform, where.conversation_id) != nullptr;
}

std::vector<const Agent*> DeskRun::mention_for(const Ticket& t, const EscalationRoute& route) const {
    const Team* team = ticket_team(t);
    if (!team) return {};
    return agents_to_mention(cfg_.directory, *team, t.tier, route.mention, cfg_.policy.is_breach(t), now_);
}

namespace {

std::vector<Identity> identities_on(const std::vector<const Agent*>& agents, const std::string& platform) {
    std::vector<Identity> out;
    for (const Agent* a : agents)
        if (auto id = a->identity_on(platform)) out.push_back(*id);
    return out;
}

std::string card_key(const Ticket& t, const std::string& platform, const std::string& room) {
    return t.id.str() + "/card/" + platform + ":" + room;
}

}  // namespace

void DeskRun::fail(Error e) {
    if (!error_) error_ = std::move(e);
}

Result<Effects> DeskRun::take() {
    if (error_) return *error_;
    return std::move(fx_);
}

void DeskRun::post_to_ticket(const Ticket& t, const std::string& text, const std::vector<const Agent*>& mention,
                             bool contains_details) {
    if (t.restricted && contains_details) {
        // Data-breach details never reach a broad room: the assignee (else the security officer) reads them privately.
        const Agent* to = assignee(t);
        if (!to) to = cfg_.directory.security_officer();
        if (to) dm(*to, t, text, true);
        return;
    }
    const Team* team = ticket_team(t);
    for (const auto& [platform, room] : team->rooms) {
        if (!enabled(platform)) continue;
        OutboundMessage m;
        m.to = Address{platform, room, ""};
        // The card's reference as its adapter reported it is the thread to answer in, if the
        // platform has threads (else the message goes to the room, naming the ticket).
        if (capabilities(platform).threads) {
            auto root = repos_.handoff.platform_id_of(card_key(t, platform, room));
            if (!root) return fail(root.error());
            if (*root) m.to.thread = **root;
        }
        m.text = text;
        m.mentions = identities_on(mention, platform);
        m.idempotency_key = next_key();
        m.message_key = t.id.str() + "/thread/" + m.idempotency_key;
        send(std::move(m));
    }
}

bool DeskRun::enabled(const std::string& platform) const { return cfg_.settings.platforms.count(platform) > 0; }

PlatformCapabilities DeskRun::capabilities(const std::string& platform) const {
    auto it = cfg_.settings.platforms.find(platform);
    return it == cfg_.settings.platforms.end() ? PlatformCapabilities{} : it->second;
}

void DeskRun::dm(const Agent& a, const Ticket& t, const std::string& text, bool restricted) {
    // A private conversation with the agent: platforms address a user's DM by the user id. Some
    // only show it while the agent has their page open (a web page's "Private to you"), so a
    // platform that reaches offline users comes first.
    const Identity* pick = nullptr;
    for (const auto& id : a.identities)
        if (enabled(id.platform) && (!pick || (!capabilities(pick->platform).reaches_offline_users &&
                                               capabilities(id.platform).reaches_offline_users)))
            pick = &id;
    if (!pick) return;
    const Identity& id = *pick;
    OutboundMessage m;
    m.to = Address{id.platform, id.user_id, ""};
    m.text = text;
    m.mentions = {id};
    m.restricted = restricted;
    m.priority = OutboxPriority::urgent;
    m.idempotency_key = next_key();
    m.message_key = t.id.str() + "/dm/" + m.idempotency_key;
    send(std::move(m));
}

std::string DeskRun::children_line(const Ticket& parent) {
    // A major incident's one card lists the reports linked to it, instead of one card each.
    auto children = children_of(parent.id);
    if (!children || children->empty()) return {};
    std::string list;
    std::size_t shown = 0;
    for (const auto& c : *children) {
        if (++shown > kChildrenOnCard) break;
        const std::string who = c.requester.name.empty() ? c.requester.identity.user_id : c.requester.name;
        list += (list.empty() ? "" : ", ") + c.id.str();
        if (!c.restricted && !who.empty()) list += " (" + who + ")";  // who reported a restricted one stays private
    }
    if (children->size() > kChildrenOnCard) list += ", +" + std::to_string(children->size() - kChildrenOnCard);
    return "\n" + agent_text("handoff.card.children", {{"count", std::to_string(children->size())}, {"list", list}});
}

std::string DeskRun::card_text(const Ticket& t, bool full, const Agent* reader) {
    const Vars base = {{"ticket", t.id.str()}, {"priority", std::string(to_string(t.priority))}};
    if (t.restricted && !full) return agent_text("handoff.card.restricted", base);
    std::string s = agent_text("handoff.card.head", {{"ticket", t.id.str()},
                                                     {"priority", std::string(to_string(t.priority))},
                                                     {"category", t.category.empty() ? "-" : t.category},
                                                     {"tier", std::string(to_string(t.tier))},
                                                     {"title", t.title.empty() ? t.description : t.title}});
    std::string who = t.requester.name.empty() ? t.requester.identity.user_id : t.requester.name;
    // "Requester: Maria Rossi (webchat) · maria@example.com · +39 333 123 4567": how to reach them.
    s += "\n" + agent_text("handoff.card.requester", {{"name", who}, {"platform", t.requester.identity.platform}});
    for (const auto* reach : {&t.requester.contact, &t.requester.phone})
        if (!reach->empty()) s += " · " + *reach;
    if (!t.description.empty() && t.description != t.title)
        s += "\n" + agent_text("handoff.card.description", {{"text", utf8_truncate(t.description, 1500)}});
    for (const auto& sym : t.symptoms)
        s += "\n• " + (sym.label.empty() ? sym.question : sym.label) + ": " + utf8_truncate(sym.answer, 300);
    // As found when the ticket reached the people (the engine searches once per ticket): a card is
    // updated on every claim, reply and status change, and a full-text search on each of them
    // costs more the more tickets are open.
    if (t.similar && !t.similar->empty()) {
        std::string list;
        const std::size_t shown = std::min<std::size_t>(t.similar->size(), kSimilarOnCard);
        for (std::size_t i = 0; i < shown; ++i)
            list += (list.empty() ? "" : ", ") + (*t.similar)[i].id.str() + " (" + (*t.similar)[i].title + ")";
        s += "\n" + agent_text("handoff.card.similar", {{"list", list}});
    }
    // The files the requester sent, with their links: a restricted ticket's card text reaches only
    // private messages and `show` (see above), never a broad room.
    auto files = repos_.attachments.attachments_of(t.id);
    if (!files) fail(files.error());
    else if (!files->empty()) {
        std::vector<Attachment> list;
        for (const auto& f : *files) list.push_back(f.file);
        s += "\n" + agent_text("handoff.card.files", {{"list", file_list(t, list)}});
    }
    if (t.parent) s += "\n" + agent_text("handoff.card.parent", {{"parent", t.parent->str()}});
    else s += children_line(t);
    const TimeWords words = reader ? agent_words(*reader) : room_words(t);
    for (const auto& line : clock_lines(t, cfg_.settings.sla, now_, words,
                                        [this](const std::string& key, const Vars& vars) { return agent_text(key, vars); }))
        s += "\n" + line;
    if (cfg_.policy.is_breach(t))
        s += "\n" + agent_text("handoff.card.breach_deadline", {{"deadline", words.at(breach_deadline(t))}});
    return s;
}

std::string DeskRun::file_list(const Ticket& t, const std::vector<Attachment>& files) {
    std::string out;
    for (const auto& f : files) {
        if (!out.empty()) out += ", ";
        const std::string name = f.name.empty() ? agent_text("handoff.card.file_unnamed") : utf8_truncate(f.name, 80);
        if (f.state == "quarantined") {
            out += agent_text("handoff.card.file_quarantined", {{"name", name}});
            continue;
        }
        out += name + " (" + human_size(f.size) + ")";
        if (cfg_.file_links) out += " " + cfg_.file_links->file_link(t.id, f.sha256, now_ + cfg_.file_links->link_life());
    }
    return out;
}

void DeskRun::post_card(const Ticket& t, bool update, const std::vector<const Agent*>& mention) {
    const Agent* owner = assignee(t);
    std::string status;
    switch (t.status) {
        case TicketStatus::escalated: status = agent_text("handoff.card.waiting", {{"tier", std::string(to_string(t.tier))}}); break;
        case TicketStatus::in_progress: status = agent_text("handoff.card.claimed", {{"agent", owner ? owner->name : t.assignee}}); break;
        case TicketStatus::pending_user: status = agent_text("handoff.card.pending", {{"agent", owner ? owner->name : t.assignee}}); break;
        case TicketStatus::resolved: status = agent_text("handoff.card.resolved", {{"code", t.resolution_code}}); break;
        default: status = agent_text("handoff.card.closed", {{"status", std::string(to_string(t.status))}}); break;
    }
    // An unclaimed report linked to an open major incident is worked on the parent's card.
    auto folded = t.status == TicketStatus::escalated ? folded_into_parent(t) : Result<bool>(false);
    const bool on_parent_card = folded && *folded;
    if (on_parent_card) status = agent_text("handoff.card.folded", {{"parent", t.parent->str()}});
    const std::string text = card_text(t, false) + "\n" + status;
    const bool claimed = t.status == TicketStatus::in_progress || t.status == TicketStatus::pending_user;
    // No buttons on a folded report: claiming the parent is what takes the outage in hand (the
    // commands still work on it by id).
    std::vector<Choice> choices;
    if (t.status == TicketStatus::escalated && !on_parent_card)
        choices.push_back({agent_text("handoff.button.claim"), claim_payload(t.id)});
    if (claimed) choices.push_back({agent_text("handoff.button.reply"), reply_payload(t.id)});
    if (is_open(t.status) && t.tier != Tier::l3 && !on_parent_card)
        choices.push_back({agent_text("handoff.button.escalate"), escalate_payload(t.id)});
    const Team* team = ticket_team(t);
    for (const auto& [platform, room] : team->rooms) {
        if (!enabled(platform)) continue;
        OutboundMessage m;
        m.to = Address{platform, room, ""};
        // Without buttons the card says which command to type.
        m.text = !capabilities(platform).buttons && !choices.empty()
                     ? text + "\n" + agent_text(claimed ? "handoff.card.typed_hint_claimed" : "handoff.card.typed_hint",
                                                {{"ticket", t.id.str()}})
                     : text;
        m.choices = choices;
        m.mentions = identities_on(mention, platform);
        m.message_key = card_key(t, platform, room);
        if (update) m.replaces = m.message_key;
        m.priority = update ? OutboxPriority::direct : OutboxPriority::urgent;
        m.idempotency_key = next_key();
        send(std::move(m));
    }
}

void DeskRun::retire_card(const Ticket& t, const Team& old_team) {
    const Team* now_with = ticket_team(t);
    if (now_with == &old_team) return;
    const std::string text = card_text(t, false) + "\n" +
                             agent_text("handoff.card.moved", {{"tier", std::string(to_string(t.tier))}, {"team", now_with->name}});
    for (const auto& [platform, room] : old_team.rooms) {
        if (!enabled(platform)) continue;
        OutboundMessage m;
        m.to = Address{platform, room, ""};
        m.text = text;
        m.message_key = card_key(t, platform, room);
        m.replaces = m.message_key;
        m.idempotency_key = next_key();
        send(std::move(m));
    }
}

Result<std::optional<TicketId>> DeskRun::context_ticket(const InboundEvent& e) {
    for (const auto* ref : {&e.where.thread, &e.reply_to}) {
        if (ref->empty()) continue;
        auto found = repos_.handoff.ticket_of_message(e.where.platform, e.where.conversation_id, *ref);
        if (!found) return found.error();
        if (*found) return *found;
    }
    return std::optional<TicketId>{};
}

Result<std::vector<Ticket>> DeskRun::tickets_with_humans(const Identity& requester, bool include_resolved) {
    TicketFilter f;
    f.requester = requester;
    f.any_status = {TicketStatus::escalated, TicketStatus::in_progress, TicketStatus::pending_user};
    if (include_resolved) f.any_status.push_back(TicketStatus::resolved);
    auto list = repos_.tickets.list_tickets(f);
    if (!list) return list.error();
    std::vector<Ticket> out;
    for (auto& t : *list) {
        // A ticket the L1 bot resolved itself is the engine's to confirm.
        if (t.status == TicketStatus::resolved && !t.escalated_at) continue;
        out.push_back(std::move(t));
    }
    std::sort(out.begin(), out.end(), [](const Ticket& a, const Ticket& b) {
        const TimePoint at = a.escalated_at.value_or(a.reported_at);
        const TimePoint bt = b.escalated_at.value_or(b.reported_at);
        // Within the same second, the later ticket is the newer.
        return at != bt ? at > bt : a.id.number() > b.id.number();
    });
    return out;
}

bool DeskRun::is_requester(const Ticket& t, const Identity& who) {
    if (t.requester.identity == who) return true;
    auto mine = repos_.persons.find_person(who);
    if (!mine) {
        fail(mine.error());
        return false;
    }
    if (!*mine) return false;
    const auto& ids = (*mine)->identities;
    return std::find(ids.begin(), ids.end(), t.requester.identity) != ids.end();
}

Result<bool> DeskRun::hold_message(const Identity& from, const std::string& text) { return repos_.handoff.hold_message(from, text, now_); }

Result<std::optional<std::string>> DeskRun::take_held_message(const Identity& from) { return repos_.handoff.take_held_message(from); }

}  // namespace frontline::handoff
