#pragma once
// `frontline outbox`: what the outbox holds. `--failed` lists the messages given up on (a platform
// refused them for good, every attempt failed, or no adapter runs for their platform), newest
// first, so an operator sees what never reached anyone.
#include <iosfwd>

#include "bot/config/config.hpp"

namespace frontline {

struct OutboxQuery {
    bool failed = false;
    bool json = false;
};

int run_outbox(const Config& config, const OutboxQuery& q, std::ostream& out, std::ostream& err);

}  // namespace frontline
