#pragma once
#include <iosfwd>

#include "bot/config/config.hpp"

namespace frontline {
/// Chats as one user: lines from `in`, the bot's answers to `out`, until end of input.
int run_console(const Config& config, std::istream& in, std::ostream& out);
}  // namespace frontline
