// The category's diagnosis flow: walking the graph, asking its questions, recording every answer as
// a symptom in the order asked, and offering known fixes.
#include <regex>

#include <nlohmann/json.hpp>

#include "core/engine/engine_turn.hpp"
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

}  // namespace

Status Turn::start_flow() {
    const Category* c = cfg_.category(ticket_->category);
    if (!c) return escalate("no_category", std::nullopt);
    if (ticket_->status == TicketStatus::new_)
        if (auto s = move(TicketStatus::in_diagnosis, Actor::bot()); !s) return s;
    s_.flow = c->flow;
    s_.answers.clear();
    s_.phase = Phase::flow;
    return advance(cfg_.flow(c->flow)->start);
}

Status Turn::advance(std::string id) {
    const Flow& flow = *cfg_.flow(s_.flow);
    for (int step = 0; step < kMaxAutomaticSteps; ++step) {
        const FlowNode& n = flow.nodes.at(id);
        s_.node = id;
        switch (n.type) {
            case NodeType::message:
                say(n.text);
                id = n.next;
                continue;
            case NodeType::set: {
                s_.answers[n.field] = n.value;
                if (n.field == "affected_service") ticket_->affected_service = n.value;
                if (n.field == "subcategory") ticket_->subcategory = n.value;
                ticket_dirty_ = true;
                if (auto s = journal("field", nlohmann::json{{"field", n.field}, {"value", n.value}}.dump()); !s) return s;
                id = n.next;
                continue;
            }
            case NodeType::branch: {
                const auto it = s_.answers.find(n.field);
                const std::string value = it == s_.answers.end() ? std::string() : it->second;
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
                const KbArticle& a = *cfg_.article(n.kb);
                say("engine.fix_offer", {{"title", a.title.at(s_.locale)}, {"steps", a.steps.at(s_.locale)}});
                [[fallthrough]];
            }
            case NodeType::choice:
            case NodeType::yes_no:
            case NodeType::text: {
                auto p = prompt();
                if (!p) return p.error();
                ask(*p);
                return {};
            }
            case NodeType::escalate:
                if (!n.text.empty()) say(n.text);
                return before_escalation(n.tier);
            case NodeType::resolve:
                return resolve_by_fix(n.code, n.text);
        }
    }
    return escalate("flow_loop", std::nullopt);
}

Status Turn::answer_node(const std::string& value, const std::string&) {
    const FlowNode& n = cfg_.flow(s_.flow)->nodes.at(s_.node);
    const std::string question = n.type == NodeType::fix ? std::string() : t(n.text);
    const std::string field = n.field.empty() ? n.id : n.field;
    switch (n.type) {
        case NodeType::choice:
            for (const auto& c : n.choices) {
                if (c.value != value) continue;
                changed();
                if (auto s = record_symptom(n.id, question, t(c.label)); !s) return s;
                s_.answers[field] = value;
                return advance(c.next);
            }
            return reprompt("engine.bad.invalid_choice");
        case NodeType::yes_no:
        case NodeType::fix: {
            const bool yes = value == "yes";
            changed();
            const std::string label =
                n.type == NodeType::fix
                    ? t("engine.fix_symptom", {{"title", cfg_.article(n.kb)->title.at(s_.locale)}})
                    : question;
            if (auto s = record_symptom(n.id, label, t(yes ? "engine.yes" : "engine.no")); !s) return s;
            s_.answers[field] = yes ? "yes" : "no";
            if (n.type == NodeType::fix && yes) s_.answers["fixed_by"] = n.kb;
            return advance(yes ? n.yes : n.no);
        }
        case NodeType::text: {
            const std::size_t len = utf8_length(value);
            bool ok = len >= n.validate.min_length && len <= n.validate.max_length;
            if (ok && !n.validate.pattern.empty()) {
                const std::regex re(n.validate.pattern, std::regex::ECMAScript | std::regex::icase);
                ok = std::regex_search(value, re);
            }
            if (!ok) return reprompt(n.error.empty() ? "engine.bad.text_invalid" : n.error);
            changed();
            if (auto s = record_symptom(n.id, question, value); !s) return s;
            s_.answers[field] = value;
            return advance(n.next);
        }
        default:
            return reprompt();
    }
}

Status Turn::record_symptom(const std::string& node_id, const std::string& question, const std::string& answer) {
    ticket_->symptoms.push_back({node_id, question, answer});
    ticket_dirty_ = true;
    return journal("symptom", nlohmann::json{{"question", node_id}, {"label", question}, {"answer", answer}}.dump());
}

}  // namespace frontline
