#include "bot/runtime/metrics.hpp"

#include <algorithm>
#include <cstdio>

namespace frontline {

namespace {

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

void counter(std::string& out, const char* name, const char* help, std::uint64_t v) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n";
    out += std::string(name) + " " + std::to_string(v) + "\n";
}

/// Label values are ours (platform, status, priority names) but escape anyway: the format demands it.
std::string label_value(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') { out += "\\n"; continue; }
        out += c;
    }
    return out;
}

/// One labelled histogram series from the store's cumulative counts.
void duration_series(std::string& out, const std::string& name, const std::string& priority, const std::vector<long long>& bounds,
                     const DurationBuckets& h) {
    const std::string label = "priority=\"" + label_value(priority) + "\"";
    for (std::size_t i = 0; i < bounds.size(); ++i)
        out += name + "_bucket{" + label + ",le=\"" + std::to_string(bounds[i]) + "\"} " +
               std::to_string(i < h.at_or_below.size() ? h.at_or_below[i] : 0) + "\n";
    out += name + "_bucket{" + label + ",le=\"+Inf\"} " + std::to_string(h.count) + "\n";
    out += name + "_sum{" + label + "} " + number(h.sum) + "\n";
    out += name + "_count{" + label + "} " + std::to_string(h.count) + "\n";
}

void ticket_metrics(std::string& out, const TicketMetrics& t) {
    out += "# HELP frontline_tickets_opened_total Tickets opened, by type and the category and priority of their triage.\n"
           "# TYPE frontline_tickets_opened_total counter\n";
    for (const auto& [key, n] : t.opened)
        out += "frontline_tickets_opened_total{type=\"" + label_value(std::get<0>(key)) + "\",category=\"" +
               label_value(std::get<1>(key)) + "\",priority=\"" + label_value(std::get<2>(key)) + "\"} " + std::to_string(n) + "\n";
    out += "# HELP frontline_time_to_claim_seconds Wall time from the report to a ticket's first claim by an agent.\n"
           "# TYPE frontline_time_to_claim_seconds histogram\n";
    for (const auto& [priority, h] : t.time_to_claim)
        duration_series(out, "frontline_time_to_claim_seconds", priority, time_to_claim_bounds(), h);
    out += "# HELP frontline_time_to_resolve_seconds Wall time from the report to a ticket's first resolution.\n"
           "# TYPE frontline_time_to_resolve_seconds histogram\n";
    for (const auto& [priority, h] : t.time_to_resolve)
        duration_series(out, "frontline_time_to_resolve_seconds", priority, time_to_resolve_bounds(), h);
    out += "# HELP frontline_sla_breaches_total SLA targets missed, by clock (response, resolution) and priority.\n"
           "# TYPE frontline_sla_breaches_total counter\n";
    for (const auto& [key, n] : t.breaches)
        out += "frontline_sla_breaches_total{clock=\"" + label_value(key.first) + "\",priority=\"" + label_value(key.second) +
               "\"} " + std::to_string(n) + "\n";
    out += "# HELP frontline_bot_resolutions_total Tickets the bot closed at L1 without a human.\n"
           "# TYPE frontline_bot_resolutions_total counter\n";
    out += "frontline_bot_resolutions_total " + std::to_string(t.bot_resolutions) + "\n";
}

}  // namespace

const std::vector<long long>& time_to_claim_bounds() {
    static const std::vector<long long> bounds = {60, 300, 900, 1800, 3600, 7200, 10800, 14400, 28800, 86400, 259200};
    return bounds;
}

const std::vector<long long>& time_to_resolve_bounds() {
    static const std::vector<long long> bounds = {300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 259200, 604800};
    return bounds;
}

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)), buckets_(bounds_.size(), 0) {}

void Histogram::observe(double v) {
    std::lock_guard lock(mutex_);
    auto it = std::lower_bound(bounds_.begin(), bounds_.end(), v);
    if (it != bounds_.end()) ++buckets_[static_cast<std::size_t>(it - bounds_.begin())];
    sum_ += v;
    ++count_;
}

std::uint64_t Histogram::count() const {
    std::lock_guard lock(mutex_);
    return count_;
}

