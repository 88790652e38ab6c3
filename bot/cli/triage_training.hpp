#pragma once
// `frontline train` and `frontline eval`: the triage model learnt from the labelled corpus
// (engine.triage_corpus_file) and written to engine.triage_model_file, and its held-out quality.
#include <cstddef>
#include <iosfwd>

#include "bot/config/config.hpp"

namespace frontline {

/// Trains on the whole corpus and writes the model file (atomically); exit code 0, 1 on a bad corpus.
int run_train(const Config& config, std::ostream& out, std::ostream& err);

/// k-fold held-out accuracy (type, category), asked-instead and confidently-wrong rates, calibration,
/// the confusion matrix and the time to classify one message; exit code 0, 1 on a bad corpus.
int run_eval(const Config& config, std::size_t folds, std::ostream& out, std::ostream& err);

}  // namespace frontline
