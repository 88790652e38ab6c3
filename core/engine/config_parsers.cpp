// Parsers for categories.json, classifier.json and the knowledge-base files (flows: flow_parser.cpp).
#include "core/engine/config_parsers.hpp"

#include <set>

#include "core/engine/json_reading.hpp"

namespace frontline {
namespace {

using nlohmann::json;
using namespace json_reading;

bool is_identifier(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    return true;
}

Result<Category> parse_category(const json& c, const std::string& where) {
    if (!c.is_object()) return error_at(where, "expected an object");
    Category cat;
    auto id = string_at(c, "id", where);
    if (!id) return id.error();
    if (!is_identifier(*id)) return error_at(where, "id '" + *id + "' must use only a-z, 0-9, '_' and '-'");
    cat.id = *id;
    const std::string here = where + " '" + cat.id + "'";
    auto type = string_at(c, "type", here);
    if (!type) return type.error();
    auto parsed_type = parse_ticket_type(*type);
    if (!parsed_type) return error_at(here, "type '" + *type + "' must be incident or request");
    cat.type = *parsed_type;
    auto label = string_at(c, "label", here);
    if (!label) return label.error();
    cat.label = *label;
    auto flow = string_at(c, "flow", here);
    if (!flow) return flow.error();
    cat.flow = *flow;
    auto tier = string_at(c, "default_tier", here, std::string("L2"));
    if (!tier) return tier.error();
    auto parsed_tier = parse_tier(*tier);
    if (!parsed_tier || *parsed_tier == Tier::l1) return error_at(here, "default_tier '" + *tier + "' must be L2 or L3");
    cat.default_tier = *parsed_tier;
    if (auto it = c.find("restricted"); it != c.end() && !it->is_null()) {
        if (!it->is_boolean()) return error_at(here, "'restricted' must be true or false");
        cat.restricted = it->get<bool>();
    }
    if (auto it = c.find("fixed_priority"); it != c.end() && !it->is_null()) {
        if (!it->is_string()) return error_at(here, "'fixed_priority' must be \"P1\"..\"P4\" or null");
        auto p = parse_priority(it->get<std::string>());
        if (!p) return error_at(here, "fixed_priority '" + it->get<std::string>() + "' must be P1..P4");
        cat.fixed_priority = *p;
    }
    if (auto it = c.find("subcategories"); it != c.end() && !it->is_null()) {
        if (!it->is_array()) return error_at(here, "'subcategories' must be a list of names");
        for (const auto& s : *it) {
            if (!s.is_string()) return error_at(here, "'subcategories' must be a list of names");
            cat.subcategories.push_back(s.get<std::string>());
        }
    }
    if (auto it = c.find("related"); it != c.end() && !it->is_null()) {
        if (!it->is_array()) return error_at(here, "'related' must be a list of category ids");
        for (const auto& r : *it) {
            if (!r.is_string()) return error_at(here, "'related' must be a list of category ids");
            cat.related.push_back(r.get<std::string>());
        }
    }
    if (cat.restricted) {
        // The data-breach policy is not negotiable: always P1 at L3.
        if (cat.fixed_priority && *cat.fixed_priority != Priority::p1)
            return error_at(here, "a restricted category must have fixed_priority P1");
        cat.fixed_priority = Priority::p1;
        cat.default_tier = Tier::l3;
    }
    return cat;
}

Result<std::vector<WeightedTerm>> parse_terms(const json& list, const std::string& where) {
    if (!list.is_array()) return error_at(where, "expected a list of [\"term\", weight] pairs");
    std::vector<WeightedTerm> out;
    for (const auto& item : list) {
        if (!item.is_array() || item.size() != 2 || !item[0].is_string() || !item[1].is_number())
            return error_at(where, "expected [\"term\", weight], got " + item.dump());
        WeightedTerm t{item[0].get<std::string>(), item[1].get<double>()};
        if (t.text.empty()) return error_at(where, "an empty term");
        if (t.weight <= 0) return error_at(where, "term '" + t.text + "': the weight must be positive");
        out.push_back(std::move(t));
    }
    return out;
}

Result<std::map<std::string, TermsByLanguage>> parse_term_groups(const json& obj, const std::string& where) {
    if (!obj.is_object()) return error_at(where, "expected an object of name -> {language: terms}");
    std::map<std::string, TermsByLanguage> out;
    for (const auto& [name, by_lang] : obj.items()) {
        if (!by_lang.is_object()) return error_at(where + "." + name, "expected an object of language -> terms");
        for (const auto& [lang, list] : by_lang.items()) {
            auto terms = parse_terms(list, where + "." + name + "." + lang);
            if (!terms) return terms.error();
            out[name][lang] = std::move(*terms);
        }
    }
    return out;
}

Result<std::optional<Level>> level_at(const json& rule, const char* key, const std::string& where) {
    auto it = rule.find(key);
    if (it == rule.end() || it->is_null()) return std::optional<Level>();
    auto level = it->is_string() ? parse_level(it->get<std::string>()) : Result<Level>(make_error(Errc::parse, ""));
    if (!level) return error_at(where, std::string("'") + key + "' must be \"high\", \"medium\" or \"low\"");
    return std::optional<Level>(*level);
}

Result<std::vector<RiskRule>> parse_risk_rules(const json& list, const std::string& where) {
    if (!list.is_array()) return error_at(where, "expected a list of rules");
    std::vector<RiskRule> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& r = list[i];
        const std::string here = where + "[" + std::to_string(i) + "]";
        if (!r.is_object()) return error_at(here, "expected an object");
        RiskRule rule;
        auto id = string_at(r, "id", here);
        if (!id) return id.error();
        rule.id = *id;
        auto impact = level_at(r, "impact", here + " '" + rule.id + "'");
        if (!impact) return impact.error();
        auto urgency = level_at(r, "urgency", here + " '" + rule.id + "'");
        if (!urgency) return urgency.error();
        rule.impact = *impact;
        rule.urgency = *urgency;
        if (!rule.impact && !rule.urgency) return error_at(here + " '" + rule.id + "'", "raises neither impact nor urgency");
        auto groups = r.find("all_of");
        if (groups == r.end() || !groups->is_array() || groups->empty())
            return error_at(here + " '" + rule.id + "'", "'all_of' must be a non-empty list of term lists");
        for (const auto& g : *groups) {
            if (!g.is_array() || g.empty())
                return error_at(here + " '" + rule.id + "'", "each group of 'all_of' must be a non-empty list of terms");
            std::vector<std::string> terms;
            for (const auto& t : g) {
                if (!t.is_string() || t.get<std::string>().empty())
                    return error_at(here + " '" + rule.id + "'", "a term must be a non-empty string");
                terms.push_back(t.get<std::string>());
            }
            rule.all_of.push_back(std::move(terms));
        }
        out.push_back(std::move(rule));
    }
    return out;
}

Result<std::map<std::string, std::string>> parse_texts_by_language(const json& obj, const std::string& where) {
    if (!obj.is_object()) return error_at(where, "expected an object of language -> text");
    std::map<std::string, std::string> out;
    for (const auto& [lang, text] : obj.items()) {
        if (!text.is_string() || text.get<std::string>().empty())
            return error_at(where, "language '" + lang + "' needs a non-empty text");
        out[lang] = text.get<std::string>();
    }
    return out;
}

}  // namespace

