// Report arithmetic. A ticket's SLA is decided once it is resolved or has breached; it met its
// targets when no clock breached: no sla_breach in its journal, its first response (if any) by the
// response due time and its resolution (if any) by the resolution due time.
#include "core/report.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <numeric>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

namespace frontline {

using nlohmann::json;

namespace {

DurationStats stats_of(std::vector<long long> v) {
    DurationStats s;
    s.count = static_cast<long long>(v.size());
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    s.mean = static_cast<double>(std::accumulate(v.begin(), v.end(), 0LL)) / static_cast<double>(v.size());
    auto rank = [&](double p) {
        const auto r = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
        return v[std::clamp<std::size_t>(r, 1, v.size()) - 1];
    };
    s.median = rank(0.5);
    s.p90 = rank(0.9);
    return s;
}

json details_of(const JournalEntry& e) {
    json d = json::parse(e.details, nullptr, false);
    return d.is_object() ? d : json::object();
}

// Age buckets of the backlog: upper bounds in hours, youngest first.
const std::vector<std::pair<std::string, long long>> kAgeBuckets = {
    {"under 4h", 4}, {"4h-24h", 24}, {"1d-3d", 72}, {"3d-7d", 168}, {"over 7d", -1}};

}  // namespace

Result<ReportPeriod> report_period(const std::optional<std::string>& from, const std::optional<std::string>& to,
                                   const std::optional<std::string>& team, TimePoint now) {
    using std::chrono::days;
    auto day = [](const std::string& s) -> std::optional<TimePoint> {
        if (s.size() != 10) return std::nullopt;
        return parse_iso8601(s + "T00:00:00Z");
    };
    ReportPeriod p{{}, std::chrono::floor<days>(now) + days{1}, now, team};
    if (to) {
        auto d = day(*to);
        if (!d) return make_error(Errc::invalid_argument, "to '" + *to + "': expected a date YYYY-MM-DD");
        p.to = *d + days{1};  // the last day is included
    }
    p.from = p.to - days{30};
    if (from) {
        auto d = day(*from);
        if (!d) return make_error(Errc::invalid_argument, "from '" + *from + "': expected a date YYYY-MM-DD");
        p.from = *d;
    }
    if (p.from >= p.to) return make_error(Errc::invalid_argument, "from must be on or before to");
    if (team && team->empty()) return make_error(Errc::invalid_argument, "team: expected a team id");
    return p;
}

std::string team_of(const std::vector<JournalEntry>& entries) {
    std::string team;
    for (const auto& e : entries)
        if (e.kind == "escalation_ping") team = details_of(e).value("team", team);
    return team;
}

Report build_report(const std::vector<Ticket>& tickets, const std::vector<JournalEntry>& journal,
                    const ReportPeriod& period, const SlaPolicy& sla) {
    std::map<std::string, std::vector<JournalEntry>> by_ticket;
    for (const auto& e : journal) by_ticket[e.ticket.str()].push_back(e);
    static const std::vector<JournalEntry> kNone;

    Report r;
    r.period = period;
    for (const auto& [label, upper] : kAgeBuckets) r.backlog.emplace_back(label, 0);
    std::vector<long long> ack_wall, ack_work, res_wall, res_work;
    // Per UTC day of the period: the durations of the tickets reported that day.
    const auto first_day = std::chrono::floor<std::chrono::days>(period.from);
    const auto day_count = std::max<long long>(0, (std::chrono::ceil<std::chrono::days>(period.to) - first_day).count());
    std::vector<std::pair<std::vector<long long>, std::vector<long long>>> day_durations(static_cast<std::size_t>(day_count));
    for (long long d = 0; d < day_count; ++d) r.daily.push_back({first_day + std::chrono::days{d}, 0, {}, {}, {}});
    const TimeZone& hours_zone = sla.calendar("").zone();

    for (const auto& t : tickets) {
        if (t.reported_at < period.from || t.reported_at >= period.to) continue;
        const auto found = by_ticket.find(t.id.str());
        const auto& entries = found == by_ticket.end() ? kNone : found->second;
        const std::string team = team_of(entries);
        if (period.team && team != *period.team) continue;

        ++r.total;
        ++r.by_type[std::string(to_string(t.type))];
        ++r.by_category[t.category.empty() ? "uncategorised" : t.category];
        ++r.by_priority[std::string(to_string(t.priority))];
        ++r.by_channel[t.requester.identity.platform];
        const auto local = hours_zone.local_time(t.reported_at).time_since_epoch();
        ++r.by_hour[static_cast<std::size_t>((local.count() % 86400 + 86400) % 86400 / 3600)];
        const auto day_index = static_cast<std::size_t>((std::chrono::floor<std::chrono::days>(t.reported_at) - first_day).count());
        DayFigures& day = r.daily[day_index];
        ++day.total;
        ++day.by_priority[std::string(to_string(t.priority))];
        if (t.claimed_at) day_durations[day_index].first.push_back((*t.claimed_at - t.reported_at).count());
        if (t.resolved_at) day_durations[day_index].second.push_back((*t.resolved_at - t.reported_at).count());

        const BusinessCalendar& cal = sla.calendar(t.sla.calendar);
        if (t.claimed_at) {
            ack_wall.push_back((*t.claimed_at - t.reported_at).count());
            ack_work.push_back(cal.between(t.reported_at, *t.claimed_at).count());
        }
        if (t.resolved_at) {
            res_wall.push_back((*t.resolved_at - t.reported_at).count());
            res_work.push_back(cal.between(t.reported_at, *t.resolved_at).count());
        }

        bool breached = false;
        bool ever_resolved = t.resolved_at.has_value();
        bool reopened = false;
        bool known_fix = false;
        for (const auto& e : entries) {
            const json d = details_of(e);
            if (e.kind == "sla_breach") {
                breached = true;
                r.breaches.push_back({t.id, d.value("clock", ""), d.value("due", ""), e.at, t.priority, team});
            } else if (e.kind == "status" && d.value("to", "") == "resolved") {
                ever_resolved = true;
            } else if (e.kind == "status" && d.value("from", "") == "resolved" && d.value("to", "") == "in_progress") {
                reopened = true;
            } else if (e.kind == "resolution" && d.value("by", "") == "L1" && d.contains("kb")) {
                known_fix = true;
            }
        }
        if (t.first_response_at && t.sla.response_due && *t.first_response_at > *t.sla.response_due) breached = true;
        if (t.resolved_at && t.sla.resolution_due && *t.resolved_at > *t.sla.resolution_due) breached = true;
        if (ever_resolved) ++r.resolved;
        if (reopened) ++r.reopened;
        if (t.first_contact_resolution) {
            ++r.bot_resolved;
            if (known_fix) ++r.known_fix_resolved;
        }
        if (t.resolved_at || breached) {
            const std::string agent = t.assignee.empty() ? "unassigned" : t.assignee;
            for (const auto& [dimension, key] : {std::pair{"priority", std::string(to_string(t.priority))},
                                                 std::pair{"category", t.category.empty() ? std::string("uncategorised") : t.category},
                                                 std::pair{"tier", std::string(to_string(t.tier))},
                                                 std::pair{"team", team.empty() ? std::string("none") : team},
                                                 std::pair{"agent", agent}}) {
                auto& c = r.compliance[dimension][key];
                ++c.counted;
                if (!breached) ++c.met;
            }
            ++r.overall.counted;
            if (!breached) ++r.overall.met;
        }
        if (is_open(t.status)) {
            const long long age_hours = (period.now - t.reported_at).count() / 3600;
            for (std::size_t i = 0; i < kAgeBuckets.size(); ++i)
                if (kAgeBuckets[i].second < 0 || age_hours < kAgeBuckets[i].second) {
                    ++r.backlog[i].second;
                    break;
                }
        }
    }
    r.mtta_wall = stats_of(std::move(ack_wall));
    r.mtta_working = stats_of(std::move(ack_work));
    r.mttr_wall = stats_of(std::move(res_wall));
    r.mttr_working = stats_of(std::move(res_work));
    for (std::size_t d = 0; d < r.daily.size(); ++d) {
        r.daily[d].mtta_wall = stats_of(std::move(day_durations[d].first));
        r.daily[d].mttr_wall = stats_of(std::move(day_durations[d].second));
    }
    std::sort(r.breaches.begin(), r.breaches.end(), [](const BreachLine& a, const BreachLine& b) { return a.at < b.at; });
    return r;
}

namespace {

json stats_json(const DurationStats& s) {
    return {{"count", s.count}, {"mean_seconds", s.mean}, {"median_seconds", s.median}, {"p90_seconds", s.p90}};
}

json compliance_json(const Compliance& c) {
    return {{"counted", c.counted}, {"met", c.met}, {"percent", c.percent()}};
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string minutes_text(double seconds) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(0) << seconds / 60.0 << " min";
    return s.str();
}

std::string percent_text(double p) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(1) << p << "%";
    return s.str();
}

}  // namespace

