#pragma once
#include <iosfwd>
#include <optional>
#include <string>

#include "bot/config/config.hpp"

namespace frontline {
struct TicketsQuery {
    std::optional<std::string> status;
    bool json = false;
};
/// `frontline tickets`: lists tickets from the store.
int run_tickets(const Config& config, const TicketsQuery& q, std::ostream& out, std::ostream& err);
/// `frontline ticket ID`: one ticket with its journal.
int run_ticket(const Config& config, const std::string& id, bool json, std::ostream& out, std::ostream& err);
}  // namespace frontline
