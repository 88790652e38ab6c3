#pragma once
// The catalog keys the engine itself says (config/locales/<lang>.json). Validation checks every
// shipped language has each of them, so a missing translation stops start-up, not a conversation.
#include <string>
#include <vector>

namespace frontline {

/// Every catalog key the conversation engine uses directly.
const std::vector<std::string>& engine_text_keys();

}  // namespace frontline
