#pragma once
// A requester saying that a problem we fixed came back: "it broke again", "è di nuovo rotto",
// "reopen INC-000042", "riapri". The whole message must say it (a long description that happens to
// contain "again" is a problem to diagnose, not a reopening), in either shipped language.
#include <optional>
#include <string_view>

#include "core/ticket_id.hpp"

namespace frontline::handoff {

struct ReopenRequest {
    std::optional<TicketId> ticket;  ///< named in the message; otherwise the requester's latest
};

/// nullopt when the message is not (only) a request to reopen.
std::optional<ReopenRequest> parse_reopen_words(std::string_view text);

}  // namespace frontline::handoff
