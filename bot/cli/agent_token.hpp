#pragma once
// `frontline agent-token ID`: the token one agent uses to open the web chat agents' view. It derives
// from the secret in the environment variable named by webchat.agent_secret_env, so the operator
// hands each agent their own token and no file holds any of them.
#include <iosfwd>
#include <string>

#include "bot/config/config.hpp"

namespace frontline {

int run_agent_token(const Config& config, const std::string& agent, std::ostream& out, std::ostream& err);

}  // namespace frontline
