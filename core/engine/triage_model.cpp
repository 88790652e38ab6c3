#include "core/engine/triage_model.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "core/engine/triage_features.hpp"

namespace frontline {
namespace {

constexpr double kAlpha = 0.5;        // Laplace-style smoothing: char n-grams are dense, words sparse
constexpr std::size_t kFolds = 5;     // inner folds used to learn the calibration scale
constexpr const char* kMagic = "frontline-triage-model 1";

std::vector<LabelProbability> softmax(const std::vector<std::string>& labels, const std::vector<double>& z) {
    std::vector<LabelProbability> out;
    if (labels.empty()) return out;
    const double top = *std::max_element(z.begin(), z.end());
    double sum = 0;
    for (double v : z) sum += std::exp(v - top);
    for (std::size_t i = 0; i < labels.size(); ++i) out.push_back({labels[i], std::exp(z[i] - top) / sum});
    std::stable_sort(out.begin(), out.end(), [](const LabelProbability& a, const LabelProbability& b) {
        return a.probability > b.probability || (a.probability == b.probability && a.label < b.label);
    });
    return out;
}

/// The evidence of a message, per known feature: naive Bayes adds one log-likelihood per feature,
/// so raw posteriors of a long message are absurdly sure; averaging and then scaling by a learnt
/// factor is what makes the probabilities mean what they say.
std::vector<double> scaled(std::vector<double> joint, std::size_t known, double scale) {
    const double n = static_cast<double>(std::max<std::size_t>(known, 1));
    for (auto& v : joint) v = v * scale / n;
    return joint;
}

Error parse_error(std::size_t line, const std::string& what) {
    return make_error(Errc::parse, "triage model, line " + std::to_string(line) + ": " + what);
}

/// Splits on single spaces; features never contain ASCII white space.
std::vector<std::string_view> fields(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t at = 0;
    while (at <= line.size()) {
        const auto end = line.find(' ', at);
        const auto piece = line.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
        if (!piece.empty()) out.push_back(piece);
        if (end == std::string_view::npos) break;
        at = end + 1;
    }
    return out;
}

template <class Int>
bool to_int(std::string_view s, Int& out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

void TriageModel::Table::derive() {
    const std::size_t k = labels.size();
    const double vocabulary = static_cast<double>(counts.size());
    std::uint64_t all_documents = 0;
    for (auto d : documents) all_documents += d;
    log_prior.assign(k, 0.0);
    log_unseen.assign(k, 0.0);
    std::vector<double> denominator(k);
    for (std::size_t l = 0; l < k; ++l) {
        log_prior[l] = std::log((documents[l] + 1.0) / (static_cast<double>(all_documents) + static_cast<double>(k)));
        denominator[l] = std::log(static_cast<double>(feature_totals[l]) + kAlpha * vocabulary);
        log_unseen[l] = std::log(kAlpha) - denominator[l];
    }
    log_likelihood.clear();
    log_likelihood.reserve(counts.size());
    for (const auto& [feature, per_label] : counts) {
        std::vector<double> ll(k);
        for (std::size_t l = 0; l < k; ++l) ll[l] = std::log(per_label[l] + kAlpha) - denominator[l];
        log_likelihood.emplace(feature, std::move(ll));
    }
}

std::vector<double> TriageModel::Table::log_joint(const std::vector<std::string>& features, std::size_t& known) const {
    std::vector<double> z(log_prior);
    known = 0;
    for (const auto& f : features) {
        const auto it = log_likelihood.find(f);
        if (it == log_likelihood.end()) continue;  // never seen in training: says nothing about any label
        ++known;
        for (std::size_t l = 0; l < z.size(); ++l) z[l] += it->second[l];
    }
    return z;
}

std::vector<LabelProbability> TriageModel::Table::posterior(const std::vector<std::string>& features,
                                                            double scale) const {
    std::size_t known = 0;
    auto z = log_joint(features, known);
    if (known == 0) {
        // Nothing recognised: the priors, flattened, so that no label looks likely.
        std::fill(z.begin(), z.end(), 0.0);
        return softmax(labels, z);
    }
    return softmax(labels, scaled(std::move(z), known, scale));
}

TriageModel::Table TriageModel::count(const std::vector<TriageExample>& examples, bool by_language) {
    Table t;
    std::set<std::string> names;
    for (const auto& e : examples) names.insert(by_language ? e.language : e.category);
    t.labels.assign(names.begin(), names.end());
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < t.labels.size(); ++i) index[t.labels[i]] = i;
    t.documents.assign(t.labels.size(), 0);
    t.feature_totals.assign(t.labels.size(), 0);
    for (const auto& e : examples) {
        const std::size_t l = index[by_language ? e.language : e.category];
        ++t.documents[l];
        for (auto& f : triage_features(e.text)) {
            auto& per_label = t.counts[f];
            if (per_label.empty()) per_label.assign(t.labels.size(), 0);
            ++per_label[l];
            ++t.feature_totals[l];
        }
    }
    t.derive();
    return t;
}

double TriageModel::calibrate(const std::vector<TriageExample>& examples) {
    // For each example held out of an inner fold: its averaged evidence per label and its true label.
    struct Held {
        std::vector<double> z;
        std::size_t truth;
    };
    std::vector<Held> held;
    for (std::size_t fold = 0; fold < kFolds; ++fold) {
        std::vector<TriageExample> train, test;
        for (std::size_t i = 0; i < examples.size(); ++i) (i % kFolds == fold ? test : train).push_back(examples[i]);
        if (train.empty() || test.empty()) continue;
        const Table t = count(train, false);
        for (const auto& e : test) {
            const auto at = std::find(t.labels.begin(), t.labels.end(), e.category);
            if (at == t.labels.end()) continue;
            std::size_t known = 0;
            auto z = t.log_joint(triage_features(e.text), known);
            if (known == 0) continue;
            held.push_back({scaled(std::move(z), known, 1.0), static_cast<std::size_t>(at - t.labels.begin())});
        }
    }
    if (held.empty()) return 1.0;
    // The scale that makes the held-out probabilities most honest (least log-loss), on a fixed grid.
    double best_scale = 1.0, best_loss = INFINITY;
    for (double s = 1.0; s <= 400.0; s *= 1.05) {
        double loss = 0;
        for (const auto& h : held) {
            const double top = *std::max_element(h.z.begin(), h.z.end());
            double sum = 0;
            for (double v : h.z) sum += std::exp((v - top) * s);
            loss -= (h.z[h.truth] - top) * s - std::log(sum);
        }
        if (loss < best_loss) {
            best_loss = loss;
            best_scale = s;
        }
    }
    return best_scale;
}

TriageModel TriageModel::train(const std::vector<TriageExample>& examples) {
    TriageModel m;
    m.categories_ = count(examples, false);
    m.languages_ = count(examples, true);
    m.scale_ = calibrate(examples);
    return m;
}

TriagePrediction TriageModel::predict(std::string_view text) const {
    const auto features = triage_features(text);
    return {categories_.posterior(features, scale_), languages_.posterior(features, scale_)};
}

std::vector<LabelProbability> TriageModel::categories(std::string_view text) const {
    return categories_.posterior(triage_features(text), scale_);
}

std::vector<LabelProbability> TriageModel::languages(std::string_view text) const {
    return languages_.posterior(triage_features(text), scale_);
}

std::string TriageModel::serialize() const {
    std::string out = std::string(kMagic) + "\n";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, scale_);  // shortest form that reads back exactly
    out += "scale " + std::string(buf, r.ptr) + "\n";
    for (const auto* t : {&categories_, &languages_}) {
        out += std::string("table ") + (t == &categories_ ? "category" : "language") + " " +
               std::to_string(t->labels.size()) + " " + std::to_string(t->counts.size()) + "\n";
        for (std::size_t l = 0; l < t->labels.size(); ++l)
            out += "label " + t->labels[l] + " " + std::to_string(t->documents[l]) + " " +
                   std::to_string(t->feature_totals[l]) + "\n";
        std::vector<const std::string*> sorted;
        for (const auto& [f, _] : t->counts) sorted.push_back(&f);
        std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return *a < *b; });
        for (const auto* f : sorted) {
            out += *f;
            for (auto c : t->counts.at(*f)) out += " " + std::to_string(c);
            out += "\n";
        }
    }
    return out;
}

