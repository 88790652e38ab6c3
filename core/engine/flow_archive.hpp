#pragma once
// The diagnosis flows older conversations still stand on. A conversation keeps the flow version
// it started on (SessionState::flow_version); when the flow file has changed since, the text of
// that version is read back from the store, parsed and checked once, and kept here in memory.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/engine/engine_config.hpp"
#include "core/result.hpp"
#include "core/session_repository.hpp"

namespace frontline {

class FlowArchive {
public:
    /// The flow `id` at `version`: the configured one when the versions agree, else the stored
    /// text of that version. Null when neither exists, or the old text no longer fits the current
    /// configuration (e.g. a known fix it names was deleted): the conversation cannot go on then.
    Result<std::shared_ptr<const Flow>> find(const EngineConfig& config, const std::string& id, const std::string& version,
                                             SessionRepository& sessions);

private:
    std::mutex mutex_;  // the engine may serve turns from more than one thread
    std::map<std::string, std::shared_ptr<const Flow>> old_;  ///< by "id@version"; null: unusable
};

}  // namespace frontline
