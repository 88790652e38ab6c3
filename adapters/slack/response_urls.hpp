#pragma once
// The response_url of each message a user clicked a button on, kept so that the change the click
// causes (the answered question losing its buttons) goes back through it with replace_original
// instead of a chat.update. Slack honours one up to 5 times within 30 minutes of the click.
// https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace frontline::slack {

class ResponseUrls {
public:
    using Clock = std::chrono::steady_clock;
    /// Uses and lifetime Slack allows; we stop a little before the end of the lifetime, so a
    /// call in flight does not arrive after it.
    static constexpr int kMaxUses = 5;
    static constexpr std::chrono::minutes kLifetime{29};
    static constexpr std::size_t kMaxKept = 20000;

    /// A click on message `message` ("channel:ts") came with `url`; a later click's url replaces it.
    void remember(const std::string& message, std::string url, Clock::time_point now);
    /// The url to change `message` through, counting one use; nullopt when none is usable.
    std::optional<std::string> take(const std::string& message, Clock::time_point now);
    /// Slack refused the url (expired, used up): never offer it again.
    void forget(const std::string& message);
    std::size_t size() const { return urls_.size(); }

private:
    struct Entry {
        std::string url;
        Clock::time_point received;
        int uses = 0;
    };
    std::map<std::string, Entry> urls_;
    std::deque<std::pair<std::string, Clock::time_point>> order_;  ///< oldest first, for forgetting
};

}  // namespace frontline::slack
