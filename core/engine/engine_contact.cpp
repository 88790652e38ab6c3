// Contact details before a hand-off: logging who reported and how to reach them is step one of the
// desk's process. Where the person's platform does not tell it (the web chat: no name; Telegram and
// Matrix: a name but no e-mail or phone), the bot asks once per person, validates what is typed,
// re-asks politely, and lets them skip (then the agents can only answer in the chat).
#include <utility>

#include "core/contact_details.hpp"
#include "core/engine/turn_stages.hpp"

namespace frontline {

Result<bool> Outcome::ask_contact_first(const std::string& reason, std::optional<Tier> node_tier) {
    // A flow changed under the user is handed over in the middle of loading their turn: no question then.
    if (reason == "flow_changed" || !tk()) return false;
    // Linked to an incident the people already work on: they fix the parent and tell its requesters
    // in the chat (broadcasts); nobody will call about this one.
    if (tk()->parent) return false;
    // Only a draft is waiting for its hand-off; a ticket coming back from a failed fix is already known.
    if (tk()->status != TicketStatus::new_ && tk()->status != TicketStatus::in_diagnosis) return false;
    if (s().phase == Phase::contact_name || s().phase == Phase::contact_reach) {
        // Asked already ("agent" typed instead of an answer): the same question again.
        if (auto ok = prompts().reprompt(); !ok) return ok.error();
        return true;
    }
    const PlatformCapabilities platform = st_.platform();
    if (platform.profile_contact || st_.contact_asked() || !st_.contact().empty() || !st_.phone().empty()) return false;
    s().handoff_reason = reason;
    s().handoff_tier = node_tier ? std::string(to_string(*node_tier)) : std::string();
    s().phase = platform.profile_name ? Phase::contact_reach : Phase::contact_name;
    changed();
    if (auto ok = prompts().ask_current(); !ok) return ok.error();
    return true;
}

Status Outcome::answer_contact(const std::string& text) {
    changed();
    const bool skipped = is_skip_word(text);
    if (s().phase == Phase::contact_name && !skipped) {
        auto name = read_person_name(text);
        if (!name) return prompts().reprompt("engine.contact.bad_name");
        st_.retire_question(*name);
        if (auto p = repos().persons.upsert_person(user(), *name, ""); !p) return p.error();
        st_.set_person(*name, st_.contact(), st_.phone(), st_.contact_asked());
        tk()->requester.name = *name;
        st_.ticket_changed();
        s().phase = Phase::contact_reach;
        return prompts().ask_current();
    }
    if (skipped) {
        st_.retire_question(t("engine.contact.skip"));
        if (auto ok = repos().persons.set_contact(user(), "", "", ""); !ok) return ok;
        say("engine.contact.skipped");
        return resume_hand_off();
    }
    const ContactAnswer a = read_contact_answer(text);
    if (a.kind == ContactAnswer::Kind::invalid) return prompts().reprompt("engine.contact.bad_reach");
    st_.retire_question(a.value);
    const bool email = a.kind == ContactAnswer::Kind::email;
    if (auto ok = repos().persons.set_contact(user(), "", email ? a.value : "", email ? "" : a.value); !ok) return ok;
    (email ? tk()->requester.contact : tk()->requester.phone) = a.value;
    st_.set_person(st_.name(), tk()->requester.contact, tk()->requester.phone, true);
    st_.ticket_changed();
    say("engine.contact.saved", {{"contact", a.value}});
    return resume_hand_off();
}

Status Outcome::resume_hand_off() {
    const std::string reason = std::exchange(s().handoff_reason, {});
    const std::string tier_text = std::exchange(s().handoff_tier, {});
    std::optional<Tier> tier;
    if (auto parsed = parse_tier(tier_text)) tier = *parsed;
    return hand_off(reason.empty() ? "flow_end" : reason, tier);
}

Status Outcome::hand_off_without_contact() { return resume_hand_off(); }

}  // namespace frontline