Result<std::vector<Category>> parse_categories(std::string_view text, const std::string& file) {
    auto j = parse_object(text, file);
    if (!j) return j.error();
    auto it = j->find("categories");
    if (it == j->end() || !it->is_array() || it->empty())
        return error_at(file, "'categories' must be a non-empty list");
    std::vector<Category> out;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < it->size(); ++i) {
        auto cat = parse_category((*it)[i], file + ": categories[" + std::to_string(i) + "]");
        if (!cat) return cat.error();
        if (!seen.insert(cat->id).second) return error_at(file, "category '" + cat->id + "' is defined twice");
        out.push_back(std::move(*cat));
    }
    return out;
}

Result<ClassifierConfig> parse_classifier(std::string_view text, const std::string& file) {
    auto j = parse_object(text, file);
    if (!j) return j.error();
    ClassifierConfig c;
    auto min_score = number_at(*j, "min_score", file, 2.0);
    if (!min_score) return min_score.error();
    auto min_margin = number_at(*j, "min_margin", file, 1.0);
    if (!min_margin) return min_margin.error();
    if (*min_score <= 0 || *min_margin < 0) return error_at(file, "min_score must be positive and min_margin not negative");
    c.min_score = *min_score;
    c.min_margin = *min_margin;
    auto ask_below = number_at(*j, "ask_below", file, 0.7);
    if (!ask_below) return ask_below.error();
    if (!(*ask_below > 0 && *ask_below <= 1)) return error_at(file, "ask_below must be a probability above 0 and at most 1");
    c.ask_below = *ask_below;
    if (auto rules = j->find("rules_on_top"); rules != j->end()) {
        if (!rules->is_array()) return error_at(file, "rules_on_top must be a list of category ids");
        for (const auto& r : *rules) {
            if (!r.is_string()) return error_at(file, "rules_on_top must be a list of category ids");
            c.rules_on_top.push_back(r.get<std::string>());
        }
    }
    for (const char* group : {"types", "categories"}) {
        auto it = j->find(group);
        if (it == j->end()) return error_at(file, std::string("'") + group + "' is missing");
        auto parsed = parse_term_groups(*it, file + ": " + group);
        if (!parsed) return parsed.error();
        (std::string_view(group) == "types" ? c.types : c.categories) = std::move(*parsed);
    }
    if (auto rules = j->find("risk_rules"); rules != j->end()) {
        auto parsed = parse_risk_rules(*rules, file + ": risk_rules");
        if (!parsed) return parsed.error();
        c.risk_rules = std::move(*parsed);
    }
    for (const auto& [name, _] : c.types)
        if (!parse_ticket_type(name)) return error_at(file, "types." + name + ": must be incident or request");
    return c;
}

Result<std::vector<KbArticle>> parse_kb(std::string_view text, const std::string& file) {
    auto j = parse_object(text, file);
    if (!j) return j.error();
    auto it = j->find("articles");
    if (it == j->end() || !it->is_array()) return error_at(file, "'articles' must be a list");
    std::vector<KbArticle> out;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& a = (*it)[i];
        const std::string where = file + ": articles[" + std::to_string(i) + "]";
        if (!a.is_object()) return error_at(where, "expected an object");
        KbArticle art;
        auto id = string_at(a, "id", where);
        if (!id) return id.error();
        if (!is_identifier(*id)) return error_at(where, "id '" + *id + "' must use only a-z, 0-9, '_' and '-'");
        art.id = *id;
        const std::string here = file + ": article '" + art.id + "'";
        auto cat = string_at(a, "category", here, std::string());
        if (!cat) return cat.error();
        art.category = *cat;
        for (auto [key, dest] : {std::pair{"title", &art.title}, std::pair{"steps", &art.steps}}) {
            auto f = a.find(key);
            if (f == a.end()) return error_at(here, std::string("'") + key + "' is missing");
            auto texts = parse_texts_by_language(*f, here + " " + key);
            if (!texts) return texts.error();
            *dest = std::move(*texts);
        }
        out.push_back(std::move(art));
    }
    return out;
}

}  // namespace frontline