void Histogram::render(std::string& out, const std::string& name, const std::string& help) const {
    std::lock_guard lock(mutex_);
    out += "# HELP " + name + " " + help + "\n# TYPE " + name + " histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < bounds_.size(); ++i) {
        cumulative += buckets_[i];
        out += name + "_bucket{le=\"" + number(bounds_[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += name + "_bucket{le=\"+Inf\"} " + std::to_string(count_) + "\n";
    out += name + "_sum " + number(sum_) + "\n";
    out += name + "_count " + std::to_string(count_) + "\n";
}

Metrics::Metrics()
    : batch_size({1, 2, 4, 8, 16, 32, 64, 128, 256}),
      commit_seconds({0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1}),
      delivery_seconds({0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10}) {}

void Metrics::count_refusal(const std::string& reason) {
    std::lock_guard lock(refusals_mutex_);
    ++refusals_[reason];
}

std::uint64_t Metrics::refusals(const std::string& reason) const {
    std::lock_guard lock(refusals_mutex_);
    auto it = refusals_.find(reason);
    return it == refusals_.end() ? 0 : it->second;
}

std::string Metrics::render(const StoreGauges& g, const std::vector<std::pair<std::string, bool>>& adapters) const {
    std::string out;
    out.reserve(4096);
    counter(out, "frontline_events_in_total", "Inbound events handed to the engine loop.", events_in);
    counter(out, "frontline_duplicates_dropped_total", "Redelivered events dropped by the inbox.", duplicates_dropped);
    counter(out, "frontline_handler_errors_total", "Events or timers the handler failed on (answered nothing).",
            handler_errors);
    counter(out, "frontline_timers_fired_total", "Durable timers fired.", timers_fired);
    counter(out, "frontline_batches_committed_total", "Engine loop transactions committed.", batches_committed);
    counter(out, "frontline_batches_failed_total", "Engine loop transactions rolled back.", batches_failed);
    counter(out, "frontline_messages_queued_total", "Messages written to the outbox.", messages_queued);
    counter(out, "frontline_events_out_total", "Messages the platforms accepted.", messages_out);
    counter(out, "frontline_delivery_retries_total", "Deliveries that will be retried.", delivery_retries);
    counter(out, "frontline_outbox_looks_total", "Reads of the outbox for rows to deliver.", outbox_looks);
    counter(out, "frontline_delivery_failures_total",
            "Messages given up on after a permanent refusal, since the process started (frontline_outbox_failures_total keeps them all).",
            delivery_failures);
    counter(out, "frontline_delivery_no_adapter_total",
            "Messages given up on because no adapter runs for their platform.", no_adapter_failures);
    batch_size.render(out, "frontline_batch_size", "Inbound events per engine loop transaction.");
    commit_seconds.render(out, "frontline_commit_seconds", "Duration of one engine loop transaction.");
    delivery_seconds.render(out, "frontline_delivery_seconds", "Duration of one delivery attempt.");

    out += "# HELP frontline_refused_total Requests refused by a limit, by reason (docs/operations.md).\n"
           "# TYPE frontline_refused_total counter\n";
    {
        std::lock_guard lock(refusals_mutex_);
        for (const auto& [reason, n] : refusals_)
            out += "frontline_refused_total{reason=\"" + label_value(reason) + "\"} " + std::to_string(n) + "\n";
    }

    out += "# HELP frontline_outbox_depth Messages waiting in the outbox.\n# TYPE frontline_outbox_depth gauge\n";
    const char* prio[] = {"urgent", "direct", "bulk"};
    for (std::size_t i = 0; i < 3; ++i)
        out += std::string("frontline_outbox_depth{priority=\"") + prio[i] + "\"} " +
               std::to_string(g.outbox_depth[i]) + "\n";

    out += "# HELP frontline_open_tickets Open tickets by status and priority.\n"
           "# TYPE frontline_open_tickets gauge\n";
    for (const auto& [key, n] : g.open_tickets)
        out += "frontline_open_tickets{status=\"" + label_value(key.first) + "\",priority=\"" +
               label_value(key.second) + "\"} " + std::to_string(n) + "\n";

    out += "# HELP frontline_timers_armed Durable timers waiting to fire.\n# TYPE frontline_timers_armed gauge\n";
    out += "frontline_timers_armed " + std::to_string(g.timers_armed) + "\n";

    out += "# HELP frontline_outbox_failed Messages that could not be delivered, kept for frontline outbox --failed.\n"
           "# TYPE frontline_outbox_failed gauge\n";
    for (const auto& [platform, n] : g.outbox_failed)
        out += "frontline_outbox_failed{platform=\"" + label_value(platform) + "\"} " + std::to_string(n) + "\n";

    out += "# HELP frontline_outbox_failures_total Messages given up on for good, by platform (kept in the store).\n"
           "# TYPE frontline_outbox_failures_total counter\n";
    for (const auto& [platform, n] : g.outbox_failed)
        out += "frontline_outbox_failures_total{platform=\"" + label_value(platform) + "\"} " + std::to_string(n) + "\n";

    ticket_metrics(out, g.tickets);

    out += "# HELP frontline_adapter_connected 1 when the platform adapter is connected.\n"
           "# TYPE frontline_adapter_connected gauge\n";
    for (const auto& [platform, up] : adapters)
        out += "frontline_adapter_connected{platform=\"" + label_value(platform) + "\"} " + (up ? "1" : "0") + "\n";
    return out;
}

}  // namespace frontline
