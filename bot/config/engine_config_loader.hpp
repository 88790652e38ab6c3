#pragma once
// Reads the engine's files named by frontline.json (engine.categories_file, classifier_file,
// flows_dir, kb_dir, locales_dir and the timing keys) and hands their text to the core parsers.
#include <memory>

#include "bot/config/config.hpp"
#include "core/engine/conversation_engine.hpp"
#include "core/engine/engine_config.hpp"

namespace frontline {

/// The engine's configuration, parsed and validated; errors name the file and the node or key.
Result<EngineConfig> load_engine_config(const Config& config);

/// For check-config: the engine's files and settings are all valid.
Status validate_engine_config(const Config& config);

/// The conversation engine with the configured priority matrix, SLA targets and lifecycle policy.
Result<std::unique_ptr<ConversationEngine>> load_conversation_engine(const Config& config);

}  // namespace frontline
