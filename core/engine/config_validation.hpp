#pragma once
// Cross-file checks of a parsed engine configuration: references between categories, flows, the
// knowledge base and the catalog; flow graphs; regexes; translations. Errors name file and node.
#include "core/engine/engine_config.hpp"
#include "core/result.hpp"

namespace frontline {

/// Where the parts were read from, to name them in errors.
struct EngineConfigSources {
    std::string categories = "categories.json";
    std::string classifier = "classifier.json";
    std::string locales = "locales";
    std::string triage_model;
};

/// Checks everything a conversation relies on; the first problem found is returned.
Status validate_engine_config(const EngineConfig& config, const EngineConfigSources& sources = {});

/// The graph checks of one flow: start and every reference exist, every node can reach an
/// escalate or resolve node, regexes compile, keys and kb articles exist.
Status validate_flow(const Flow& flow, const EngineConfig& config);

}  // namespace frontline
