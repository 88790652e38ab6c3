#pragma once
// The engine's config files as text, read by the shell (bot/config/engine_config_loader), turned into a
// validated EngineConfig here so that parsing and checking stay pure and testable.
#include <optional>
#include <string>
#include <vector>

#include "core/engine/config_validation.hpp"
#include "core/engine/engine_config.hpp"

namespace frontline {

/// One file: its name (for errors) and its text.
struct SourceText {
    std::string file;
    std::string text;
};

/// A locale file: en.json, en.flows.json, it.handoff.json, ... all merge into the language's catalog.
struct LocaleText {
    std::string language;
    SourceText source;
};

struct EngineConfigTexts {
    SourceText categories;
    SourceText classifier;
    std::optional<SourceText> triage_model;  ///< engine.triage_model_file, when the config names one
    std::vector<SourceText> flows;
    std::vector<SourceText> kb;
    std::vector<LocaleText> locales;
    EngineSettings settings;
    std::string locales_dir = "locales";  ///< for errors about a missing key
};

/// Parses every file and validates the whole; the first problem comes back naming file and node.
Result<EngineConfig> build_engine_config(const EngineConfigTexts& texts);

}  // namespace frontline
