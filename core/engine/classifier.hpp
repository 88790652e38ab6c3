#pragma once
// Incident or request, and which category. With a trained model (triage_model.hpp) its calibrated
// probabilities decide, confident at ask_below or above; the weighted keyword terms still name the
// language and stay on top for the categories listed in rules_on_top (a data-breach phrase). Without
// a model the terms decide alone: confident when the best score reaches min_score and leads the
// runner-up by min_margin. Below confidence the engine asks the user with choices.
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/engine_config.hpp"

namespace frontline {

struct Scored {
    std::string id;
    double score = 0;
};

struct Classification {
    std::string language;             ///< the language whose terms matched best (or the fallback)
    std::vector<Scored> types;        ///< best first
    std::vector<Scored> categories;   ///< best first, only those that scored
    bool type_confident = false;
    bool category_confident = false;
    bool language_sure = false;       ///< the language is clear even if nothing else was recognised
    double total = 0;                 ///< all matched weight in `language`: 0 = nothing recognised

    const std::string& best_type() const;      ///< empty when nothing scored
    const std::string& best_category() const;  ///< empty when nothing scored
};

class Classifier {
public:
    explicit Classifier(ClassifierConfig config) : config_(std::move(config)) {}

    /// Scores `text` with each language's terms and keeps the language that matched best;
    /// `fallback_language` breaks ties (usually the user's locale).
    Classification classify(std::string_view text, const std::string& fallback_language) const;

    /// Whether a trained model decides (otherwise the weighted terms alone).
    bool has_model() const { return config_.model != nullptr; }

    /// The words of `text` lower-cased (ASCII), split on anything that is not a letter or digit.
    static std::vector<std::string> words(std::string_view text);

private:
    Classification by_terms(std::string_view text, const std::string& fallback_language) const;
    void apply_model(std::string_view text, Classification& c) const;

    ClassifierConfig config_;
};

}  // namespace frontline
