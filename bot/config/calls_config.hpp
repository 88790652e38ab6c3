#pragma once
// The call feature's configuration: calls.* (meeting link template, lengths, reminder, slots) and
// the signed links, which need http.public_url and the secret named by calls.secret_env. Without
// either, calls are off and `call INC` tells the agent so.
#include <memory>

#include "bot/config/config.hpp"
#include "bot/calls/call_token.hpp"
#include "core/handoff/call_links.hpp"

namespace frontline {

/// calls.* validated; errors name the key.
Result<handoff::CallSettings> read_call_settings(const Config& c);

/// http.public_url validated (absolute http or https URL, no query or fragment); "" when unset.
Result<std::string> read_public_url(const Config& c);

/// The signed links when http.public_url and the secret are both there; null (calls off) otherwise.
/// A secret shorter than 16 bytes is an error: links signed with it could be forged.
Result<std::shared_ptr<const calls::SignedCallLinks>> make_call_links(const Config& c);

}  // namespace frontline
