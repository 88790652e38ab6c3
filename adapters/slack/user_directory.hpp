#pragma once
// users.info and conversations.open answers, cached: the name, language, zone and e-mail of the
// people who write to us, and the DM channel of each user we answer.
#include <chrono>
#include <map>
#include <string>

#include "adapters/slack/web_api_client.hpp"

namespace frontline::slack {

class UserDirectory {
public:
    explicit UserDirectory(WebApiClient& api, std::chrono::minutes ttl = std::chrono::minutes(60)) : api_(api), ttl_(ttl) {}

    /// The profile of `user`, from the cache when fresh; an error when Slack cannot tell.
    net::awaitable<Result<UserProfile>> profile(std::string user);
    /// The D… channel of a DM with `user` (conversations.open), cached for the process's life.
    net::awaitable<Result<std::string>> dm_channel(std::string user, std::chrono::milliseconds max_wait);

private:
    struct Cached {
        UserProfile profile;
        std::chrono::steady_clock::time_point fetched;
    };
    WebApiClient& api_;
    std::chrono::minutes ttl_;
    std::map<std::string, Cached> profiles_;
    std::map<std::string, std::string> dms_;
};

}  // namespace frontline::slack
