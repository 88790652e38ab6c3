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

/// A stored version of a diagnosis flow and how many saved conversations stand on it.
struct FlowVersionUse {
    std::string flow;
    std::string version;
    int conversations = 0;
};

class SessionRepository {
public:
    virtual ~SessionRepository() = default;
    virtual Result<std::optional<StoredSession>> load_session(const Identity& user) = 0;
    virtual Status save_session(const StoredSession& s) = 0;
    virtual Status erase_session(const Identity& user) = 0;

    // Versioned flows: a conversation keeps the flow version it started on (its session names it),
    // so the text of every version a conversation may still need is kept here.
    /// Records the text of `flow` at `version` unless already there.
    virtual Status keep_flow_version(const std::string& flow, const std::string& version, const std::string& definition,
                                     TimePoint now) = 0;
    virtual Result<std::optional<std::string>> find_flow_version(const std::string& flow, const std::string& version) = 0;
    /// Every stored version with the number of saved conversations on it (0: no longer needed).
    virtual Result<std::vector<FlowVersionUse>> flow_versions() = 0;
    /// Drops the stored versions no saved conversation stands on; returns how many went.
    virtual Result<int> forget_unused_flow_versions() = 0;
};

}  // namespace frontline
