#include "core/engine/triage_corpus.hpp"

#include "core/text.hpp"

namespace frontline {

Result<std::vector<TriageExample>> parse_triage_corpus(std::string_view text, const std::string& file) {
    std::vector<TriageExample> out;
    std::size_t number = 0;
    for (std::size_t at = 0; at < text.size();) {
        auto end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(at, end - at);
        at = end + 1;
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim(line).empty() || line.front() == '#') continue;
        const auto where = file + ":" + std::to_string(number) + ": ";
        if (!is_valid_utf8(line)) return make_error(Errc::parse, where + "not valid UTF-8");
        const auto t1 = line.find('\t');
        const auto t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
        if (t2 == std::string_view::npos)
            return make_error(Errc::parse, where + "expected category<TAB>language<TAB>text");
        TriageExample e{std::string(line.substr(0, t1)), std::string(line.substr(t1 + 1, t2 - t1 - 1)),
                        trim(line.substr(t2 + 1))};
        if (e.category.empty() || e.language.empty() || e.text.empty())
            return make_error(Errc::parse, where + "the category, language and text must all be given");
        if (e.category.find(' ') != std::string::npos || e.language.find(' ') != std::string::npos)
            return make_error(Errc::parse, where + "a category or language has no spaces");
        out.push_back(std::move(e));
    }
    if (out.empty()) return make_error(Errc::parse, file + ": no examples");
    return out;
}

TriageEvaluation evaluate_triage(const std::vector<TriageExample>& examples, std::size_t folds, double ask_below,
                                 const std::map<std::string, std::string>& type_of) {
    TriageEvaluation ev;
    if (folds < 2) folds = 2;
    auto type = [&](const std::string& category) {
        const auto it = type_of.find(category);
        return it == type_of.end() ? std::string() : it->second;
    };
    for (std::size_t fold = 0; fold < folds; ++fold) {
        std::vector<TriageExample> train;
        for (std::size_t i = 0; i < examples.size(); ++i)
            if (i % folds != fold) train.push_back(examples[i]);
        const TriageModel model = TriageModel::train(train);
        for (std::size_t i = fold; i < examples.size(); i += folds) {
            const auto& e = examples[i];
            const auto ranked = model.categories(e.text);
            const auto& best = ranked.front();
            const bool right = best.label == e.category;
            ++ev.examples;
            ++ev.confusion[e.category][best.label];
            if (right) ++ev.category_right;
            std::map<std::string, double> by_type;  // each type: the mean of its categories, as the engine
            std::map<std::string, int> members;
            for (const auto& p : ranked) {
                by_type[type(p.label)] += p.probability;
                ++members[type(p.label)];
            }
            for (auto& [t, p] : by_type) p /= members[t];
            std::string best_type;
            double top = -1;
            for (const auto& [t, p] : by_type)
                if (p > top) {
                    top = p;
                    best_type = t;
                }
            if (best_type == type(e.category)) ++ev.type_right;
            if (best.probability < ask_below) ++ev.asked;
            else if (!right) ++ev.confidently_wrong;
            if (best.probability >= 0.9) {
                ++ev.sure;
                if (right) ++ev.sure_right;
            }
        }
    }
    return ev;
}

}  // namespace frontline
