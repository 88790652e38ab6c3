#include "adapters/slack/web_api_client.hpp"

#include "adapters/net/retry_after.hpp"
#include "adapters/net/url_parts.hpp"
#include "adapters/net/wait.hpp"

namespace frontline::slack {

// Pauses after a 429 are waits on this process's monotonic clock, not dates.
using Steady = std::chrono::steady_clock;

WebApiClient::WebApiClient(net::Executor executor, net::TlsContextPtr tls, const SlackSettings& settings, const Clock& clock)
    : http_(std::move(executor), std::move(tls)), settings_(settings), clock_(clock) {}

std::string WebApiClient::form(std::initializer_list<std::pair<std::string, std::string>> fields) {
    return form(std::vector<std::pair<std::string, std::string>>(fields));
}

std::string WebApiClient::form(const std::vector<std::pair<std::string, std::string>>& fields) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const auto& [key, value] : fields) {
        if (!out.empty()) out += '&';
        for (const auto* part : {&key, &value}) {
            for (unsigned char c : *part) {
                if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
                else {
                    out += '%';
                    out += kHex[c >> 4];
                    out += kHex[c & 15];
                }
            }
            if (part == &key) out += '=';
        }
    }
    return out;
}

net::awaitable<ApiAnswer> WebApiClient::call_json(std::string method, std::string json_body, Token token,
                                                  std::chrono::milliseconds max_wait) {
    co_return co_await call(std::move(method), std::move(json_body), "application/json; charset=utf-8", token, max_wait);
}

net::awaitable<ApiAnswer> WebApiClient::call_form(std::string method, std::string form_body, Token token,
                                                  std::chrono::milliseconds max_wait) {
    co_return co_await call(std::move(method), std::move(form_body), "application/x-www-form-urlencoded", token, max_wait);
}

namespace {

// A response_url arrives inside an interaction payload: call it only where Slack (or the API host we
// were configured with, a test's fake) lives, so a forged url cannot make us post elsewhere.
bool trusted_response_url(const std::string& url, const std::string& api_base_url) {
    const auto target = net::split_url(url);
    const auto api = net::split_url(api_base_url);
    if (!target) return false;
    if (api && target->origin() == api->origin()) return true;
    const auto& host = target->host;
    return target->secure && (host == "slack.com" || host.ends_with(".slack.com"));
}

}  // namespace

net::awaitable<ApiAnswer> WebApiClient::post_to_response_url(std::string url, std::string json_body) {
    ApiAnswer a;
    if (!trusted_response_url(url, settings_.api_base_url)) {
        a.status = {ApiVerdict::rejected, "untrusted_response_url", {}};
        co_return a;
    }
    net::HttpRequest req;
    req.method = "POST";
    req.url = std::move(url);
    req.headers.set("Content-Type", "application/json; charset=utf-8");
    req.body = std::move(json_body);
    req.total_timeout = settings_.request_timeout;
    auto res = co_await http_.request(std::move(req));
    if (!res) {
        a.status = {ApiVerdict::retry, res.error().message, {}};
        co_return a;
    }
    // Success is a 200 whose body is "ok" or {"ok":true}; refusals (expired_url, used_url,
    // invalid_blocks) come as 4xx with the reason in the body.
    const bool ok_body = res->body == "ok" || res->body.find("\"ok\":true") != std::string::npos;
    if (res->status == 200 && ok_body) a.status = {ApiVerdict::ok, "", {}};
    else a.status = {ApiVerdict::rejected, "http " + std::to_string(res->status) + " " + res->body.substr(0, 64), {}};
    a.body = std::move(res->body);
    co_return a;
}

net::awaitable<ApiAnswer> WebApiClient::call(std::string method, std::string body, std::string content_type,
                                             Token token, std::chrono::milliseconds max_wait) {
    if (const auto it = paused_until_.find(method); it != paused_until_.end()) {
        const auto left = it->second - Steady::now();
        if (left > max_wait) {
            ApiAnswer a;
            a.status = {ApiVerdict::rate_limited, "ratelimited",
                        std::chrono::ceil<std::chrono::seconds>(left)};
            co_return a;
        }
        if (left > Steady::duration::zero()) co_await net::wait_until(it->second);
    }
    net::HttpRequest req;
    req.method = "POST";
    req.url = settings_.api_base_url + method;
    // Tokens go in the header only (required with JSON bodies); they never appear in a URL or a log.
    req.headers.set("Authorization", "Bearer " + (token == Token::bot ? settings_.bot_token : settings_.app_token));
    req.headers.set("Content-Type", content_type);
    req.body = std::move(body);
    req.total_timeout = settings_.request_timeout;
    auto res = co_await http_.request(std::move(req));
    ApiAnswer a;
    if (!res) {
        a.status = {res.error().code == Errc::auth ? ApiVerdict::fatal : ApiVerdict::retry, res.error().message, {}};
        co_return a;
    }
    a.status = classify_api_response(res->status, res->body, net::retry_after(res->headers, clock_.now()));
    if (a.status.verdict == ApiVerdict::rate_limited)
        paused_until_[method] = Steady::now() + a.status.retry_after;
    a.body = std::move(res->body);
    co_return a;
}

}  // namespace frontline::slack
