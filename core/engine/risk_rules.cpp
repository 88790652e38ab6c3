#include "core/engine/risk_rules.hpp"

#include <algorithm>

#include "core/engine/triage_features.hpp"

namespace frontline {
namespace {

/// " w1 w2 ... " so that a phrase matches on word boundaries only.
std::string spaced(const std::vector<std::string>& words) {
    std::string s(1, ' ');
    for (const auto& w : words) s += w + " ";
    return s;
}

bool has_term(const std::vector<std::string>& words, const std::string& text_spaced, const std::string& term) {
    const bool prefix = !term.empty() && term.back() == '*';
    const auto term_words = folded_words(prefix ? std::string_view(term).substr(0, term.size() - 1) : term);
    if (term_words.empty()) return false;
    if (term_words.size() > 1) return text_spaced.find(spaced(term_words)) != std::string::npos;
    const auto& t = term_words.front();
    return std::any_of(words.begin(), words.end(),
                       [&](const std::string& w) { return prefix ? w.rfind(t, 0) == 0 : w == t; });
}

void raise(std::optional<Level>& floor, const std::optional<Level>& by) {
    if (by) floor = floor ? higher_level(*floor, *by) : *by;
}

}  // namespace

Level higher_level(Level a, Level b) {
    return static_cast<int>(a) < static_cast<int>(b) ? a : b;  // the enum lists high first
}

std::optional<RiskFloor> assess_risk(const std::vector<RiskRule>& rules, std::string_view text) {
    const auto words = folded_words(text);
    const auto text_spaced = spaced(words);
    RiskFloor floor;
    for (const auto& r : rules) {
        const bool fires = !r.all_of.empty() && std::all_of(r.all_of.begin(), r.all_of.end(), [&](const auto& group) {
            return std::any_of(group.begin(), group.end(),
                               [&](const std::string& term) { return has_term(words, text_spaced, term); });
        });
        if (!fires) continue;
        floor.rules.push_back(r.id);
        raise(floor.impact, r.impact);
        raise(floor.urgency, r.urgency);
    }
    if (floor.rules.empty()) return std::nullopt;
    return floor;
}

}  // namespace frontline
