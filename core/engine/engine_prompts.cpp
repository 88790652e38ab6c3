// The question the user is expected to answer in each phase, with its buttons. The same prompt is
// used to ask, to ask again after bad input, and to check that a pressed button belongs to it.
#include "core/engine/turn_stages.hpp"

namespace frontline {
namespace {

void add(Prompt& p, std::string label, const std::string& value) {
    p.choices.push_back({std::move(label), p.step + "|" + value});
    p.values.push_back(value);
}

}  // namespace

// Another requester's ticket is described by what the desk decided about it (category, affected
// service), never by its title or description: those are that person's own words (issue 13).
std::string Prompts::neutral_description(const Ticket& other) const {
    const Category* c = cfg().category(other.category);
    std::string what = c ? t(c->label) : std::string();
    if (!other.affected_service.empty()) what += (what.empty() ? "" : ": ") + other.affected_service;
    return what;
}

Result<Prompt> Prompts::prompt() {
    Prompt p;
    switch (s().phase) {
        case Phase::idle: break;
        case Phase::confirm_type:
            p.step = "type";
            p.text = t("engine.ask_type");
            add(p, t("engine.type.incident"), "incident");
            add(p, t("engine.type.request"), "request");
            break;
        case Phase::confirm_category:
            p.step = "category";
            p.text = t("engine.ask_category");
            for (const auto& id : s().category_choices)
                if (const Category* c = cfg().category(id)) add(p, t(c->label), id);
            // A shortlist: the rest of the list is one button away.
            if (!s().category_choices.empty())
                if (const Category* first = cfg().category(s().category_choices.front())) {
                    std::size_t of_type = 0;
                    for (const auto& c : cfg().categories) of_type += c.type == first->type;
                    if (of_type > s().category_choices.size()) add(p, t("engine.category_other"), kOtherCategory);
                }
            break;
        case Phase::impact:
        case Phase::urgency: {
            const std::string what = s().phase == Phase::impact ? "impact" : "urgency";
            p.step = what;
            p.text = t("engine.ask_" + what);
            for (const char* level : {"low", "medium", "high"}) add(p, t("engine." + what + "." + level), level);
            break;
        }
        case Phase::flow: {
            const FlowNode& node = flow()->nodes.at(s().node);
            p.step = "node:" + node.id;
            switch (node.type) {
                case NodeType::choice:
                    p.text = t(node.text);
                    for (const auto& c : node.choices) add(p, t(c.label), c.value);
                    break;
                case NodeType::yes_no:
                    p.text = t(node.text);
                    add(p, t("engine.yes"), "yes");
                    add(p, t("engine.no"), "no");
                    break;
                case NodeType::fix:
                    p.text = node.text.empty() ? t("engine.fix_question") : t(node.text);
                    add(p, t("engine.fix_yes"), "yes");
                    add(p, t("engine.fix_no"), "no");
                    break;
                default:
                    p.text = t(node.text);
                    break;
            }
            break;
        }
        case Phase::similar: {
            p.step = "similar";
            auto other = repos().tickets.find_ticket(*s().similar);
            if (!other) return other.error();
            const TimePoint when = *other ? (*other)->reported_at : now();
            p.text = t(s().resume_node.empty() ? "engine.similar_offer" : "engine.outage_offer",
                       {{"id", s().similar->str()}, {"what", *other ? neutral_description(**other) : std::string()},
                        {"ago", st_.format_ago(when)}});
            add(p, t("engine.similar_yes"), "yes");
            add(p, t("engine.similar_no"), "no");
            break;
        }
        case Phase::contact_name:
        case Phase::contact_reach:
            p.step = s().phase == Phase::contact_name ? "contact_name" : "contact_reach";
            p.text = t(s().phase == Phase::contact_name ? "engine.contact.ask_name" : "engine.contact.ask_reach");
            add(p, t("engine.contact.skip"), "skip");
            break;
        case Phase::confirm_resolution:
            p.step = "resolved";
            p.text = t("engine.confirm_close");
            add(p, t("engine.close_yes"), "yes");
            add(p, t("engine.close_no"), "no");
            break;
    }
    return p;
}

Status Prompts::reprompt(const std::string& prefix_key, const TextVars& vars) {
    if (s().phase == Phase::idle) {
        if (!prefix_key.empty()) say(prefix_key, vars);
        return {};
    }
    auto p = prompt();
    if (!p) return p.error();
    st_.ask(*p, prefix_key, vars);
    return {};
}

Status Prompts::ask_current() {
    auto p = prompt();
    if (!p) return p.error();
    ask(*p);
    return {};
}

}  // namespace frontline
