#pragma once
// The hand-off's own messages in every language, from config/locales/<lang>.handoff.json: a flat
// object of keys to texts with {placeholder}s. Falls back to English, then to the key itself.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/result.hpp"

namespace frontline::handoff {

using Vars = std::vector<std::pair<std::string, std::string>>;

class Texts {
public:
    /// Adds one language from its JSON object; errors name `origin` and the bad key.
    Status add_language(const std::string& lang, const nlohmann::json& j, const std::string& origin);
    /// Every key the hand-off uses must exist in every language added; the error names the first gap.
    Status validate() const;

    /// The text for `key` in `lang` (else English, else the key) with {name}s replaced.
    std::string get(const std::string& lang, const std::string& key, const Vars& vars = {}) const;
    bool has_language(const std::string& lang) const { return langs_.count(lang) > 0; }
    /// The languages added, e.g. {"en", "it"}.
    std::vector<std::string> languages() const;

    /// The keys the code uses; each locale file must define them all.
    static const std::vector<std::string>& required_keys();

private:
    std::map<std::string, std::map<std::string, std::string>> langs_;
};

}  // namespace frontline::handoff
