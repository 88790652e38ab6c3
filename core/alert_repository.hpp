#pragma once
// What the desk needs to keep one incident per monitoring alert group: the group's incident and the
// alerts already recorded on it. core/store implements it; it is one of the batch's Repositories.
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/ticket_id.hpp"

namespace frontline {

/// An alert group and the incident it opened.
struct AlertGroup {
    std::string group_key;
    TicketId ticket;
    std::vector<std::string> fingerprints;  ///< the alerts already on the incident's journal
    bool firing = true;                     ///< the group's state as last reported
};

class AlertRepository {
public:
    virtual ~AlertRepository() = default;
    virtual Result<std::optional<AlertGroup>> find_alert_group(const std::string& group_key) = 0;
    /// Inserts or replaces the group's row.
    virtual Status save_alert_group(const AlertGroup& g) = 0;
    /// The incidents of groups still firing, newest first (the caller checks each ticket's status).
    virtual Result<std::vector<TicketId>> firing_alert_incidents(int limit) = 0;
};

}  // namespace frontline
