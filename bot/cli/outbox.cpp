#include "bot/cli/outbox.hpp"

#include <ostream>

#include <nlohmann/json.hpp>

#include "bot/cli/existing_store.hpp"
#include "core/store/outbox_store.hpp"
#include "core/text.hpp"

namespace frontline {
namespace {

constexpr int kListLimit = 1000;

std::string where(const Address& a) {
    return a.platform + ":" + a.conversation_id + (a.thread.empty() ? "" : " thread " + a.thread);
}

int list_failed(OutboxStore& outbox, bool json, std::ostream& out, std::ostream& err) {
    auto rows = outbox.failed(kListLimit);
    if (!rows) {
        err << "frontline: " << rows.error().message << "\n";
        return 1;
    }
    if (json) {
        auto arr = nlohmann::json::array();
        for (const auto& r : *rows)
            arr.push_back({{"id", r.id},
                           {"to", where(r.message.to)},
                           {"message_key", r.message.message_key},
                           {"idempotency_key", r.message.idempotency_key},
                           {"attempts", r.attempts},
                           {"created_at", format_iso8601(r.created_at)},
                           {"error", r.error},
                           {"text", r.message.text}});
        out << arr.dump(2) << "\n";
        return 0;
    }
    if (rows->empty()) {
        out << "no failed messages\n";
        return 0;
    }
    for (const auto& r : *rows) {
        // One line each: when, where, why, then the start of the text on one line.
        std::string text = r.message.text;
        for (auto& c : text)
            if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        out << format_iso8601(r.created_at) << "  " << where(r.message.to) << "  " << r.error << "\n"
            << "    " << utf8_truncate(text, 100) << "\n";
    }
    return 0;
}

}  // namespace

int run_outbox(const Config& config, const OutboxQuery& q, std::ostream& out, std::ostream& err) {
    auto store = open_existing_store(config);
    if (!store) {
        err << "frontline: " << store.error().message << "\n";
        return 1;
    }
    OutboxStore& outbox = (*store)->outbox();
    if (q.failed) return list_failed(outbox, q.json, out, err);
    auto depth = outbox.depth();
    auto failed = outbox.failed_by_platform();
    if (!depth || !failed) {
        err << "frontline: " << (!depth ? depth.error().message : failed.error().message) << "\n";
        return 1;
    }
    long long failed_total = 0;
    for (const auto& [platform, n] : *failed) failed_total += n;
    out << "pending: " << (*depth)[0] << " urgent, " << (*depth)[1] << " direct, " << (*depth)[2] << " bulk\n"
        << "failed: " << failed_total << (failed_total ? " (frontline outbox --failed lists them)" : "") << "\n";
    return 0;
}

}  // namespace frontline
