// A ticket's clocks as timer effects. Each timer re-checks the ticket when it fires (DeskTimers): a
// due time that moved (priority change, pending pause) simply re-arms it.
#include "core/handoff/ticket_clocks.hpp"

#include <algorithm>
#include <tuple>

#include "core/timer_keys.hpp"

namespace frontline::handoff {

using nlohmann::json;
using namespace frontline::timers;

void TicketClocks::arm_reping(const Ticket& t) {
    const auto route = run_.config().policy.route(t);
    run_.arm({reping_key(t.id), run_.now() + route.reping_every, kReping, json{{"ticket", t.id.str()}}.dump()});
}

void TicketClocks::arm_sla(const Ticket& t) {
    const TimePoint now = run_.now();
    const auto& sla = run_.config().settings.sla;
    for (const auto& [clock, kind, due] : {std::tuple{std::string("response"), SlaClockKind::response, t.sla.response_due},
                                           std::tuple{std::string("resolution"), SlaClockKind::resolution, t.sla.resolution_due}}) {
        if (!due) continue;
        const json payload = {{"ticket", t.id.str()}, {"clock", clock}};
        const TimePoint warn_at = sla.warning_at(t, kind);
        if (warn_at > now) {
            json p = payload;
            p["stage"] = "warn";
            run_.arm({sla_key(t.id, clock, "warn"), warn_at, kSla, p.dump()});
        }
        json p = payload;
        p["stage"] = "breach";
        run_.arm({sla_key(t.id, clock, "breach"), std::max(*due, now), kSla, p.dump()});
    }
}

void TicketClocks::arm_breach_clock(const Ticket& t) {
    const TimePoint now = run_.now();
    const TimePoint deadline = run_.breach_deadline(t);
    std::vector<Seconds> stages = run_.config().policy.breach().warn_before;
    stages.push_back(Seconds{0});
    for (const auto& before : stages) {
        const TimePoint at = deadline - before;
        if (at <= now && before.count() > 0) continue;  // that warning's moment already passed
        run_.arm({breach_key(t.id, before.count()), std::max(at, now), kBreach,
                  json{{"ticket", t.id.str()}, {"before", before.count()}}.dump()});
    }
}

void TicketClocks::arm_auto_close(const Ticket& t) {
    run_.arm({auto_close_key(t.id), run_.now() + run_.config().settings.auto_close_after, kAutoClose,
              json{{"ticket", t.id.str()}}.dump()});
}

void TicketClocks::cancel_ticket_timers(const Ticket& t, bool keep_breach) {
    run_.cancel(reping_key(t.id));
    run_.cancel(auto_close_key(t.id));
    for (const char* clock : {"response", "resolution"})
        for (const char* stage : {"warn", "breach"}) run_.cancel(sla_key(t.id, clock, stage));
    if (keep_breach) return;
    for (const auto& w : run_.config().policy.breach().warn_before) run_.cancel(breach_key(t.id, w.count()));
    run_.cancel(breach_key(t.id, 0));
}

}  // namespace frontline::handoff
