#include "core/ticket_files.hpp"

#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace frontline {

bool is_kept(const Attachment& a) { return a.state == "stored" || a.state == "quarantined"; }

std::vector<Attachment> kept_files(const InboundEvent& e) {
    std::vector<Attachment> out;
    for (const auto& a : e.attachments)
        if (is_kept(a)) out.push_back(a);
    return out;
}

std::vector<Attachment> refused_files(const InboundEvent& e) {
    std::vector<Attachment> out;
    for (const auto& a : e.attachments) {
        if (is_kept(a)) continue;
        out.push_back(a);
        // Never fetched (no runtime pipeline ran, e.g. the console): the person is told it did not arrive.
        if (out.back().state.empty()) out.back().state = "unavailable";
    }
    return out;
}

std::string attachment_journal_details(const Attachment& a) {
    return nlohmann::json{{"name", a.name}, {"media_type", a.media_type}, {"size", a.size}, {"sha256", a.sha256},
                          {"state", a.state}}
        .dump();
}

Result<AttachedFiles> attach_files(Repositories& repos, const TicketId& ticket, const std::string& actor,
                                   const std::vector<Attachment>& files, TimePoint now, int max_per_ticket) {
    AttachedFiles out;
    auto count = repos.attachments.count_attachments(ticket);
    if (!count) return count.error();
    int on_ticket = *count;
    for (const auto& f : files) {
        if (on_ticket >= max_per_ticket) {
            Attachment refused = f;
            refused.state = "too_many";
            out.too_many.push_back(std::move(refused));
            continue;
        }
        TicketAttachment row{0, ticket, f, now};
        auto added = repos.attachments.add_ticket_attachment(row);
        if (!added) return added.error();
        if (!*added) continue;  // the same file again: already on the ticket, journaled once
        ++on_ticket;
        JournalEntry e;
        e.ticket = ticket;
        e.actor = actor;
        e.at = now;
        e.kind = "attachment";
        e.details = attachment_journal_details(f);
        if (auto ok = repos.tickets.append_journal(e); !ok) return ok.error();
        out.added.push_back(f);
    }
    return out;
}

std::string file_names(const std::vector<Attachment>& files, const std::string& unnamed) {
    std::string out;
    for (const auto& f : files) {
        if (!out.empty()) out += ", ";
        out += f.name.empty() ? unnamed : utf8_truncate(f.name, 80);
    }
    return out;
}

std::string human_size(std::uint64_t bytes) {
    if (bytes < 1024) return std::to_string(bytes) + " bytes";
    if (bytes < 1024 * 1024) return std::to_string((bytes + 512) / 1024) + " KB";
    const std::uint64_t tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
    return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : std::string()) + " MB";
}

}  // namespace frontline
