// Identification, logging, categorisation and prioritisation: from the user's first words to a
// logged, categorised ticket with a priority, ready for the diagnosis flow.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/engine/engine_turn.hpp"
#include "core/text.hpp"

namespace frontline {
namespace {

constexpr std::size_t kTitleBytes = 80;

/// The first line, white space collapsed, cut to a readable length.
std::string make_title(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    std::string out;
    bool space = false;
    for (char c : line) {
        // Control characters (ESC, BEL, ...) would reach agents' cards and terminals: blanks too.
        if (c == ' ' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    if (out.size() <= kTitleBytes) return out;
    return utf8_truncate(out, kTitleBytes - 3) + "...";
}

}  // namespace

Status Turn::intake(const std::string& text) {
    const Classification c = ctx_.classifier.classify(text, s_.locale);
    auto person = repos_.persons.find_person(user_);
    if (!person) return person.error();
    // First contact and no language known yet: answer in the language the user writes in.
    if (c.total > 0 && *person && (*person)->locale.empty() && cfg_.catalog.has_language(c.language)) {
        s_.locale = c.language;
        if (auto s = repos_.persons.set_locale(user_, c.language); !s) return s;
    }
    if (c.total == 0 && Classifier::words(text).size() < 3 && !s_.wants_agent) {
        // "hi", "ciao", "?": nothing to log yet.
        if (name_.empty()) say("engine.greeting_noname");
        else say("engine.greeting", {{"name", name_}});
        return {};
    }
    changed();
    std::vector<std::string> ranked;
    for (const auto& sc : c.categories) ranked.push_back(sc.id);

    std::string type;
    std::string category;
    if (c.category_confident) {
        category = c.best_category();
        type = std::string(to_string(cfg_.category(category)->type));
    } else if (c.type_confident) {
        type = c.best_type();
    }
    if (type.empty()) {
        if (!s_.wants_agent) {
            s_.pending_text = text;
            s_.category_choices = ranked;
            s_.phase = Phase::confirm_type;
            auto p = prompt();
            if (!p) return p.error();
            ask(*p);
            return {};
        }
        type = c.best_type().empty() ? "incident" : c.best_type();
    }
    const TicketType ticket_type = *parse_ticket_type(type);
    if (auto s = log_ticket(ticket_type, text); !s) return s;
    if (s_.wants_agent) {
        if (!category.empty())
            if (auto s = set_category(category); !s) return s;
        return escalate("user_asked", std::nullopt);
    }
    if (!category.empty()) {
        if (auto s = set_category(category); !s) return s;
        return begin_priority();
    }
    return ask_category(ticket_type, ranked);
}

Status Turn::log_ticket(TicketType type, const std::string& text) {
    auto id = repos_.tickets.allocate_id(type);
    if (!id) return id.error();
    Ticket tk;
    tk.id = *id;
    tk.type = type;
    tk.status = TicketStatus::new_;
    tk.requester = {name_.empty() ? user_.user_id : name_, user_, contact_};
    tk.address = s_.where;
    tk.locale = s_.locale;
    tk.title = make_title(text);
    tk.description = utf8_truncate(text, kMaxFieldBytes);
    tk.reported_at = now_;
    tk.logged_at = now_;
    // Until the user tells us, assume a middling impact and urgency.
    tk.impact = Level::medium;
    tk.urgency = Level::medium;
    tk.priority = ctx_.matrix.priority(tk.impact, tk.urgency);
    ctx_.sla.apply(tk);
    ticket_ = std::move(tk);
    if (auto s = save_ticket(); !s) return s;
    nlohmann::json details = {{"type", to_string(type)}, {"title", ticket_->title}, {"platform", user_.platform}};
    if (auto s = journal("created", details.dump()); !s) return s;
    s_.ticket = ticket_->id;
    say("engine.logged", {{"id", ticket_->id.str()}});
    return {};
}

Status Turn::ask_category(TicketType type, const std::vector<std::string>& ranked) {
    std::vector<std::string> offered;
    auto offer = [&](const std::string& id) {
        const Category* c = cfg_.category(id);
        if (c && c->type == type && std::find(offered.begin(), offered.end(), id) == offered.end()) offered.push_back(id);
    };
    for (const auto& id : ranked) offer(id);
    for (const auto& c : cfg_.categories) offer(c.id);
    s_.category_choices = std::move(offered);
    s_.phase = Phase::confirm_category;
    auto p = prompt();
    if (!p) return p.error();
    ask(*p);
    return {};
}

Status Turn::set_category(const std::string& id) {
    const Category* c = cfg_.category(id);
    if (!c) return reprompt("engine.bad.invalid_choice");
    ticket_->category = id;
    if (c->restricted) ticket_->restricted = true;
    ticket_dirty_ = true;
    if (auto s = journal("category", nlohmann::json{{"category", id}}.dump()); !s) return s;
    say("engine.category_set", {{"category", t(c->label)}});
    return {};
}

Status Turn::begin_priority() {
    const Category* c = cfg_.category(ticket_->category);
    if (c && c->fixed_priority) {
        if (c->restricted) {
            ticket_->impact = Level::high;
            ticket_->urgency = Level::high;
        }
        if (auto s = apply_priority(*c->fixed_priority); !s) return s;
        return start_flow();
    }
    s_.phase = Phase::impact;
    auto p = prompt();
    if (!p) return p.error();
    ask(*p);
    return {};
}

Status Turn::set_impact(const std::string& value) {
    auto level = parse_level(value);
    if (!level) return reprompt("engine.bad.invalid_choice");
    changed();
    ticket_->impact = *level;
    ticket_dirty_ = true;
    s_.phase = Phase::urgency;
    auto p = prompt();
    if (!p) return p.error();
    ask(*p);
    return {};
}

Status Turn::set_urgency(const std::string& value) {
    auto level = parse_level(value);
    if (!level) return reprompt("engine.bad.invalid_choice");
    changed();
    ticket_->urgency = *level;
    const Priority p = ctx_.matrix.priority(ticket_->impact, ticket_->urgency);
    if (auto s = apply_priority(p); !s) return s;
    say("engine.priority_set", {{"priority", std::string(to_string(p))},
                                {"target", format_duration(ctx_.sla.target(p).response)}});
    return start_flow();
}

Status Turn::apply_priority(Priority p) {
    ticket_->priority = p;
    ctx_.sla.apply(*ticket_);
    ticket_dirty_ = true;
    nlohmann::json details = {{"impact", to_string(ticket_->impact)},
                              {"urgency", to_string(ticket_->urgency)},
                              {"priority", to_string(p)}};
    return journal("priority", details.dump());
}

}  // namespace frontline