Result<TriageModel> TriageModel::parse(std::string_view text) {
    std::vector<std::string_view> lines;
    for (std::size_t at = 0; at < text.size();) {
        auto end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        lines.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    std::size_t n = 0;
    auto next = [&]() -> std::string_view { return n < lines.size() ? lines[n++] : std::string_view{}; };
    if (next() != kMagic) return parse_error(1, std::string("expected '") + kMagic + "' (retrain with `frontline train`)");
    TriageModel m;
    {
        const auto f = fields(next());
        const auto r = f.size() == 2 ? std::from_chars(f[1].data(), f[1].data() + f[1].size(), m.scale_)
                                     : std::from_chars_result{nullptr, std::errc::invalid_argument};
        if (f.size() != 2 || f[0] != "scale" || r.ec != std::errc() || !(m.scale_ > 0))
            return parse_error(n, "expected 'scale <positive number>'");
    }
    for (auto* t : {&m.categories_, &m.languages_}) {
        const char* name = t == &m.categories_ ? "category" : "language";
        const auto head = fields(next());
        std::size_t label_count = 0, feature_count = 0;
        if (head.size() != 4 || head[0] != "table" || head[1] != name || !to_int(head[2], label_count) ||
            !to_int(head[3], feature_count) || label_count == 0)
            return parse_error(n, std::string("expected 'table ") + name + " <labels> <features>'");
        for (std::size_t l = 0; l < label_count; ++l) {
            const auto f = fields(next());
            std::uint32_t documents = 0;
            std::uint64_t total = 0;
            if (f.size() != 4 || f[0] != "label" || !to_int(f[2], documents) || !to_int(f[3], total))
                return parse_error(n, "expected 'label <name> <examples> <feature total>'");
            t->labels.emplace_back(f[1]);
            t->documents.push_back(documents);
            t->feature_totals.push_back(total);
        }
        t->counts.reserve(feature_count);
        for (std::size_t i = 0; i < feature_count; ++i) {
            const auto f = fields(next());
            if (f.size() != label_count + 1) return parse_error(n, "expected a feature and one count per label");
            std::vector<std::uint32_t> per_label(label_count);
            for (std::size_t l = 0; l < label_count; ++l)
                if (!to_int(f[l + 1], per_label[l])) return parse_error(n, "a count is not a whole number");
            if (!t->counts.emplace(std::string(f[0]), std::move(per_label)).second)
                return parse_error(n, "feature '" + std::string(f[0]) + "' appears twice");
        }
        t->derive();
    }
    while (n < lines.size())
        if (!fields(next()).empty()) return parse_error(n, "unexpected text after the last table");
    return m;
}

}  // namespace frontline
