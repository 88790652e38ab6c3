#include "core/engine/engine_texts.hpp"

namespace frontline {

const std::vector<std::string>& engine_text_keys() {
    static const std::vector<std::string> keys = {
        "engine.greeting", "engine.greeting_noname", "engine.help", "engine.ask_type", "engine.type.incident",
        "engine.type.request", "engine.logged", "engine.ask_category", "engine.category_set",
        "engine.ask_impact", "engine.impact.low", "engine.impact.medium", "engine.impact.high",
        "engine.ask_urgency", "engine.urgency.low", "engine.urgency.medium", "engine.urgency.high",
        "engine.priority_set", "engine.answered", "engine.yes", "engine.no", "engine.fix_offer", "engine.fix_question",
        "engine.fix_yes", "engine.fix_no", "engine.fix_symptom", "engine.resolved", "engine.confirm_close",
        "engine.close_yes", "engine.close_no", "engine.closed", "engine.reopened", "engine.similar_offer",
        "engine.similar_yes", "engine.similar_no", "engine.linked", "engine.outage_offer", "engine.outage_linked", "engine.escalated", "engine.button.new_problem",
        "engine.escalated_restricted", "engine.tier.l2", "engine.tier.l3", "engine.agent_ok",
        "engine.agent_describe", "engine.status_none", "engine.status_header", "engine.status_line",
        "engine.status.new", "engine.status.in_diagnosis", "engine.status.escalated",
        "engine.status.in_progress", "engine.status.pending_user", "engine.status.resolved",
        "engine.status.closed", "engine.status.cancelled", "engine.cancelled", "engine.cancelled_draft",
        "engine.nothing_to_cancel", "engine.restarted", "engine.restarted_cancelled", "engine.ask_language",
        "engine.language_unknown", "engine.language.en", "engine.language.it", "engine.language_set",
        "engine.bad.invalid_utf8", "engine.bad.empty", "engine.bad.too_long", "engine.bad.no_words",
        "engine.bad.invalid_choice", "engine.bad.stale_choice", "engine.bad.no_conversation_choice",
        "engine.bad.unknown_command", "engine.bad.text_invalid", "engine.reminder",
        "engine.reminder_noticket", "engine.abandoned", "engine.abandoned_noticket", "engine.auto_closed",
        "engine.duration.minute", "engine.duration.minutes", "engine.duration.hour", "engine.duration.hours",
        "engine.ago.now", "engine.ago.minute", "engine.ago.minutes", "engine.ago.hour", "engine.ago.hours",
        "engine.new_problem_ask", "engine.category_other", "engine.thanks", "engine.new_problem_busy", "engine.new_problem_busy_draft",
        "engine.contact.ask_name", "engine.contact.ask_reach", "engine.contact.skip", "engine.contact.bad_name",
        "engine.contact.bad_reach", "engine.contact.saved", "engine.contact.skipped",
        "engine.attachment.kept", "engine.attachment.held", "engine.attachment.too_large",
        "engine.attachment.type_refused", "engine.attachment.too_many", "engine.attachment.unavailable",
        "engine.attachment.unnamed",
    };
    return keys;
}

}  // namespace frontline
