#include "core/engine/flow_archive.hpp"

#include "core/engine/config_parsers.hpp"
#include "core/engine/config_validation.hpp"

namespace frontline {

Result<std::shared_ptr<const Flow>> FlowArchive::find(const EngineConfig& config, const std::string& id,
                                                      const std::string& version, SessionRepository& sessions) {
    const Flow* current = config.flow(id);
    // A session saved before versions existed names none: it goes on with the flow as it is now.
    if (current && (version.empty() || current->version == version))
        return std::shared_ptr<const Flow>(std::shared_ptr<const Flow>{}, current);  // not owned: the config outlives it
    if (version.empty()) return std::shared_ptr<const Flow>{};
    const std::string key = id + "@" + version;
    {
        std::lock_guard lock(mutex_);
        if (auto it = old_.find(key); it != old_.end()) return it->second;
    }
    auto text = sessions.find_flow_version(id, version);
    if (!text) return text.error();
    std::shared_ptr<const Flow> found;
    if (*text) {
        auto parsed = parse_flow(**text, id + ".json (version " + version + ")");
        // Texts and known fixes come from the current configuration: an old version that names
        // one since deleted cannot be followed safely.
        if (parsed && validate_flow(*parsed, config)) found = std::make_shared<const Flow>(std::move(*parsed));
    }
    std::lock_guard lock(mutex_);
    old_.emplace(key, found);
    return found;
}

}  // namespace frontline
