#pragma once
// Per-user conversation state, persisted so a restart resumes mid-conversation. The state is the
// engine's own JSON; the store keeps it as text.
#include <optional>
#include <string>
#include <vector>

#include "core/message.hpp"
#include "core/result.hpp"

namespace frontline {

struct StoredSession {
    Identity user;
    std::string state;  ///< JSON text owned by the engine
    TimePoint updated_at{};
};

class SessionRepository {
public:
    virtual ~SessionRepository() = default;
    virtual Result<std::optional<StoredSession>> load_session(const Identity& user) = 0;
    virtual Status save_session(const StoredSession& s) = 0;
    virtual Status erase_session(const Identity& user) = 0;
};

}  // namespace frontline
