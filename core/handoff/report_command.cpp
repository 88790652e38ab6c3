// `report [7d|30d]` for the agents: the report of core/report.cpp over the last days, in the agents'
// language. Figures a chat can show in a glance; the full breakdown (every dimension of the SLA
// compliance, the breaches one by one) is what `frontline report` and GET /api/report are for.
#include "core/handoff/report_command.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>

namespace frontline::handoff {
namespace {

using Text = std::function<std::string(const std::string&, const Vars&)>;

constexpr std::size_t kTopCategories = 5;
constexpr std::size_t kBusiestHours = 3;

std::string number_text(double v, const Text& text) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    std::string s = buf;
    const std::string point = text("handoff.report.decimal_point", {});
    if (const auto dot = s.find('.'); dot != std::string::npos) s.replace(dot, 1, point);
    return s;
}

std::string percent_text(double v, const Text& text) { return number_text(v, text) + "%"; }

/// "45 min", "2 h 05 min", "3 d 4 h": rounded to the minute, the unit words from the texts.
std::string duration_text(double seconds, const Text& text) {
    const long long minutes = std::max(0LL, static_cast<long long>(seconds / 60.0 + 0.5));
    if (minutes < 60) return text("handoff.report.dur_m", {{"m", std::to_string(minutes)}});
    if (minutes < 24 * 60) {
        const long long m = minutes % 60;
        return text("handoff.report.dur_hm", {{"h", std::to_string(minutes / 60)}, {"m", (m < 10 ? "0" : "") + std::to_string(m)}});
    }
    return text("handoff.report.dur_dh", {{"d", std::to_string(minutes / (24 * 60))}, {"h", std::to_string(minutes / 60 % 24)}});
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : " · ") + p;
    return out;
}

std::string counts_text(const std::map<std::string, long long>& counts) {
    std::vector<std::string> parts;
    for (const auto& [key, n] : counts) parts.push_back(key + " " + std::to_string(n));
    return joined(parts);
}

/// MTTA or MTTR: mean, median and 90th percentile, wall time then working time.
std::string times_line(const std::string& key, const DurationStats& wall, const DurationStats& working, const Text& text) {
    if (wall.count == 0) return text(key + "_none", {});
    return text(key, {{"mean", duration_text(wall.mean, text)},
                      {"median", duration_text(static_cast<double>(wall.median), text)},
                      {"p90", duration_text(static_cast<double>(wall.p90), text)},
                      {"wmean", duration_text(working.mean, text)},
                      {"wmedian", duration_text(static_cast<double>(working.median), text)},
                      {"wp90", duration_text(static_cast<double>(working.p90), text)},
                      {"tickets", std::to_string(wall.count)}});
}

std::string one_per_line(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines) s += (s.empty() ? "" : "\n") + l;
    return s;
}

std::string day_text(TimePoint t) { return format_iso8601(t).substr(0, 10); }

}  // namespace

ReportPeriod chat_report_period(TimePoint now, int days) {
    const auto to = std::chrono::floor<std::chrono::days>(now) + std::chrono::days{1};
    return ReportPeriod{to - std::chrono::days{days}, to, now, std::nullopt};
}

