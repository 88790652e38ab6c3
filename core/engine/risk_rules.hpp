#pragma once
// Risk-aware priority: what a first message says can set a floor under impact and urgency
// (credentials typed into a phishing page, ransomware, a lost device holding personal data,
// "everyone", a VIP or a critical service). The user's answers can raise the priority further,
// never lower it below the floor. Configured in classifier.json "risk_rules".
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ticket.hpp"

namespace frontline {

/// One rule: it fires when every group in `all_of` has a term in the message. A term is a word
/// (a trailing '*' matches any ending) or a phrase, matched on accent-folded, lower-cased words.
struct RiskRule {
    std::string id;
    std::optional<Level> impact;   ///< at least this impact when it fires
    std::optional<Level> urgency;  ///< at least this urgency when it fires
    std::vector<std::vector<std::string>> all_of;
};

/// The rules that fired and the floor they set together (the highest of each).
struct RiskFloor {
    std::vector<std::string> rules;
    std::optional<Level> impact;
    std::optional<Level> urgency;
};

/// nullopt when no rule fires.
std::optional<RiskFloor> assess_risk(const std::vector<RiskRule>& rules, std::string_view text);

/// The higher of two levels (Level::high is the highest).
Level higher_level(Level a, Level b);

}  // namespace frontline
