#pragma once
// The trained triage classifier: multinomial naive Bayes over triage_features() (binary counts),
// with a posterior per category that is calibrated by a scale learnt at training time, so that
// "0.9" means right about nine times in ten. Pure: text in, text out (the model file).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

namespace frontline {

/// One labelled first message of the corpus.
struct TriageExample {
    std::string category;
    std::string language;
    std::string text;
};

/// A label and its calibrated probability.
struct LabelProbability {
    std::string label;
    double probability = 0;
};

/// Both answers for one message, from one pass over its features.
struct TriagePrediction {
    std::vector<LabelProbability> categories;  ///< best first
    std::vector<LabelProbability> languages;   ///< best first
};

class TriageModel {
public:
    /// Learns from `examples`; the same examples in the same order give the same model, byte for byte.
    static TriageModel train(const std::vector<TriageExample>& examples);
    /// Reads the text written by serialize(); a parse error names the line.
    static Result<TriageModel> parse(std::string_view text);
    /// The model as a versioned text file, features sorted (diffs between retrainings stay readable).
    std::string serialize() const;

    /// Category and language of `text`.
    TriagePrediction predict(std::string_view text) const;
    /// Every label with its probability, best first (ties by label, so the order is stable).
    std::vector<LabelProbability> categories(std::string_view text) const;
    /// "en", "it"...: the language of the examples `text` is most like, with its probability.
    std::vector<LabelProbability> languages(std::string_view text) const;

    const std::vector<std::string>& category_labels() const { return categories_.labels; }
    double scale() const { return scale_; }

private:
    /// Counts of one labelling (category or language) and the log-probabilities derived from them.
    struct Table {
        std::vector<std::string> labels;
        std::vector<std::uint32_t> documents;         ///< examples per label
        std::vector<std::uint64_t> feature_totals;    ///< feature occurrences per label
        std::unordered_map<std::string, std::vector<std::uint32_t>> counts;  ///< feature -> per label
        // Derived on train/parse:
        std::vector<double> log_prior;
        std::vector<double> log_unseen;  ///< log P(feature | label) for a feature never seen with label
        std::unordered_map<std::string, std::vector<double>> log_likelihood;

        void derive();
        std::vector<LabelProbability> posterior(const std::vector<std::string>& features, double scale) const;
        std::vector<double> log_joint(const std::vector<std::string>& features, std::size_t& known) const;
    };

    static Table count(const std::vector<TriageExample>& examples, bool by_language);
    static double calibrate(const std::vector<TriageExample>& examples);

    Table categories_;
    Table languages_;
    double scale_ = 1.0;
};

}  // namespace frontline
