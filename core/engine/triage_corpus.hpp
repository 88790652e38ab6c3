#pragma once
// The labelled corpus (config/triage_corpus.tsv) and the held-out evaluation that `frontline eval`
// prints and a test holds to the documented targets.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/triage_model.hpp"
#include "core/result.hpp"

namespace frontline {

/// "category<TAB>language<TAB>text" lines; blank lines and lines starting with '#' are skipped.
/// An error names the file and line.
Result<std::vector<TriageExample>> parse_triage_corpus(std::string_view text, const std::string& file);

/// What k-fold held-out classification of the corpus gave.
struct TriageEvaluation {
    std::size_t examples = 0;
    std::size_t type_right = 0;
    std::size_t category_right = 0;      ///< the likeliest category, whether or not confident
    std::size_t asked = 0;               ///< below the confidence threshold: the bot would ask
    std::size_t confidently_wrong = 0;   ///< at or above the threshold, and wrong
    std::size_t sure = 0;                ///< confidence >= 0.9
    std::size_t sure_right = 0;
    std::map<std::string, std::map<std::string, std::size_t>> confusion;  ///< truth -> predicted -> count

    double rate(std::size_t n) const { return examples ? static_cast<double>(n) / static_cast<double>(examples) : 0; }
};

/// Trains on k-1 folds and classifies the k-th, for each fold (example i is in fold i % k).
/// `type_of` maps each category to "incident" or "request"; `ask_below` is the engine's threshold.
TriageEvaluation evaluate_triage(const std::vector<TriageExample>& examples, std::size_t folds, double ask_below,
                                 const std::map<std::string, std::string>& type_of);

}  // namespace frontline
