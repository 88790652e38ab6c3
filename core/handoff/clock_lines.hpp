#pragma once
// The running SLA clocks of a ticket as its cards and `show` state them, in the reader's zone and
// words: "First response: due 15:30 today (Rome time), in 2 h 10 min", "... overdue by 35 min",
// "... paused while we wait for the requester (3 h left)". A clock already met is not listed.
#include <functional>
#include <string>
#include <vector>

#include "core/handoff/texts.hpp"
#include "core/sla_policy.hpp"
#include "core/ticket.hpp"
#include "core/time_words.hpp"

namespace frontline::handoff {

/// One line per running clock, first response before resolution; `text` renders a hand-off key.
std::vector<std::string> clock_lines(const Ticket& t, const SlaPolicy& policy, TimePoint now, const TimeWords& words,
                                     const std::function<std::string(const std::string& key, const Vars& vars)>& text);

}  // namespace frontline::handoff