std::string report_answer(const Report& r, int days, const std::string& zone_name, const Text& text) {
    std::vector<std::string> lines;
    lines.push_back(text(days == 30 ? "handoff.report.head_30" : "handoff.report.head_7",
                         {{"from", day_text(r.period.from)}, {"to", day_text(r.period.to - std::chrono::days{1})}}));
    if (r.total == 0) {
        lines.push_back(text("handoff.report.nothing", {}));
        return one_per_line(lines);
    }
    std::vector<std::string> types;
    for (const auto& [type, n] : r.by_type)
        types.push_back(text("handoff.report.type_" + type, {{"n", std::to_string(n)}}));
    lines.push_back(text("handoff.report.tickets", {{"total", std::to_string(r.total)}, {"types", joined(types)}}));
    lines.push_back(text("handoff.report.by_priority", {{"list", counts_text(r.by_priority)}}));

    std::vector<std::pair<std::string, long long>> categories(r.by_category.begin(), r.by_category.end());
    std::stable_sort(categories.begin(), categories.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (categories.size() > kTopCategories) categories.resize(kTopCategories);
    std::vector<std::string> top;
    for (const auto& [category, n] : categories) top.push_back(category + " " + std::to_string(n));
    lines.push_back(text("handoff.report.categories", {{"list", joined(top)}}));

    lines.push_back(times_line("handoff.report.mtta", r.mtta_wall, r.mtta_working, text));
    lines.push_back(times_line("handoff.report.mttr", r.mttr_wall, r.mttr_working, text));

    if (r.overall.counted == 0) {
        lines.push_back(text("handoff.report.sla_none", {}));
    } else {
        std::vector<std::string> per_priority;
        if (const auto it = r.compliance.find("priority"); it != r.compliance.end())
            for (const auto& [priority, c] : it->second) per_priority.push_back(priority + " " + percent_text(c.percent(), text));
        lines.push_back(text("handoff.report.sla", {{"percent", percent_text(r.overall.percent(), text)},
                                                    {"met", std::to_string(r.overall.met)},
                                                    {"counted", std::to_string(r.overall.counted)},
                                                    {"list", joined(per_priority)}}));
    }
    lines.push_back(text("handoff.report.breaches", {{"breaches", std::to_string(r.breaches.size())}}));
    lines.push_back(text("handoff.report.fcr", {{"fcr", std::to_string(r.bot_resolved)},
                                                {"fcr_percent", percent_text(r.rate(r.bot_resolved), text)},
                                                {"kb", std::to_string(r.known_fix_resolved)},
                                                {"kb_percent", percent_text(r.rate(r.known_fix_resolved), text)}}));
    const double reopen_rate = r.resolved == 0 ? 0.0 : 100.0 * static_cast<double>(r.reopened) / static_cast<double>(r.resolved);
    lines.push_back(text("handoff.report.reopened", {{"reopened", std::to_string(r.reopened)},
                                                     {"resolved", std::to_string(r.resolved)},
                                                     {"percent", percent_text(reopen_rate, text)}}));

    std::vector<std::string> ages;
    for (std::size_t i = 0; i < r.backlog.size(); ++i)
        ages.push_back(text("handoff.report.age_" + std::to_string(i), {}) + " " + std::to_string(r.backlog[i].second));
    lines.push_back(text("handoff.report.backlog", {{"list", joined(ages)}}));

    std::vector<std::size_t> hours;
    for (std::size_t h = 0; h < r.by_hour.size(); ++h)
        if (r.by_hour[h] > 0) hours.push_back(h);
    std::stable_sort(hours.begin(), hours.end(), [&](std::size_t a, std::size_t b) { return r.by_hour[a] > r.by_hour[b]; });
    if (hours.size() > kBusiestHours) hours.resize(kBusiestHours);
    std::vector<std::string> busiest;
    for (std::size_t h : hours) {
        char slot[16];
        std::snprintf(slot, sizeof slot, "%02zu:00", h);
        busiest.push_back(std::string(slot) + " (" + std::to_string(r.by_hour[h]) + ")");
    }
    lines.push_back(text("handoff.report.hours", {{"zone", zone_name}, {"list", joined(busiest)}}));

    return one_per_line(lines);
}

Status ReportCommand::answer(const InboundEvent& e, int days) {
    const ReportPeriod period = chat_report_period(run_.now(), days);
    auto tickets = run_.repos().reports.tickets_reported_between(period.from, period.to);
    if (!tickets) return tickets.error();
    auto journal = run_.repos().reports.journal_of_tickets_reported_between(period.from, period.to);
    if (!journal) return journal.error();
    const SlaPolicy& sla = run_.config().settings.sla;
    const Report r = build_report(*tickets, *journal, period, sla);
    const auto text = [this](const std::string& key, const Vars& vars) { return run_.agent_text(key, vars); };
    run_.answer(e, report_answer(r, days, sla.calendar("").zone().name(), text));
    return {};
}

}  // namespace frontline::handoff
