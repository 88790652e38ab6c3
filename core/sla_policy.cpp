// Due times are recomputed from the report each time (never nudged), so a priority change, a team's
// calendar or a pause all land on the same arithmetic: due = clock.add(reported, target + paused),
// with `paused` measured in the unit the clock counts (wall or working seconds).
#include "core/sla_policy.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

namespace frontline {

using std::chrono::hours;
using std::chrono::minutes;

namespace {

Result<Seconds> read_target(const nlohmann::json& row, const std::string& key, const std::string& clock) {
    const std::string in_minutes = clock + "_minutes";
    const std::string in_seconds = clock + "_seconds";
    if (row.contains(in_seconds)) {
        const auto& v = row[in_seconds];
        if (!v.is_number_integer() || v.get<long long>() <= 0)
            return make_error(Errc::parse, "sla." + key + "." + in_seconds + ": expected a positive whole number of seconds");
        return Seconds{v.get<long long>()};
    }
    if (!row.contains(in_minutes) || !row[in_minutes].is_number_integer() || row[in_minutes].get<long long>() <= 0)
        return make_error(Errc::parse, "sla." + key + "." + in_minutes + ": expected a positive whole number of minutes");
    return Seconds{minutes{row[in_minutes].get<long long>()}};
}

const BusinessCalendar& wall_time() {
    static const BusinessCalendar always = BusinessCalendar::around_the_clock();
    return always;
}

}  // namespace

SlaPolicy::SlaPolicy() {
    set(Priority::p1, {hours{1}, hours{4}, SlaCounting::wall});
    set(Priority::p2, {hours{2}, hours{8}, SlaCounting::working});
    set(Priority::p3, {hours{3}, hours{24}, SlaCounting::working});
    set(Priority::p4, {hours{3}, hours{72}, SlaCounting::working});
}

Result<SlaPolicy> SlaPolicy::from_json(const nlohmann::json& j, const ZoneSource& zones) {
    if (!j.is_object()) return make_error(Errc::parse, "sla: expected an object keyed by priority P1..P4");
    SlaPolicy p;
    for (Priority pr : {Priority::p1, Priority::p2, Priority::p3, Priority::p4}) {
        const std::string k(to_string(pr));
        if (!j.contains(k) || !j[k].is_object()) return make_error(Errc::parse, "sla." + k + ": missing");
        const auto& row = j[k];
        SlaTarget t = p.target(pr);
        auto response = read_target(row, k, "response");
        if (!response) return response.error();
        auto resolution = read_target(row, k, "resolution");
        if (!resolution) return resolution.error();
        t.response = *response;
        t.resolution = *resolution;
        if (t.resolution < t.response)
            return make_error(Errc::parse, "sla." + k + ": resolution target is shorter than the response target");
        if (row.contains("counts")) {
            const auto& c = row["counts"];
            if (!c.is_string() || (c.get<std::string>() != "wall" && c.get<std::string>() != "working"))
                return make_error(Errc::parse, "sla." + k + ".counts: expected \"wall\" (every hour) or \"working\" (the team's working hours)");
            t.counts = c.get<std::string>() == "wall" ? SlaCounting::wall : SlaCounting::working;
        }
        p.set(pr, t);
    }
    if (j.contains("warning_share")) {
        const auto& w = j["warning_share"];
        if (!w.is_number() || !(w.get<double>() > 0.0) || !(w.get<double>() < 1.0))
            return make_error(Errc::parse, "sla.warning_share: expected a share of the target between 0 and 1, e.g. 0.75");
        p.warning_share_ = w.get<double>();
    }
    if (j.contains("calendars")) {
        const auto& cals = j["calendars"];
        if (!cals.is_object()) return make_error(Errc::parse, "sla.calendars: expected an object keyed by team (\"default\" for the rest)");
        for (const auto& [team, spec] : cals.items()) {
            auto c = BusinessCalendar::from_json(spec, "sla.calendars." + team, zones);
            if (!c) return c.error();
            p.set_calendar(team, std::move(*c));
        }
    }
    return p;
}

void SlaPolicy::set_calendar(const std::string& team, BusinessCalendar c) {
    if (team == "default") default_calendar_ = std::move(c);
    else calendars_.insert_or_assign(team, std::move(c));
}

const BusinessCalendar& SlaPolicy::calendar(const std::string& team) const {
    const auto it = calendars_.find(team);
    return it == calendars_.end() ? default_calendar_ : it->second;
}

const BusinessCalendar& SlaPolicy::clock_of(const Ticket& t) const {
    return target(t.priority).counts == SlaCounting::wall ? wall_time() : calendar(t.sla.calendar);
}

namespace {

Seconds paused_on_clock(const SlaPolicy& policy, const Ticket& t) {
    return policy.target(t.priority).counts == SlaCounting::wall ? t.sla.paused_total : t.sla.paused_working;
}

}  // namespace

void SlaPolicy::apply(Ticket& t) const {
    const auto& target = this->target(t.priority);
    const auto& clock = clock_of(t);
    const Seconds paused = paused_on_clock(*this, t);
    t.sla.response_due = clock.add(t.reported_at, target.response + paused);
    t.sla.resolution_due = clock.add(t.reported_at, target.resolution + paused);
}

TimePoint SlaPolicy::warning_at(const Ticket& t, SlaClockKind kind) const {
    const auto& target = this->target(t.priority);
    const Seconds full = kind == SlaClockKind::response ? target.response : target.resolution;
    const Seconds share{std::llround(static_cast<double>(full.count()) * warning_share_)};
    return clock_of(t).add(t.reported_at, share + paused_on_clock(*this, t));
}

void SlaPolicy::resume(Ticket& t, TimePoint now) const {
    if (!t.sla.paused_since) return;
    const TimePoint since = *t.sla.paused_since;
    t.sla.paused_total += now - since;
    t.sla.paused_working += calendar(t.sla.calendar).between(since, now);
    t.sla.paused_since.reset();
    const bool had_response = t.sla.response_due.has_value();
    const bool had_resolution = t.sla.resolution_due.has_value();
    apply(t);
    if (!had_response) t.sla.response_due.reset();
    if (!had_resolution) t.sla.resolution_due.reset();
}

Seconds SlaPolicy::consumed(const Ticket& t, TimePoint now) const {
    const TimePoint until = t.sla.paused_since ? *t.sla.paused_since : now;
    const Seconds run = clock_of(t).between(t.reported_at, until) - paused_on_clock(*this, t);
    return std::max(run, Seconds{0});
}

void SlaPolicy::restart(Ticket& t, TimePoint now) const {
    // Everything since the report counts as paused: the due times, recomputed from the report like
    // every other change, then fall one full target after `now` on the ticket's own clock.
    t.sla.paused_since.reset();
    t.sla.paused_total = std::chrono::duration_cast<Seconds>(now - t.reported_at);
    t.sla.paused_working = calendar(t.sla.calendar).between(t.reported_at, now);
    apply(t);
}

void sla_pause(Ticket& t, TimePoint now) {
    if (!t.sla.paused_since) t.sla.paused_since = now;
}

void sla_resume(Ticket& t, TimePoint now) {
    if (!t.sla.paused_since) return;
    const Seconds paused = now - *t.sla.paused_since;
    t.sla.paused_total += paused;
    t.sla.paused_working += paused;
    if (t.sla.response_due) *t.sla.response_due += paused;
    if (t.sla.resolution_due) *t.sla.resolution_due += paused;
    t.sla.paused_since.reset();
}

Seconds sla_remaining(const Ticket& t, TimePoint due, TimePoint now) {
    const TimePoint effective_now = t.sla.paused_since ? *t.sla.paused_since : now;
    return due - effective_now;
}

}  // namespace frontline
