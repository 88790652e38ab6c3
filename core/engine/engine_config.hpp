#pragma once
// The L1 engine's configuration as values: categories, classifier, diagnosis flows, knowledge base
// and message catalog. Parsed from JSON text (config_parsers.hpp) and cross-checked
// (config_validation.hpp) before the engine is built; the engine trusts it afterwards.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <memory>

#include "core/clock.hpp"
#include "core/engine/catalog.hpp"
#include "core/engine/risk_rules.hpp"
#include "core/engine/triage_model.hpp"
#include "core/platform.hpp"
#include "core/ticket.hpp"

namespace frontline {

/// A category of incident or request: which flow diagnoses it and where it escalates.
struct Category {
    std::string id;
    TicketType type = TicketType::incident;
    std::string label;  ///< locale key
    std::vector<std::string> subcategories;
    std::string flow;   ///< flow id
    Tier default_tier = Tier::l2;
    bool restricted = false;  ///< data-breach policy: no self-help, P1, L3, details kept private
    std::optional<Priority> fixed_priority;
    /// Categories whose open incidents may be the same problem worded differently ("no wifi" is
    /// network, "the wifi is down for everyone" an outage): the similar-incident search covers them.
    std::vector<std::string> related;
};

/// A keyword (whole word; a trailing '*' matches any ending) or a phrase (substring on word bounds).
struct WeightedTerm {
    std::string text;
    double weight = 0;
};

/// Terms per language code.
using TermsByLanguage = std::map<std::string, std::vector<WeightedTerm>>;

struct ClassifierConfig {
    double min_score = 2.0;
    double min_margin = 1.0;
    std::map<std::string, TermsByLanguage> types;       ///< "incident" / "request"
    std::map<std::string, TermsByLanguage> categories;  ///< category id
    /// The trained model (engine.triage_model_file); without one the weighted terms decide alone.
    std::shared_ptr<const TriageModel> model;
    /// Below this probability the engine asks instead of guessing (classifier.json "ask_below").
    double ask_below = 0.7;
    /// Categories the terms decide even when the model disagrees: a rule that is truly better
    /// (a data-breach phrase) stays on top (classifier.json "rules_on_top").
    std::vector<std::string> rules_on_top;
    /// Floors under impact and urgency from what the first message says (classifier.json "risk_rules").
    std::vector<RiskRule> risk_rules;
    /// Each category's type, "incident" or "request" (filled from categories.json).
    std::map<std::string, std::string> category_types;
};

enum class NodeType { message, choice, yes_no, text, branch, fix, set, escalate, resolve };

struct FlowChoice {
    std::string label;  ///< locale key
    std::string value;
    std::string next;
};

struct BranchCase {
    std::string equals;  ///< exact, case-insensitive
    std::string match;   ///< ECMAScript regex, case-insensitive
    std::string next;
};

/// An answer a question node takes from the first message instead of asking ("down for everyone"
/// answers "do colleagues have it too?"): the first `match` (ECMAScript regex, case-insensitive) that
/// fits the message gives `value` (a choice's value, or yes / no).
struct TextFill {
    std::string match;
    std::string value;
};

struct TextValidation {
    std::size_t min_length = 1;     ///< code points
    std::size_t max_length = 2000;  ///< code points
    std::string pattern;            ///< ECMAScript regex the whole answer must contain; empty = any
};

/// One node of a diagnosis flow; which members matter depends on `type` (docs/flows.md).
struct FlowNode {
    std::string id;
    NodeType type = NodeType::message;
    std::string text;   ///< locale key of the message or question
    std::string field;  ///< answer name (question nodes, branch, set)
    std::string next;
    std::string yes;
    std::string no;
    std::string error;  ///< locale key for an invalid text answer
    std::string kb;     ///< fix: article id
    std::string value;  ///< set: the value stored
    std::string code;   ///< resolve: resolution code
    std::string default_next;  ///< branch
    std::optional<Tier> tier;  ///< escalate
    std::vector<FlowChoice> choices;
    std::vector<BranchCase> cases;
    std::vector<TextFill> from_text;  ///< choice and yes_no nodes
    TextValidation validate;
};

struct Flow {
    std::string id;
    std::string file;  ///< where it was read from, for error messages
    std::string start;
    std::map<std::string, FlowNode> nodes;
    /// A digest of the file's text: a conversation keeps the version it started on, so an edited
    /// flow applies to new conversations while running ones finish on theirs.
    std::string version;
    std::string definition;  ///< the file's text, stored with the version so it can be read back
};

/// A known fix in every shipped language.
struct KbArticle {
    std::string id;
    std::string category;
    std::map<std::string, std::string> title;  ///< by language
    std::map<std::string, std::string> steps;  ///< by language
};

/// Engine timing and search settings (from frontline.json engine.*).
struct EngineSettings {
    std::string default_locale = "en";
    Seconds idle_reminder{30 * 60};
    Seconds abandon{4 * 60 * 60};
    Seconds similar_window{24 * 60 * 60};  ///< how far back similar open incidents are searched
    FileLimits files;                       ///< attachments.max_per_ticket and max_bytes
};

struct EngineConfig {
    std::vector<Category> categories;
    ClassifierConfig classifier;
    std::map<std::string, Flow> flows;
    std::map<std::string, KbArticle> kb;
    Catalog catalog;
    EngineSettings settings;
    /// The running platforms and what their profiles tell (names, contact details): before a
    /// hand-off the bot asks only what the person's platform does not tell. A platform missing here
    /// (a test's console) is asked nothing.
    PlatformCapabilitiesMap platforms;

    const Category* category(const std::string& id) const;
    const Flow* flow(const std::string& id) const;
    const KbArticle* article(const std::string& id) const;
};

}  // namespace frontline
