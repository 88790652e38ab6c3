// The category's diagnosis flow: walking the graph, asking its questions, recording every answer as
// a symptom in the order asked, and offering known fixes.
#include <regex>

#include <nlohmann/json.hpp>

#include "core/engine/turn_stages.hpp"
#include "core/text.hpp"

namespace frontline {
namespace {

/// Nodes that need no answer (message, set, branch) are followed at most this many times in a row;
/// validation rules out loops with no exit, this rules out a loop that never asks anything.
constexpr int kMaxAutomaticSteps = 200;

bool case_fits(const BranchCase& c, const std::string& value) {
    if (!c.equals.empty() && ascii_lower(c.equals) == ascii_lower(value)) return true;
    if (!c.match.empty()) {
        const std::regex re(c.match, std::regex::ECMAScript | std::regex::icase);
        if (std::regex_search(value, re)) return true;
    }
    return false;
}

/// The value a node's `from_text` takes from the ticket's first message, if one fits.
std::optional<std::string> answer_in_message(const FlowNode& n, const std::string& message) {
    for (const auto& f : n.from_text) {
        const std::regex re(f.match, std::regex::ECMAScript | std::regex::icase);
        if (std::regex_search(message, re)) return f.value;
    }
    return std::nullopt;
}

}  // namespace

Status Diagnosis::start_flow() {
    const Category* c = cfg().category(tk()->category);
    if (!c) return outcome().escalate("no_category", std::nullopt);
    if (tk()->status == TicketStatus::new_)
        if (auto ok = move(TicketStatus::in_diagnosis, Actor::bot()); !ok) return ok;
    if (auto ok = st_.start_flow(*cfg().flow(c->flow)); !ok) return ok;
    s().answers.clear();
    s().outage_offered = false;
    s().phase = Phase::flow;
    // A known outage is offered before the first question, not after all of them.
    const std::string start = flow()->start;
    auto offered = outcome().offer_known_outage(start);
    if (!offered) return offered.error();
    if (*offered) return {};
    return advance(start);
}

Status Diagnosis::resume_flow(const std::string& node) {
    s().phase = Phase::flow;
    return advance(node);
}

Status Diagnosis::advance(std::string id) {
    const Flow& graph = *flow();
    for (int step = 0; step < kMaxAutomaticSteps; ++step) {
        const FlowNode& n = graph.nodes.at(id);
        s().node = id;
        switch (n.type) {
            case NodeType::message:
                say(n.text);
                id = n.next;
                continue;
            case NodeType::set: {
                s().answers[n.field] = n.value;
                if (n.field == "affected_service") tk()->affected_service = n.value;
                if (n.field == "subcategory") tk()->subcategory = n.value;
                st_.ticket_changed();
                if (auto ok = journal("field", nlohmann::json{{"field", n.field}, {"value", n.value}}.dump()); !ok) return ok;
                id = n.next;
                // The flow has just named the service: a known outage of it is offered now.
                if (n.field == "affected_service") {
                    auto offered = outcome().offer_known_outage(id);
                    if (!offered) return offered.error();
                    if (*offered) return {};
                }
                continue;
            }
            case NodeType::branch: {
                const auto it = s().answers.find(n.field);
                const std::string value = it == s().answers.end() ? std::string() : it->second;
                id = n.default_next;
                for (const auto& c : n.cases) {
                    if (case_fits(c, value)) {
                        id = c.next;
                        break;
                    }
                }
                continue;
            }
            case NodeType::fix: {
                const KbArticle& a = *cfg().article(n.kb);
                say("engine.fix_offer", {{"title", a.title.at(s().locale)}, {"steps", a.steps.at(s().locale)}});
                [[fallthrough]];
            }
            case NodeType::choice:
            case NodeType::yes_no:
                // Already said in the first message ("my laptop...", "down for everyone"): not asked.
                if (auto said = answer_in_message(n, tk()->description)) return answer_node(*said);
                return prompts().ask_current();
            case NodeType::text: {
                return prompts().ask_current();
            }
            case NodeType::escalate:
                if (!n.text.empty()) say(n.text);
                return outcome().before_escalation(n.tier);
            case NodeType::resolve:
                return outcome().resolve_by_fix(n.code, n.text);
        }
    }
    return outcome().escalate("flow_loop", std::nullopt);
}

Status Diagnosis::answer_node(const std::string& value) {
    const FlowNode& n = flow()->nodes.at(s().node);
    const std::string question = n.type == NodeType::fix ? std::string() : t(n.text);
    const std::string field = n.field.empty() ? n.id : n.field;
    switch (n.type) {
        case NodeType::choice:
            for (const auto& c : n.choices) {
                if (c.value != value) continue;
                changed();
                if (auto ok = record_symptom(n.id, question, t(c.label)); !ok) return ok;
                s().answers[field] = value;
                return advance(c.next);
            }
            return prompts().reprompt("engine.bad.invalid_choice");
        case NodeType::yes_no:
        case NodeType::fix: {
            const bool yes = value == "yes";
            changed();
            const std::string label =
                n.type == NodeType::fix
                    ? t("engine.fix_symptom", {{"title", cfg().article(n.kb)->title.at(s().locale)}})
                    : question;
            if (auto ok = record_symptom(n.id, label, t(yes ? "engine.yes" : "engine.no")); !ok) return ok;
            s().answers[field] = yes ? "yes" : "no";
            if (n.type == NodeType::fix && yes) s().answers["fixed_by"] = n.kb;
            return advance(yes ? n.yes : n.no);
        }
        case NodeType::text: {
            const std::size_t len = utf8_length(value);
            bool valid = len >= n.validate.min_length && len <= n.validate.max_length;
            if (valid && !n.validate.pattern.empty()) {
                const std::regex re(n.validate.pattern, std::regex::ECMAScript | std::regex::icase);
                valid = std::regex_search(value, re);
            }
            if (!valid) return prompts().reprompt(n.error.empty() ? "engine.bad.text_invalid" : n.error);
            changed();
            if (auto ok = record_symptom(n.id, question, value); !ok) return ok;
            s().answers[field] = value;
            return advance(n.next);
        }
        default:
            return prompts().reprompt();
    }
}

Status Diagnosis::record_symptom(const std::string& node_id, const std::string& question, const std::string& answer) {
    tk()->symptoms.push_back({node_id, question, answer});
    st_.ticket_changed();
    return journal("symptom", nlohmann::json{{"question", node_id}, {"label", question}, {"answer", answer}}.dump());
}

}  // namespace frontline
