#include "adapters/slack/user_directory.hpp"

namespace frontline::slack {

namespace {
// Built outside the coroutines: GCC 12 miscompiles string-literal initializer lists in a coroutine
// frame ("array used as initializer").
std::string users_info_form(const std::string& user) {
    return WebApiClient::form({{"user", user}, {"include_locale", "true"}});
}
std::string conversations_open_form(const std::string& user) { return WebApiClient::form({{"users", user}}); }

Error error_of(const ApiAnswer& a, const std::string& method) {
    return make_error(errc_of(a.status.verdict), "slack " + method + ": " + a.status.error);
}
}  // namespace

net::awaitable<Result<UserProfile>> UserDirectory::profile(std::string user) {
    const auto now = std::chrono::steady_clock::now();
    if (const auto it = profiles_.find(user); it != profiles_.end() && now - it->second.fetched < ttl_)
        co_return it->second.profile;
    // include_locale: without it users.info leaves the locale out.
    auto a = co_await api_.call_form("users.info", users_info_form(user),
                                     WebApiClient::Token::bot, std::chrono::milliseconds(0));
    if (!a.ok()) co_return error_of(a, "users.info");
    auto p = parse_users_info(a.body);
    if (!p) co_return p.error();
    profiles_[user] = Cached{*p, now};
    co_return *p;
}

net::awaitable<Result<std::string>> UserDirectory::dm_channel(std::string user, std::chrono::milliseconds max_wait) {
    if (const auto it = dms_.find(user); it != dms_.end()) co_return it->second;
    auto a = co_await api_.call_form("conversations.open", conversations_open_form(user),
                                     WebApiClient::Token::bot, max_wait);
    if (!a.ok()) co_return error_of(a, "conversations.open");
    auto channel = parse_conversations_open(a.body);
    if (!channel) co_return channel.error();
    dms_[user] = *channel;
    co_return *channel;
}

}  // namespace frontline::slack
