#include "core/sla_policy.hpp"

#include <nlohmann/json.hpp>

namespace frontline {

using std::chrono::hours;
using std::chrono::minutes;

SlaPolicy::SlaPolicy() {
    set(Priority::p1, {hours{1}, hours{4}});
    set(Priority::p2, {hours{2}, hours{8}});
    set(Priority::p3, {hours{3}, hours{24}});
    set(Priority::p4, {hours{3}, hours{72}});
}

Result<SlaPolicy> SlaPolicy::from_json(const nlohmann::json& j) {
    if (!j.is_object()) return make_error(Errc::parse, "sla: expected an object keyed by priority P1..P4");
    SlaPolicy p;
    for (Priority pr : {Priority::p1, Priority::p2, Priority::p3, Priority::p4}) {
        const std::string k(to_string(pr));
        if (!j.contains(k) || !j[k].is_object()) return make_error(Errc::parse, "sla." + k + ": missing");
        SlaTarget t{};
        for (auto [field, dest] : {std::pair{"response_minutes", &t.response}, std::pair{"resolution_minutes", &t.resolution}}) {
            const auto& row = j[k];
            if (!row.contains(field) || !row[field].is_number_integer() || row[field].get<long long>() <= 0)
                return make_error(Errc::parse, "sla." + k + "." + field + ": expected a positive whole number of minutes");
            *dest = minutes{row[field].get<long long>()};
        }
        if (t.resolution < t.response)
            return make_error(Errc::parse, "sla." + k + ": resolution target is shorter than the response target");
        p.set(pr, t);
    }
    return p;
}

void SlaPolicy::apply(Ticket& t) const {
    const auto& target = this->target(t.priority);
    t.sla.response_due = t.reported_at + target.response + t.sla.paused_total;
    t.sla.resolution_due = t.reported_at + target.resolution + t.sla.paused_total;
}

void SlaPolicy::restart(Ticket& t, TimePoint now) const {
    const auto& target = this->target(t.priority);
    t.sla.paused_since.reset();
    t.sla.response_due = now + target.response;
    t.sla.resolution_due = now + target.resolution;
}

void sla_pause(Ticket& t, TimePoint now) {
    if (!t.sla.paused_since) t.sla.paused_since = now;
}

void sla_resume(Ticket& t, TimePoint now) {
    if (!t.sla.paused_since) return;
    const Seconds paused = now - *t.sla.paused_since;
    t.sla.paused_total += paused;
    if (t.sla.response_due) *t.sla.response_due += paused;
    if (t.sla.resolution_due) *t.sla.resolution_due += paused;
    t.sla.paused_since.reset();
}

Seconds sla_remaining(const Ticket& t, TimePoint due, TimePoint now) {
    const TimePoint effective_now = t.sla.paused_since ? *t.sla.paused_since : now;
    return due - effective_now;
}

}  // namespace frontline
