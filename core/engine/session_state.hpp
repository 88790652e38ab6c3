#pragma once
// One user's conversation with the L1 engine, persisted as JSON through SessionRepository so a
// restart resumes mid-conversation.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/message.hpp"
#include "core/result.hpp"
#include "core/ticket_id.hpp"

namespace frontline {

/// Where the conversation stands: which question the user is expected to answer.
enum class Phase {
    idle,                ///< nothing in progress: the next text is a new problem
    confirm_type,        ///< asked: broken or something new?
    confirm_category,    ///< asked: which category?
    impact,              ///< asked: who is affected?
    urgency,             ///< asked: how much does it hold you up?
    flow,                ///< in the category's diagnosis flow, at `node`
    similar,             ///< offered to link to a similar open incident
    confirm_resolution,  ///< resolved by a known fix: may we close?
    contact_name,        ///< before the hand-off: asked the person's name
    contact_reach,       ///< before the hand-off: asked an e-mail address or phone number
};

struct SessionState {
    Phase phase = Phase::idle;
    std::string locale;
    Address where;                       ///< where to answer, also for timers
    std::optional<TicketId> ticket;      ///< the draft ticket once logged
    std::string pending_text;            ///< the description while the type is asked (not yet logged)
    std::string pending_type;            ///< chosen or detected type before logging
    std::vector<std::string> category_choices;  ///< offered categories, best first
    std::string flow;
    std::string flow_version;            ///< the version of `flow` this conversation started on
    std::string node;
    std::map<std::string, std::string> answers;  ///< field -> value, for branches
    std::optional<TicketId> similar;     ///< the incident offered for linking
    /// With `similar` offered during the diagnosis (a known outage, e.g. opened by monitoring): the
    /// flow node to go on from when the user says theirs is different. Empty: offered at the end.
    std::string resume_node;
    bool outage_offered = false;         ///< a known outage was offered in this diagnosis (once is enough)
    bool wants_agent = false;            ///< "agent" said before anything was logged
    /// "new problem" said while another ticket is with the people: the next text is a new problem
    /// for the L1 bot, not a message for that ticket's agent.
    bool wants_new_problem = false;
    bool reminded = false;               ///< the idle reminder went out for this wait
    int turn = 0;                        ///< counts handled inputs; timers carry it to spot stale ones
    // The latest message of ours with buttons, so that once answered or superseded its buttons give
    // way to plain text (platforms with edits update it in place): only the live question has buttons.
    std::string asked_key;               ///< its message_key; empty when no buttons are live
    std::string asked_text;              ///< the question without any "sorry" prefix
    std::string asked_step;              ///< the payload prefix of its buttons ("impact", "lang", ...)
    /// While contact details are asked: the hand-off they precede (its reason, and the flow node's
    /// tier, "" for the category's default), done once they are given or skipped.
    std::string handoff_reason;
    std::string handoff_tier;
};

std::string to_json_text(const SessionState& s);
/// Reads what to_json_text wrote; a damaged or old state is an error (the engine starts afresh).
Result<SessionState> session_from_json_text(const std::string& text);

std::string_view to_string(Phase p);

}  // namespace frontline
