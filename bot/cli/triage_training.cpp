#include "bot/cli/triage_training.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "core/engine/config_parsers.hpp"
#include "core/engine/triage_corpus.hpp"

namespace frontline {
namespace {

namespace fs = std::filesystem;

Result<std::string> read_text(const Config& config, const std::string& key, const std::string& fallback, fs::path& path) {
    auto p = config.path(key, fallback);
    if (!p) return p.error();
    path = *p;
    std::ifstream in(path, std::ios::binary);
    if (!in) return config.error(key, "cannot read '" + path.string() + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// The corpus, checked against categories.json: a label the desk does not have is a typo to fix.
struct Corpus {
    std::vector<TriageExample> examples;
    std::map<std::string, std::string> type_of;
    double ask_below = 0.7;
    fs::path path;
};

Result<Corpus> load_corpus(const Config& config) {
    Corpus c;
    fs::path categories_path, classifier_path;
    auto categories_text = read_text(config, "engine.categories_file", "categories.json", categories_path);
    if (!categories_text) return categories_text.error();
    auto categories = parse_categories(*categories_text, categories_path.string());
    if (!categories) return categories.error();
    for (const auto& cat : *categories) c.type_of[cat.id] = std::string(to_string(cat.type));
    auto classifier_text = read_text(config, "engine.classifier_file", "classifier.json", classifier_path);
    if (!classifier_text) return classifier_text.error();
    auto classifier = parse_classifier(*classifier_text, classifier_path.string());
    if (!classifier) return classifier.error();
    c.ask_below = classifier->ask_below;
    auto text = read_text(config, "engine.triage_corpus_file", "triage_corpus.tsv", c.path);
    if (!text) return text.error();
    auto examples = parse_triage_corpus(*text, c.path.string());
    if (!examples) return examples.error();
    for (std::size_t i = 0; i < examples->size(); ++i)
        if (!c.type_of.count((*examples)[i].category))
            return make_error(Errc::parse, c.path.string() + ": example " + std::to_string(i + 1) + ": unknown category '" +
                                               (*examples)[i].category + "' (not in " + categories_path.string() + ")");
    c.examples = std::move(*examples);
    return c;
}

std::string percent(double r) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(1) << r * 100 << "%";
    return s.str();
}

}  // namespace

int run_train(const Config& config, std::ostream& out, std::ostream& err) {
    auto corpus = load_corpus(config);
    if (!corpus) {
        err << "frontline: " << corpus.error().message << "\n";
        return 1;
    }
    auto model_path = config.path("engine.triage_model_file", "triage_model.txt");
    if (!model_path) {
        err << "frontline: " << model_path.error().message << "\n";
        return 1;
    }
    const auto model = TriageModel::train(corpus->examples);
    // Written beside the target and renamed over it: a running service never reads half a model.
    const fs::path tmp = model_path->string() + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f << model.serialize();
        if (!f.flush()) {
            err << "frontline: cannot write '" << tmp.string() << "'\n";
            return 1;
        }
    }
    std::error_code ec;
    fs::rename(tmp, *model_path, ec);
    if (ec) {
        err << "frontline: cannot replace '" << model_path->string() << "': " << ec.message() << "\n";
        return 1;
    }
    out << "trained on " << corpus->examples.size() << " examples of " << model.category_labels().size()
        << " categories from " << corpus->path.string() << "\nwrote " << model_path->string()
        << " (calibration scale " << model.scale() << ")\nrestart the service to use it\n";
    return 0;
}

int run_eval(const Config& config, std::size_t folds, std::ostream& out, std::ostream& err) {
    auto corpus = load_corpus(config);
    if (!corpus) {
        err << "frontline: " << corpus.error().message << "\n";
        return 1;
    }
    const auto ev = evaluate_triage(corpus->examples, folds, corpus->ask_below, corpus->type_of);
    out << corpus->examples.size() << " examples, " << folds << "-fold held out (" << corpus->path.string() << ")\n"
        << "type accuracy:        " << percent(ev.rate(ev.type_right)) << "\n"
        << "category accuracy:    " << percent(ev.rate(ev.category_right)) << "\n"
        << "asked instead:        " << percent(ev.rate(ev.asked)) << " (confidence below " << corpus->ask_below << ")\n"
        << "confidently wrong:    " << percent(ev.rate(ev.confidently_wrong)) << "\n"
        << "right when >= 0.9:    "
        << (ev.sure ? percent(static_cast<double>(ev.sure_right) / static_cast<double>(ev.sure)) : std::string("-"))
        << " of " << ev.sure << "\n";

    // The time to classify one message with the model trained on everything (category and language).
    const auto model = TriageModel::train(corpus->examples);
    std::size_t sink = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const auto& e : corpus->examples) sink += model.predict(e.text).categories.size();
    const std::chrono::duration<double, std::micro> spent = std::chrono::steady_clock::now() - start;
    out << "classification:       " << std::fixed << std::setprecision(1)
        << spent.count() / static_cast<double>(std::max<std::size_t>(corpus->examples.size(), 1))
        << " us per message" << (sink ? "" : " ") << "\n\nconfusion (rows: labelled, columns: predicted)\n";

    std::vector<std::string> labels;
    for (const auto& [id, _] : corpus->type_of) labels.push_back(id);
    auto short_name = [](const std::string& s) { return s.substr(0, 6); };
    out << std::setw(17) << "";
    for (const auto& l : labels) out << std::setw(7) << short_name(l);
    out << "\n";
    for (const auto& truth : labels) {
        out << std::setw(17) << truth;
        const auto row = ev.confusion.find(truth);
        for (const auto& predicted : labels) {
            std::size_t n = 0;
            if (row != ev.confusion.end())
                if (auto it = row->second.find(predicted); it != row->second.end()) n = it->second;
            out << std::setw(7) << n;
        }
        out << "\n";
    }
    return 0;
}

}  // namespace frontline
