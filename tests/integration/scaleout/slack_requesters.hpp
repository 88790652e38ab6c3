#pragma once
// The storm's Slack requesters, driven from the test thread against the fake Slack: each DMs the
// bot a problem and answers every question the bot posts in its DM (the offered button, or words
// where it asks in words) until the hand-off. Each input's event id (how the bot names the event:
// msg:<dm>:<ts> for a DM, act:<dm>:<user>:<action_ts> for a click) is recorded, so the test can
// find the posts that answer it by their outbox keys.
#include <chrono>
#include <string>
#include <vector>

#include "tests/fakes/slack/fake_slack.hpp"

namespace frontline::scaleout {

struct SlackRequester {
    std::string user;
    std::string dm;
    std::size_t handled_posts = 0;  ///< the DM's posts already looked at
    std::vector<std::string> event_ids;
    bool done = false;
    /// A person takes a moment to read and answer: no answer before this.
    std::chrono::steady_clock::time_point next_answer_at{};
};

class SlackRequesters {
public:
    SlackRequesters(fakes::FakeSlack& slack, int count);

    /// Each requester writes its first message.
    void report_all();
    /// One pass over every requester: answers what the bot asked since the last pass. Returns the
    /// number still in the flow.
    int step();
    const std::vector<SlackRequester>& requesters() const { return requesters_; }

private:
    fakes::FakeSlack& slack_;
    std::vector<SlackRequester> requesters_;
};

/// The outbox keys a bot post carries (all the rows folded into it), from its metadata.
std::vector<std::string> outbox_keys_of(const fakes::FakePost& post);

/// The input an outbox key answers, as "<platform>:<event id>": the engine's replies are keyed
/// "in:<platform>:<event id>:<n>", the hand-off's "handoff:<platform>:<event id>#<n>". "" for the
/// keys of timers and of anything else.
std::string input_answered_by(const std::string& key);

}  // namespace frontline::scaleout
