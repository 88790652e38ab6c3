#pragma once
// Parsers for the engine's config files. Each takes the file's text and its name; errors name the
// file and the node or key ("config/flows/network.json: node 'vpn_since': 'next' is missing").
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/engine_config.hpp"
#include "core/result.hpp"

namespace frontline {

/// config/categories.json: {"categories": [...]}.
Result<std::vector<Category>> parse_categories(std::string_view text, const std::string& file);
/// config/classifier.json: min_score, min_margin, types and categories with weighted terms.
Result<ClassifierConfig> parse_classifier(std::string_view text, const std::string& file);
/// config/flows/<id>.json: one flow. Checks the shape of each node; graph checks are in validation.
Result<Flow> parse_flow(std::string_view text, const std::string& file);
/// The version of a flow file's text (Flow::version): equal texts, equal versions.
std::string flow_version_of(std::string_view text);
/// config/kb/<name>.json: {"articles": [...]}.
Result<std::vector<KbArticle>> parse_kb(std::string_view text, const std::string& file);

/// "message" -> NodeType::message, ...; nullopt for an unknown name.
std::optional<NodeType> parse_node_type(std::string_view name);
std::string_view to_string(NodeType t);

}  // namespace frontline
