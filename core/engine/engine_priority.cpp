// Prioritisation: impact x urgency through the matrix, with a floor from what the first message
// says (risk_rules.hpp): the answers can raise the priority, never lower it below the rule's, and a
// question whose answer cannot change anything (the floor is already at its highest) is not asked.
#include <nlohmann/json.hpp>

#include "core/engine/turn_stages.hpp"

namespace frontline {

std::optional<RiskFloor> Intake::risk_floor() const {
    // The description is the first message as the user wrote it.
    return assess_risk(cfg().classifier.risk_rules, st_.ticket()->description);
}

Status Intake::begin_priority() {
    const Category* c = cfg().category(tk()->category);
    if (c && c->fixed_priority) {
        if (c->restricted) {
            tk()->impact = Level::high;
            tk()->urgency = Level::high;
        }
        if (auto ok = apply_priority(*c->fixed_priority); !ok) return ok;
        return diagnosis().start_flow();
    }
    const auto floor = risk_floor();
    if (floor) {
        nlohmann::json details = {{"rules", floor->rules}};
        details["impact"] = floor->impact ? nlohmann::json(to_string(*floor->impact)) : nlohmann::json(nullptr);
        details["urgency"] = floor->urgency ? nlohmann::json(to_string(*floor->urgency)) : nlohmann::json(nullptr);
        if (auto ok = journal("risk", details.dump()); !ok) return ok;
        if (floor->impact == Level::high) {
            tk()->impact = Level::high;
            st_.ticket_changed();
            return ask_urgency();
        }
    }
    s().phase = Phase::impact;
    return prompts().ask_current();
}

Status Intake::set_impact(const std::string& value) {
    auto level = parse_level(value);
    if (!level) return prompts().reprompt("engine.bad.invalid_choice");
    changed();
    const auto floor = risk_floor();
    tk()->impact = floor && floor->impact ? higher_level(*level, *floor->impact) : *level;
    st_.ticket_changed();
    return ask_urgency();
}

Status Intake::ask_urgency() {
    const auto floor = risk_floor();
    if (floor && floor->urgency == Level::high) {
        tk()->urgency = Level::high;
        return finish_priority();
    }
    s().phase = Phase::urgency;
    return prompts().ask_current();
}

Status Intake::set_urgency(const std::string& value) {
    auto level = parse_level(value);
    if (!level) return prompts().reprompt("engine.bad.invalid_choice");
    changed();
    const auto floor = risk_floor();
    tk()->urgency = floor && floor->urgency ? higher_level(*level, *floor->urgency) : *level;
    return finish_priority();
}

Status Intake::finish_priority() {
    const Priority p = ctx().matrix.priority(tk()->impact, tk()->urgency);
    if (auto ok = apply_priority(p); !ok) return ok;
    say("engine.priority_set", {{"priority", std::string(to_string(p))},
                                {"target", st_.format_duration(ctx().sla.target(p).response)}});
    return diagnosis().start_flow();
}

Status Intake::apply_priority(Priority p) {
    tk()->priority = p;
    ctx().sla.apply(*tk());
    st_.ticket_changed();
    nlohmann::json details = {{"impact", to_string(tk()->impact)},
                              {"urgency", to_string(tk()->urgency)},
                              {"priority", to_string(p)}};
    return journal("priority", details.dump());
}

}  // namespace frontline
