// Files a person sends while talking to the L1 bot: kept as evidence on the draft ticket, or held
// until the ticket is logged; the ones the runtime refused are explained in the person's language.
#include "core/engine/turn_stages.hpp"
#include "core/text.hpp"
#include "core/ticket_files.hpp"

namespace frontline {

namespace {

std::string limit_mb(const FileLimits& limits) { return std::to_string(limits.max_bytes / (1024 * 1024)); }

}  // namespace

void Intake::explain_refused(const std::vector<Attachment>& refused) {
    for (const auto& f : refused)
        say("engine.attachment." + f.state,
            {{"name", f.name.empty() ? t("engine.attachment.unnamed") : utf8_truncate(f.name, 80)},
             {"max", limit_mb(cfg().settings.files)}});
}

Status Intake::receive_files(const InboundEvent& e, bool words_follow) {
    std::vector<Attachment> refused = refused_files(e);
    const std::vector<Attachment> kept = kept_files(e);
    const std::string unnamed = t("engine.attachment.unnamed");
    bool acknowledged = false;
    if (tk()) {
        auto attached = attach_files(repos(), tk()->id, Actor::requester(user()).label(), kept, now(),
                                     cfg().settings.files.max_per_ticket);
        if (!attached) return attached.error();
        refused.insert(refused.end(), attached->too_many.begin(), attached->too_many.end());
        if (!attached->added.empty()) say("engine.attachment.kept", {{"list", file_names(attached->added, unnamed)}});
        acknowledged = true;
    } else if (!kept.empty()) {
        // No ticket yet: held for this person and attached by log_ticket.
        for (const auto& f : kept)
            if (auto ok = repos().attachments.hold_attachment(user(), f, now()); !ok) return ok;
        const bool needs_description = s().phase == Phase::idle && !words_follow;
        say(needs_description ? "engine.attachment.held" : "engine.attachment.kept", {{"list", file_names(kept, unnamed)}});
        acknowledged = !needs_description;
    }
    explain_refused(refused);
    // A file alone answers no question: the one that waits for words is asked again.
    if (!words_follow && acknowledged && s().phase != Phase::idle) return prompts().reprompt();
    return {};
}

Status Intake::attach_held_files() {
    auto held = repos().attachments.take_held_attachments(user());
    if (!held) return held.error();
    if (held->empty()) return {};
    auto attached = attach_files(repos(), tk()->id, Actor::requester(user()).label(), *held, now(),
                                 cfg().settings.files.max_per_ticket);
    if (!attached) return attached.error();
    explain_refused(attached->too_many);
    return {};
}

}  // namespace frontline
