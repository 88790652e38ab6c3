// TurnState: loading and saving the session and draft ticket, speaking, and the journal.
#include "core/engine/turn_state.hpp"

#include <nlohmann/json.hpp>

#include "core/timer_keys.hpp"

namespace frontline {
namespace {

bool supported(const EngineConfig& c, const std::string& lang) { return !lang.empty() && c.catalog.has_language(lang); }

}  // namespace

TurnState::TurnState(const EngineContext& ctx, Repositories& repos, TimePoint now, Identity user, std::string key_base)
    : ctx_(ctx), repos_(repos), now_(now), user_(std::move(user)), key_base_(std::move(key_base)) {}

Status TurnState::load(const std::string& locale_hint) {
    const EngineConfig& cfg = ctx_.config;
    auto stored = repos_.sessions.load_session(user_);
    if (!stored) return stored.error();
    if (*stored) {
        had_session_ = true;
        auto state = session_from_json_text((*stored)->state);
        // A damaged state must not wedge the user: start afresh.
        if (state) s_ = std::move(*state);
        else dirty_ = true;
    }
    auto person = repos_.persons.find_person(user_);
    if (!person) return person.error();
    if (*person) {
        name_ = (*person)->name;
        contact_ = (*person)->contact;
        phone_ = (*person)->phone;
        contact_asked_ = (*person)->contact_asked;
    }
    if (!supported(cfg, s_.locale)) {
        if (*person && supported(cfg, (*person)->locale)) s_.locale = (*person)->locale;
        else if (supported(cfg, locale_hint)) s_.locale = locale_hint;
        else s_.locale = cfg.settings.default_locale;
    }
    if (s_.ticket) {
        auto found = repos_.tickets.find_ticket(*s_.ticket);
        if (!found) return found.error();
        const bool ours = *found && ((*found)->status == TicketStatus::new_ ||
                                     (*found)->status == TicketStatus::in_diagnosis ||
                                     ((*found)->status == TicketStatus::resolved && s_.phase == Phase::confirm_resolution));
        if (ours) {
            ticket_ = std::move(**found);
        } else {
            // Agents or the system took the ticket elsewhere meanwhile: this conversation is over.
            end_conversation();
            dirty_ = true;
        }
    }
    if (!s_.flow.empty()) {
        auto flow = ctx_.flows->find(cfg, s_.flow, s_.flow_version, repos_.sessions);
        if (!flow) return flow.error();
        flow_ = std::move(*flow);
    }
    return {};
}

bool TurnState::flow_changed() const {
    if (!ticket_) return false;
    // Standing on a node, or about to go back to one after a known outage was offered mid-flow.
    if (s_.phase == Phase::flow) return !flow_ || !flow_->nodes.count(s_.node);
    if (s_.phase == Phase::similar && !s_.resume_node.empty()) return !flow_ || !flow_->nodes.count(s_.resume_node);
    return false;
}

Status TurnState::start_flow(const Flow& f) {
    if (auto kept = repos_.sessions.keep_flow_version(f.id, f.version, f.definition, now_); !kept) return kept;
    s_.flow = f.id;
    s_.flow_version = f.version;
    flow_ = std::shared_ptr<const Flow>(std::shared_ptr<const Flow>{}, &f);  // the configuration outlives the turn
    return {};
}

Status TurnState::finish() {
    // Everything said in a data-breach conversation carries the flag, even what was said before the
    // category was known.
    if (ticket_ && ticket_->restricted)
        for (auto& m : fx_.messages) m.restricted = true;
    if (ticket_dirty_)
        if (auto s = save_ticket(); !s) return s;
    const std::string idle_key = timers::session_idle_key(user_);
    const std::string abandon_key = timers::session_abandon_key(user_);
    if (active()) {
        if (!dirty_ && !buttons_moved_) return {};
        if (auto s = save_session_only(); !s) return s;
        // Only the live buttons moved (a question asked again after bad input): the conversation
        // did not advance, so its idle and abandon clocks do not move either.
        if (!dirty_) return {};
        nlohmann::json payload = {{"platform", user_.platform}, {"user_id", user_.user_id}, {"turn", s_.turn}};
        fx_.arm.push_back({idle_key, now_ + ctx_.config.settings.idle_reminder, timers::kSessionIdle, payload.dump()});
        fx_.arm.push_back({abandon_key, now_ + ctx_.config.settings.abandon, timers::kSessionAbandon, payload.dump()});
        return {};
    }
    if (had_session_) {
        if (auto s = repos_.sessions.erase_session(user_); !s) return s;
        fx_.cancel.push_back(idle_key);
        fx_.cancel.push_back(abandon_key);
    }
    return {};
}

Status TurnState::save_session_only() { return repos_.sessions.save_session({user_, to_json_text(s_), now_}); }

void TurnState::set_person(std::string name, std::string contact, std::string phone, bool contact_asked) {
    name_ = std::move(name);
    contact_ = std::move(contact);
    phone_ = std::move(phone);
    contact_asked_ = contact_asked;
}

PlatformCapabilities TurnState::platform() const {
    const auto& platforms = ctx_.config.platforms;
    if (auto it = platforms.find(user_.platform); it != platforms.end()) return it->second;
    PlatformCapabilities told_everything;
    told_everything.profile_name = true;
    told_everything.profile_contact = true;
    return told_everything;
}

void TurnState::changed() {
    ++s_.turn;
    s_.reminded = false;
    dirty_ = true;
}

void TurnState::end_conversation() {
    retire_question();  // no question is open any more: its buttons would only confuse
    const std::string locale = s_.locale;
    const Address where = s_.where;
    const int turn = s_.turn;
    s_ = SessionState{};
    flow_.reset();
    s_.locale = locale;
    s_.where = where;
    s_.turn = turn;
    dirty_ = true;
}

std::string TurnState::t(const std::string& key, const TextVars& vars) const {
    return ctx_.config.catalog.text(s_.locale, key, vars);
}

void TurnState::say(const std::string& key, const TextVars& vars) { say_text(t(key, vars)); }

void TurnState::say_text(std::string text, std::vector<Choice> choices) {
    if (!choices.empty()) retire_question();
    OutboundMessage m;
    m.to = s_.where;
    m.text = std::move(text);
    m.choices = std::move(choices);
    m.idempotency_key = key_base_ + ":" + std::to_string(next_message_++);
    m.restricted = ticket_ && ticket_->restricted;
    m.locale = s_.locale;
    if (!m.choices.empty()) {
        m.message_key = m.idempotency_key;
        s_.asked_key = m.message_key;
        s_.asked_text = m.text;
        s_.asked_step = m.choices.front().payload.substr(0, m.choices.front().payload.find('|'));
        buttons_moved_ = true;
    }
    fx_.messages.push_back(std::move(m));
}

void TurnState::ask(const Prompt& p, const std::string& prefix_key, const TextVars& vars) {
    std::string text = p.text;
    if (!prefix_key.empty()) text = t(prefix_key, vars) + "\n" + text;
    say_text(std::move(text), p.choices);
    if (!p.choices.empty()) s_.asked_text = p.text;  // the apology is not part of the question
}

void TurnState::retire_question(const std::string& answer_label) {
    if (s_.asked_key.empty()) return;
    OutboundMessage m;
    m.to = s_.where;
    m.text = s_.asked_text;
    if (!answer_label.empty()) m.text += "\n" + t("engine.answered", {{"answer", answer_label}});
    m.replaces = s_.asked_key;
    m.idempotency_key = key_base_ + ":" + std::to_string(next_message_++);
    m.restricted = ticket_ && ticket_->restricted;
    fx_.messages.push_back(std::move(m));
    s_.asked_key.clear();
    s_.asked_text.clear();
    s_.asked_step.clear();
    buttons_moved_ = true;
}

Status TurnState::journal(const std::string& kind, const std::string& details_json) {
    JournalEntry e{0, ticket_->id, Actor::bot().label(), now_, kind, details_json};
    return repos_.tickets.append_journal(e);
}

Status TurnState::move(TicketStatus to, const Actor& who) {
    ticket_dirty_ = false;  // move_ticket saves it
    return move_ticket(repos_.tickets, *ticket_, to, who, now_, ctx_.lifecycle);
}

Status TurnState::save_ticket() {
    ticket_dirty_ = false;
    return repos_.tickets.save_ticket(*ticket_);
}

std::string TurnState::format_duration(Seconds d) const {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(d).count();
    if (minutes % 60 == 0) {
        const auto hours = minutes / 60;
        return hours == 1 ? t("engine.duration.hour") : t("engine.duration.hours", {{"n", std::to_string(hours)}});
    }
    return minutes == 1 ? t("engine.duration.minute") : t("engine.duration.minutes", {{"n", std::to_string(minutes)}});
}

std::string TurnState::format_ago(TimePoint then) const {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(now_ - then).count();
    if (minutes < 1) return t("engine.ago.now");
    if (minutes < 60)
        return minutes == 1 ? t("engine.ago.minute") : t("engine.ago.minutes", {{"n", std::to_string(minutes)}});
    const auto hours = minutes / 60;
    return hours == 1 ? t("engine.ago.hour") : t("engine.ago.hours", {{"n", std::to_string(hours)}});
}

}  // namespace frontline