json report_to_json(const Report& r) {
    json j = {{"from", format_iso8601(r.period.from)},
              {"to", format_iso8601(r.period.to)},
              {"generated_at", format_iso8601(r.period.now)},
              {"team", r.period.team ? json(*r.period.team) : json(nullptr)},
              {"tickets", r.total},
              {"by_type", r.by_type},
              {"by_category", r.by_category},
              {"by_priority", r.by_priority},
              {"by_channel", r.by_channel},
              {"mtta", {{"wall", stats_json(r.mtta_wall)}, {"working", stats_json(r.mtta_working)}}},
              {"mttr", {{"wall", stats_json(r.mttr_wall)}, {"working", stats_json(r.mttr_working)}}},
              {"first_contact_resolution", {{"tickets", r.bot_resolved}, {"percent", r.rate(r.bot_resolved)}}},
              {"deflection_by_known_fix", {{"tickets", r.known_fix_resolved}, {"percent", r.rate(r.known_fix_resolved)}}},
              {"reopen", {{"resolved", r.resolved}, {"reopened", r.reopened},
                          {"percent", r.resolved == 0 ? 0.0 : 100.0 * static_cast<double>(r.reopened) / static_cast<double>(r.resolved)}}}};
    json compliance = {{"overall", compliance_json(r.overall)}};
    for (const auto& [dimension, rows] : r.compliance)
        for (const auto& [key, c] : rows) compliance[dimension][key] = compliance_json(c);
    j["sla_compliance"] = compliance;
    json backlog = json::array();
    for (const auto& [bucket, n] : r.backlog) backlog.push_back({{"age", bucket}, {"tickets", n}});
    j["backlog"] = backlog;
    json breaches = json::array();
    for (const auto& b : r.breaches)
        breaches.push_back({{"ticket", b.ticket.str()}, {"clock", b.clock}, {"due", b.due}, {"at", format_iso8601(b.at)},
                            {"priority", to_string(b.priority)}, {"team", b.team}});
    j["breaches"] = breaches;
    j["busiest_hours"] = r.by_hour;
    json daily = json::array();
    for (const auto& d : r.daily)
        daily.push_back({{"day", format_iso8601(d.day).substr(0, 10)}, {"tickets", d.total}, {"by_priority", d.by_priority},
                         {"mtta_wall", stats_json(d.mtta_wall)}, {"mttr_wall", stats_json(d.mttr_wall)}});
    j["daily"] = daily;
    return j;
}

