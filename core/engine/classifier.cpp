#include "core/engine/classifier.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.hpp"

namespace frontline {
namespace {

/// The message prepared once: its words and " w1 w2 ... " for phrase look-ups on word boundaries.
struct Prepared {
    std::vector<std::string> words;
    std::string spaced;
};

Prepared prepare(std::string_view text) {
    Prepared p;
    p.words = Classifier::words(text);
    p.spaced.push_back(' ');
    for (const auto& w : p.words) {
        p.spaced.append(w);
        p.spaced.push_back(' ');
    }
    return p;
}

bool matches(const Prepared& msg, const std::string& term) {
    const auto term_words = Classifier::words(term);
    if (term_words.empty()) return false;
    if (term_words.size() > 1) {
        std::string phrase(1, ' ');
        for (const auto& w : term_words) {
            phrase.append(w);
            phrase.push_back(' ');
        }
        return msg.spaced.find(phrase) != std::string::npos;
    }
    const std::string& w = term_words.front();
    if (!term.empty() && term.back() == '*')
        return std::any_of(msg.words.begin(), msg.words.end(), [&](const std::string& m) { return m.rfind(w, 0) == 0; });
    return std::find(msg.words.begin(), msg.words.end(), w) != msg.words.end();
}

double score_terms(const Prepared& msg, const TermsByLanguage& by_lang, const std::string& lang) {
    auto it = by_lang.find(lang);
    if (it == by_lang.end()) return 0;
    double s = 0;
    for (const auto& t : it->second)
        if (matches(msg, t.text)) s += t.weight;
    return s;
}

std::vector<Scored> score_group(const Prepared& msg, const std::map<std::string, TermsByLanguage>& group,
                                const std::string& lang) {
    std::vector<Scored> out;
    for (const auto& [id, by_lang] : group) {
        const double s = score_terms(msg, by_lang, lang);
        if (s > 0) out.push_back({id, s});
    }
    std::stable_sort(out.begin(), out.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
    return out;
}

double total_of(const std::vector<Scored>& v) {
    double t = 0;
    for (const auto& s : v) t += s.score;
    return t;
}

bool confident(const std::vector<Scored>& v, const ClassifierConfig& c) {
    if (v.empty() || v.front().score < c.min_score) return false;
    const double runner_up = v.size() > 1 ? v[1].score : 0.0;
    return v.front().score - runner_up >= c.min_margin;
}

}  // namespace

const std::string& Classification::best_type() const {
    static const std::string none;
    return types.empty() ? none : types.front().id;
}

const std::string& Classification::best_category() const {
    static const std::string none;
    return categories.empty() ? none : categories.front().id;
}

std::vector<std::string> Classifier::words(std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) out.push_back(std::move(cur));
        cur.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        // U+2019 (right single quote) is how phones type apostrophes: "l’email" is two words.
        if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
            static_cast<unsigned char>(text[i + 2]) == 0x99) {
            flush();
            i += 2;
            continue;
        }
        const bool ascii_word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (ascii_word || c >= 0x80) {
            cur += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        } else {
            flush();
        }
    }
    flush();
    return out;
}

Classification Classifier::classify(std::string_view text, const std::string& fallback_language) const {
    Classification c = by_terms(text, fallback_language);
    if (config_.model) apply_model(text, c);
    return c;
}

void Classifier::apply_model(std::string_view text, Classification& c) const {
    const auto& rules = config_.rules_on_top;
    const bool rule_wins = c.category_confident && std::find(rules.begin(), rules.end(), c.best_category()) != rules.end();
    const auto prediction = config_.model->predict(text);
    const auto& languages = prediction.languages;
    if (!languages.empty() && languages.front().probability >= 0.9) {
        // Trained on whole messages, the model knows "ciao" and "salve" as Italian where no term matched.
        c.language = languages.front().label;
        c.language_sure = true;
    }
    if (rule_wins) return;
    const auto& ranked = prediction.categories;
    c.categories.clear();
    // A type's probability is the mean of its categories', renormalised: a plain sum would favour
    // incidents for having more categories, and call a message that says nothing an incident.
    std::map<std::string, std::pair<double, int>> by_type;
    for (const auto& p : ranked) {
        c.categories.push_back({p.label, p.probability});
        const auto t = config_.category_types.find(p.label);
        if (t == config_.category_types.end()) continue;
        by_type[t->second].first += p.probability;
        ++by_type[t->second].second;
    }
    double norm = 0;
    for (const auto& [_, sum_count] : by_type) norm += sum_count.first / sum_count.second;
    c.types.clear();
    for (const auto& [type, sum_count] : by_type) c.types.push_back({type, sum_count.first / sum_count.second / norm});
    std::stable_sort(c.types.begin(), c.types.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
    // One or two words no term knows ("hello", "thanks"): their character n-grams are too few to go
    // on, and a greeting must not become a ticket.
    const bool too_little = c.total == 0 && words(text).size() < 3;
    c.category_confident = !too_little && !c.categories.empty() && c.categories.front().score >= config_.ask_below;
    c.type_confident = !too_little && !c.types.empty() && c.types.front().score >= config_.ask_below;
    // Something was recognised when the model is sure of it, even if no keyword matched.
    if (c.category_confident) c.total = std::max(c.total, c.categories.front().score);
}

Classification Classifier::by_terms(std::string_view text, const std::string& fallback_language) const {
    const Prepared msg = prepare(text);
    std::set<std::string> languages;
    for (const auto* group : {&config_.types, &config_.categories})
        for (const auto& [_, by_lang] : *group)
            for (const auto& [lang, __] : by_lang) languages.insert(lang);

    Classification best;
    best.language = fallback_language;
    bool have = false;
    for (const auto& lang : languages) {
        Classification c;
        c.language = lang;
        c.types = score_group(msg, config_.types, lang);
        c.categories = score_group(msg, config_.categories, lang);
        c.total = total_of(c.types) + total_of(c.categories);
        // A tie goes to the user's own language.
        const bool better = !have || c.total > best.total || (c.total == best.total && lang == fallback_language);
        if (better) {
            best = std::move(c);
            have = true;
        }
    }
    if (best.total == 0) best.language = fallback_language;
    best.type_confident = confident(best.types, config_);
    best.category_confident = confident(best.categories, config_);
    return best;
}

}  // namespace frontline
