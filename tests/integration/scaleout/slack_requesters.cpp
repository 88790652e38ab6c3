#include "tests/integration/scaleout/slack_requesters.hpp"

#include <string_view>

#include <nlohmann/json.hpp>

#include "tests/integration/scaleout/scaleout_world.hpp"

namespace frontline::scaleout {

using nlohmann::json;

SlackRequesters::SlackRequesters(fakes::FakeSlack& slack, int count) : slack_(slack) {
    for (int i = 0; i < count; ++i) {
        const auto user = World::slack_user(i);
        slack_.add_user({user, "req" + std::to_string(i), "Requester " + std::to_string(i), "", "en-US", "Europe/Rome"});
        requesters_.push_back({user, slack_.dm_channel_of(user), 0, {}, false});
    }
}

void SlackRequesters::report_all() {
    for (auto& r : requesters_) {
        const auto ts = slack_.user_dm(r.user, "The wifi in the office keeps disconnecting");
        r.event_ids.push_back("msg:" + r.dm + ":" + ts);
    }
}

int SlackRequesters::step() {
    static const char* kPrefer[] = {"My team", "I'm blocked", "Wi-Fi", "In the office", "Yes"};
    int left = 0;
    const auto now = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < requesters_.size(); ++i) {
        auto& r = requesters_[i];
        if (r.done) continue;
        if (now < r.next_answer_at) {
            ++left;
            continue;
        }
        const auto think = std::chrono::milliseconds(700 + 90 * static_cast<int>(i % 7));
        const auto posts = slack_.posts_in(r.dm);
        for (; r.handled_posts < posts.size() && !r.done; ++r.handled_posts) {
            const auto& p = posts[r.handled_posts];
            if (p.ephemeral) continue;
            if (p.text.find("passed") != std::string::npos) {
                r.done = true;
                break;
            }
            if (!p.buttons.empty()) {
                std::string label = p.buttons.front().label;
                bool found = false;
                for (const char* want : kPrefer)
                    for (const auto& b : p.buttons)
                        if (!found && b.label == want) {
                            label = b.label;
                            found = true;
                        }
                auto envelope = slack_.click(r.user, r.dm, p.ts, label);
                if (!envelope) continue;
                const auto payload = json::parse(slack_.envelope_payload(*envelope));
                r.event_ids.push_back("act:" + r.dm + ":" + r.user + ":" + payload["actions"][0]["action_ts"].get<std::string>());
                ++r.handled_posts;
                r.next_answer_at = now + think;
                break;  // the next question comes after the answer
            }
            if (!p.text.empty() && p.text.back() == '?') {
                const auto ts = slack_.user_dm(r.user, "Building A, third floor, meeting room Tevere");
                r.event_ids.push_back("msg:" + r.dm + ":" + ts);
                ++r.handled_posts;
                r.next_answer_at = now + think;
                break;
            }
        }
        if (!r.done) ++left;
    }
    return left;
}

std::vector<std::string> outbox_keys_of(const fakes::FakePost& post) {
    if (post.metadata_json.empty()) return {};
    const auto payload = json::parse(post.metadata_json)["event_payload"];
    if (payload.contains("keys")) return payload["keys"].get<std::vector<std::string>>();
    return {payload["key"].get<std::string>()};
}

std::string input_answered_by(const std::string& key) {
    for (const std::string_view prefix : {"in:", "handoff:"}) {
        if (!key.starts_with(prefix) || key.starts_with("handoff:timer:")) continue;
        const auto end = key.find_last_of(prefix == "in:" ? ':' : '#');
        if (end == std::string::npos || end <= prefix.size()) return {};
        return key.substr(prefix.size(), end - prefix.size());
    }
    return {};
}

}  // namespace frontline::scaleout
