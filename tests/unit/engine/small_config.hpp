#pragma once
// A small engine configuration of the tests' own (three categories, three flows, one kb article),
// built as JSON so each validation test can break exactly one thing. The engine's own texts come
// from the shipped config/locales/<lang>.json.
#include <string>

#include <nlohmann/json.hpp>

#include "core/engine/engine_config_texts.hpp"

namespace frontline::engine_test {

/// The parts, as JSON, before they become texts.
struct SmallConfig {
    nlohmann::json categories;
    nlohmann::json classifier;
    nlohmann::json net_flow;
    nlohmann::json breach_flow;
    nlohmann::json request_flow;
    nlohmann::json kb;
    nlohmann::json en_texts;  ///< the test flows' own texts (en.test.json)
    nlohmann::json it_texts;

    EngineConfigTexts texts() const;
};

SmallConfig small_config();

/// The parsed and validated small config; aborts the test on error.
EngineConfig small_engine_config();

/// The shipped config/frontline.json path.
std::string shipped_config_path();

}  // namespace frontline::engine_test
