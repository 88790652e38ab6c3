#pragma once
// Calls Slack Web API methods over net::HttpClient and classifies the answers. Honours 429 +
// Retry-After per method: a method told to wait is not called again before its time.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "adapters/net/http_client.hpp"
#include "adapters/slack/slack_settings.hpp"
#include "adapters/slack/web_api_codec.hpp"
#include "core/clock.hpp"

namespace frontline::slack {

/// A classified answer with its body (for the method's own parser).
struct ApiAnswer {
    ApiStatus status;
    std::string body;
    bool ok() const { return status.verdict == ApiVerdict::ok; }
};

/// The bytes of a file from Slack's file host, and the type its answer declared.
struct DownloadedFile {
    std::string bytes;
    std::string media_type;
};

class WebApiClient {
public:
    enum class Token { bot, app };

    /// `clock` reads a Retry-After given as a date (the service's clock, tests' manual one).
    WebApiClient(net::Executor executor, net::TlsContextPtr tls, const SlackSettings& settings, const Clock& clock);

    /// POSTs a JSON body (chat.* methods). When the method is paused by an earlier 429, waits up to
    /// `max_wait`, else answers rate_limited with the time left, without calling Slack.
    net::awaitable<ApiAnswer> call_json(std::string method, std::string json_body, Token token,
                                        std::chrono::milliseconds max_wait);
    /// POSTs form fields (read methods such as users.info, which do not take JSON bodies).
    net::awaitable<ApiAnswer> call_form(std::string method, std::string form_body, Token token,
                                        std::chrono::milliseconds max_wait);

    /// POSTs a JSON body to a click's response_url (no token: the url is the credential). Only urls
    /// on Slack's hosts or on the configured API host are called; others answer rejected.
    net::awaitable<ApiAnswer> post_to_response_url(std::string url, std::string json_body);

    /// GETs a file's url_private(_download) with the bot token, reading at most `max_bytes` of it
    /// (Errc::too_large past it, the rest unread). The token goes only to Slack's file host
    /// (https://files.slack.com) or the configured API origin: any other url is refused (forbidden),
    /// and one redirect is followed only to the same origin. An answer that is Slack's sign-in page
    /// instead of the file (a token without files:read) is auth.
    net::awaitable<Result<DownloadedFile>> download_file(std::string url, std::size_t max_bytes, std::string declared_type);

    /// "a=b&c=d" with percent-encoding.
    static std::string form(std::initializer_list<std::pair<std::string, std::string>> fields);
    static std::string form(const std::vector<std::pair<std::string, std::string>>& fields);

private:
    net::awaitable<ApiAnswer> call(std::string method, std::string body, std::string content_type, Token token,
                                   std::chrono::milliseconds max_wait);

    net::HttpClient http_;
    const SlackSettings& settings_;
    const Clock& clock_;
    std::map<std::string, std::chrono::steady_clock::time_point> paused_until_;
};

}  // namespace frontline::slack
