#include "core/engine/config_validation.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include "core/engine/config_parsers.hpp"
#include "core/engine/engine_texts.hpp"

namespace frontline {
namespace {

Error fail(const std::string& where, const std::string& reason) { return make_error(Errc::parse, where + ": " + reason); }

/// The key must exist in every language of the catalog.
Status need_key(const Catalog& catalog, const std::string& key, const std::string& where) {
    for (const auto& lang : catalog.languages())
        if (!catalog.has(lang, key)) return fail(where, "text '" + key + "' has no translation in locale '" + lang + "'");
    return {};
}

Status need_regex(const std::string& pattern, const std::string& where) {
    if (pattern.empty()) return {};
    try {
        std::regex re(pattern, std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error& e) {
        return fail(where, "bad regex '" + pattern + "': " + e.what());
    }
    return {};
}

/// Every node id a node can go to next.
std::vector<std::string> exits_of(const FlowNode& n) {
    std::vector<std::string> out;
    for (const auto* s : {&n.next, &n.yes, &n.no, &n.default_next})
        if (!s->empty()) out.push_back(*s);
    for (const auto& c : n.choices) out.push_back(c.next);
    for (const auto& c : n.cases) out.push_back(c.next);
    return out;
}

Status check_node_texts(const FlowNode& n, const EngineConfig& config, const std::string& where) {
    const Catalog& cat = config.catalog;
    for (const auto* key : {&n.text, &n.error})
        if (!key->empty())
            if (auto s = need_key(cat, *key, where); !s) return s;
    for (const auto& c : n.choices)
        if (auto s = need_key(cat, c.label, where); !s) return s;
    if (n.type == NodeType::fix) {
        const KbArticle* a = config.article(n.kb);
        if (!a) return fail(where, "unknown kb article '" + n.kb + "'");
        for (const auto& lang : cat.languages())
            if (!a->title.count(lang) || !a->steps.count(lang))
                return fail(where, "kb article '" + n.kb + "' has no '" + lang + "' translation");
    }
    if (auto s = need_regex(n.validate.pattern, where); !s) return s;
    for (const auto& f : n.from_text) {
        if (auto s = need_regex(f.match, where + " from_text"); !s) return s;
        const bool known = n.type == NodeType::yes_no
                               ? (f.value == "yes" || f.value == "no")
                               : std::any_of(n.choices.begin(), n.choices.end(),
                                             [&](const FlowChoice& c) { return c.value == f.value; });
        if (!known) return fail(where + " from_text", "value '" + f.value + "' is not an answer of this question");
    }
    for (const auto& c : n.cases)
        if (auto s = need_regex(c.match, where); !s) return s;
    return {};
}

}  // namespace

Status validate_flow(const Flow& flow, const EngineConfig& config) {
    const std::string& file = flow.file;
    if (!flow.nodes.count(flow.start)) return fail(file, "start node '" + flow.start + "' does not exist");
    for (const auto& [id, node] : flow.nodes) {
        const std::string where = file + ": node '" + id + "'";
        for (const auto& target : exits_of(node))
            if (!flow.nodes.count(target)) return fail(where, "refers to unknown node '" + target + "'");
        if (auto s = check_node_texts(node, config, where); !s) return s;
    }
    // Walk backwards from the ends: a node that cannot reach escalate or resolve traps the user.
    std::set<std::string> can_finish;
    for (const auto& [id, node] : flow.nodes)
        if (node.type == NodeType::escalate || node.type == NodeType::resolve) can_finish.insert(id);
    for (bool grew = true; grew;) {
        grew = false;
        for (const auto& [id, node] : flow.nodes) {
            if (can_finish.count(id)) continue;
            for (const auto& target : exits_of(node)) {
                if (can_finish.count(target)) {
                    can_finish.insert(id);
                    grew = true;
                    break;
                }
            }
        }
    }
    for (const auto& [id, node] : flow.nodes)
        if (!can_finish.count(id))
            return fail(file + ": node '" + id + "'", "no path to an escalate or resolve node (a loop with no exit?)");
    return {};
}

Status validate_engine_config(const EngineConfig& config, const EngineConfigSources& sources) {
    const Catalog& cat = config.catalog;
    if (cat.languages().empty()) return fail(sources.locales, "no locale files found");
    if (!cat.has_language(config.settings.default_locale))
        return fail(sources.locales, "the default locale '" + config.settings.default_locale + "' has no texts");
    for (const auto& key : engine_text_keys())
        if (auto s = need_key(cat, key, sources.locales); !s) return s;

    for (const auto& c : config.categories) {
        const std::string where = sources.categories + ": category '" + c.id + "'";
        const Flow* flow = config.flow(c.flow);
        if (!flow) return fail(where, "flow '" + c.flow + "' does not exist");
        if (auto s = need_key(cat, c.label, where); !s) return s;
        for (const auto& r : c.related) {
            const Category* other = config.category(r);
            if (!other) return fail(where, "related category '" + r + "' does not exist");
            // A restricted category's reports are never linked to others (their details stay private).
            if (other->restricted || c.restricted) return fail(where, "a restricted category has no related categories");
        }
        if (c.restricted) {
            // Data-breach policy: no self-help, so no known-fix nodes.
            for (const auto& [id, node] : flow->nodes)
                if (node.type == NodeType::fix || node.type == NodeType::resolve)
                    return fail(flow->file + ": node '" + id + "'",
                                "the restricted category '" + c.id + "' allows no self-help (" +
                                    std::string(to_string(node.type)) + " node)");
        }
    }
    for (const auto& [id, _] : config.classifier.categories)
        if (!config.category(id)) return fail(sources.classifier, "categories." + id + ": unknown category");
    for (const auto& id : config.classifier.rules_on_top)
        if (!config.category(id)) return fail(sources.classifier, "rules_on_top: unknown category '" + id + "'");
    if (config.classifier.model)
        for (const auto& id : config.classifier.model->category_labels())
            if (!config.category(id))
                return fail(sources.triage_model, "the model was trained on the unknown category '" + id +
                                                      "' (fix the corpus and run `frontline train`)");
    for (const auto& [id, flow] : config.flows)
        if (auto s = validate_flow(flow, config); !s) return s;
    for (const auto& [id, a] : config.kb) {
        if (!a.category.empty() && !config.category(a.category))
            return fail("kb article '" + id + "'", "unknown category '" + a.category + "'");
        for (const auto& lang : cat.languages())
            if (!a.title.count(lang) || !a.steps.count(lang))
                return fail("kb article '" + id + "'", "has no '" + lang + "' translation");
    }
    return {};
}

}  // namespace frontline