std::string report_to_csv(const Report& r) {
    std::ostringstream out;
    out << "section,key,metric,value\n";
    auto row = [&](const std::string& section, const std::string& key, const std::string& metric, const std::string& value) {
        out << csv_field(section) << ',' << csv_field(key) << ',' << csv_field(metric) << ',' << csv_field(value) << '\n';
    };
    auto num = [](double v) {
        std::ostringstream s;
        s << std::setprecision(10) << v;
        return s.str();
    };
    row("tickets", "all", "count", std::to_string(r.total));
    for (const auto& [section, m] : {std::pair{"by_type", &r.by_type}, std::pair{"by_category", &r.by_category},
                                     std::pair{"by_priority", &r.by_priority}, std::pair{"by_channel", &r.by_channel}})
        for (const auto& [k, n] : *m) row(section, k, "count", std::to_string(n));
    for (const auto& [section, key, s] : {std::tuple{"mtta", "wall", &r.mtta_wall}, std::tuple{"mtta", "working", &r.mtta_working},
                                          std::tuple{"mttr", "wall", &r.mttr_wall}, std::tuple{"mttr", "working", &r.mttr_working}}) {
        row(section, key, "count", std::to_string(s->count));
        row(section, key, "mean_seconds", num(s->mean));
        row(section, key, "median_seconds", std::to_string(s->median));
        row(section, key, "p90_seconds", std::to_string(s->p90));
    }
    row("sla_compliance", "overall", "percent", num(r.overall.percent()));
    for (const auto& [dimension, rows] : r.compliance)
        for (const auto& [key, c] : rows) row("sla_compliance_" + dimension, key, "percent", num(c.percent()));
    row("first_contact_resolution", "bot", "percent", num(r.rate(r.bot_resolved)));
    row("deflection_by_known_fix", "bot", "percent", num(r.rate(r.known_fix_resolved)));
    row("reopen", "all", "reopened", std::to_string(r.reopened));
    row("reopen", "all", "resolved", std::to_string(r.resolved));
    for (const auto& [bucket, n] : r.backlog) row("backlog", bucket, "open", std::to_string(n));
    for (const auto& b : r.breaches) row("breach", b.ticket.str(), b.clock, format_iso8601(b.at));
    for (std::size_t h = 0; h < r.by_hour.size(); ++h) row("busiest_hours", std::to_string(h), "reported", std::to_string(r.by_hour[h]));
    return out.str();
}

std::string report_summary(const Report& r) {
    std::ostringstream s;
    s << "Report " << format_iso8601(r.period.from).substr(0, 10) << " to " << format_iso8601(r.period.to).substr(0, 10)
      << (r.period.team ? " (team " + *r.period.team + ")" : std::string()) << ": " << r.total << " tickets";
    std::string sep = " (";
    for (const auto& [p, n] : r.by_priority) {
        s << sep << p << " " << n;
        sep = ", ";
    }
    if (!r.by_priority.empty()) s << ")";
    s << "\nMTTA " << minutes_text(r.mtta_wall.mean) << " wall / " << minutes_text(r.mtta_working.mean)
      << " working; MTTR " << minutes_text(r.mttr_wall.mean) << " wall / " << minutes_text(r.mttr_working.mean) << " working";
    s << "\nSLA met " << percent_text(r.overall.percent()) << " of " << r.overall.counted << "; first-contact resolution "
      << percent_text(r.rate(r.bot_resolved)) << ", known fixes " << percent_text(r.rate(r.known_fix_resolved));
    long long open = 0;
    for (const auto& [bucket, n] : r.backlog) open += n;
    s << "\nBacklog " << open << " open; " << r.breaches.size() << " breaches";
    return s.str();
}

}  // namespace frontline
