// Identification, logging, categorisation and prioritisation: from the user's first words to a
// logged, categorised ticket with a priority, ready for the diagnosis flow.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/engine/turn_stages.hpp"
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

Status Intake::intake(const std::string& text) {
    const Classification c = ctx().classifier.classify(text, s().locale);
    if (c.total > 0 || c.language_sure)
        if (auto ok = adopt_language(c.language); !ok) return ok;
    const std::size_t words = Classifier::words(text).size();
    // "hi", "ciao", "?", and with a trained model a short "salve, ho un problema" that names nothing:
    // nothing to log yet, ask what is wrong.
    const bool says_nothing = c.total == 0 && words < 3;
    const bool short_and_vague = ctx().classifier.has_model() && !c.category_confident && words <= 5;
    if ((says_nothing || short_and_vague) && !s().wants_agent) {
        if (st_.name().empty()) say("engine.greeting_noname");
        else say("engine.greeting", {{"name", st_.name()}});
        return {};
    }
    changed();
    s().wants_new_problem = false;  // this is the new problem
    std::vector<std::string> ranked;
    for (const auto& sc : c.categories) ranked.push_back(sc.id);

    std::string type;
    std::string category;
    if (c.category_confident) {
        category = c.best_category();
        type = std::string(to_string(cfg().category(category)->type));
    } else if (c.type_confident) {
        type = c.best_type();
    }
    if (type.empty()) {
        if (!s().wants_agent) {
            s().pending_text = text;
            s().category_choices = ranked;
            s().phase = Phase::confirm_type;
            return prompts().ask_current();
        }
        type = c.best_type().empty() ? "incident" : c.best_type();
    }
    const TicketType ticket_type = *parse_ticket_type(type);
    if (auto ok = log_ticket(ticket_type, text); !ok) return ok;
    if (s().wants_agent) {
        if (!category.empty())
            if (auto ok = set_category(category); !ok) return ok;
        return outcome().escalate("user_asked", std::nullopt);
    }
    if (!category.empty()) {
        if (auto ok = set_category(category); !ok) return ok;
        return begin_priority();
    }
    return ask_category(ticket_type, ranked);
}

Status Intake::adopt_language(const std::string& language) {
    if (!cfg().catalog.has_language(language)) return {};
    auto person = repos().persons.find_person(user());
    if (!person) return person.error();
    if (!*person || !(*person)->locale.empty()) return {};
    s().locale = language;
    return repos().persons.set_locale(user(), language);
}

Status Intake::log_ticket(TicketType type, const std::string& text) {
    auto id = repos().tickets.allocate_id(type);
    if (!id) return id.error();
    Ticket draft;
    draft.id = *id;
    draft.type = type;
    draft.status = TicketStatus::new_;
    draft.requester = {st_.name().empty() ? user().user_id : st_.name(), user(), st_.contact(), st_.phone()};
    draft.address = s().where;
    draft.locale = s().locale;
    draft.title = make_title(text);
    draft.description = utf8_truncate(text, kMaxFieldBytes);
    draft.reported_at = now();
    draft.logged_at = now();
    // Until the user tells us, assume a middling impact and urgency.
    draft.impact = Level::medium;
    draft.urgency = Level::medium;
    draft.priority = ctx().matrix.priority(draft.impact, draft.urgency);
    ctx().sla.apply(draft);
    tk() = std::move(draft);
    // Saved once at the end of the turn (or by the first move): the journal's reference to it is
    // checked at commit, and the rest of this turn (category, priority, flow) changes it again.
    st_.ticket_changed();
    nlohmann::json details = {{"type", to_string(type)}, {"title", tk()->title}, {"platform", user().platform}};
    if (auto ok = journal("created", details.dump()); !ok) return ok;
    s().ticket = tk()->id;
    if (auto ok = attach_held_files(); !ok) return ok;
    say("engine.logged", {{"id", tk()->id.str()}});
    return {};
}

Status Intake::ask_category(TicketType type, const std::vector<std::string>& ranked, bool shortlist) {
    // The classifier's likeliest few when it had an opinion (issue 16: ask with the two or three
    // likeliest, never guess); "something else" then opens the whole list, likeliest first.
    constexpr std::size_t kShortlist = 3;
    std::vector<std::string> offered;
    auto offer = [&](const std::string& id) {
        const Category* c = cfg().category(id);
        if (c && c->type == type && std::find(offered.begin(), offered.end(), id) == offered.end()) offered.push_back(id);
    };
    for (const auto& id : ranked) offer(id);
    if (shortlist && !offered.empty()) {
        if (offered.size() > kShortlist) offered.resize(kShortlist);
    } else {
        for (const auto& c : cfg().categories) offer(c.id);
    }
    s().category_choices = std::move(offered);
    s().phase = Phase::confirm_category;
    return prompts().ask_current();
}

Status Intake::set_category(const std::string& id) {
    const Category* c = cfg().category(id);
    if (!c) return prompts().reprompt("engine.bad.invalid_choice");
    tk()->category = id;
    if (c->restricted) tk()->restricted = true;
    st_.ticket_changed();
    if (auto ok = journal("category", nlohmann::json{{"category", id}}.dump()); !ok) return ok;
    say("engine.category_set", {{"category", t(c->label)}});
    return {};
}

}  // namespace frontline
