#pragma once
// Incidents opened by monitoring: one per alert group, escalated like any other (card, pings, SLA);
// later notifications of the group update it, and its resolution is journalled and, when the rule
// says so, resolves it and its children.
#include "core/alert_notice.hpp"
#include "core/handoff/desk_run.hpp"
#include "core/handoff/escalator.hpp"
#include "core/handoff/resolution.hpp"

namespace frontline::handoff {

class AlertIncidents {
public:
    AlertIncidents(DeskRun& run, Escalator& escalator, Resolution& resolution)
        : run_(run), escalator_(escalator), resolution_(resolution) {}

    /// One notification about an alert group (`e.alert`), from the monitoring system `e.from`.
    Status notice(const InboundEvent& e);

private:
    Status open(const AlertNotice& n, const InboundEvent& e);
    Status update(Ticket t, AlertGroup g, const AlertNotice& n);
    Status group_resolved(Ticket t, AlertGroup& g, const AlertNotice& n);

    DeskRun& run_;
    Escalator& escalator_;
    Resolution& resolution_;
};

}  // namespace frontline::handoff
