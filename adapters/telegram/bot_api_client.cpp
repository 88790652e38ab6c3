#include "adapters/telegram/bot_api_client.hpp"

#include "adapters/net/retry_after.hpp"
#include "adapters/net/wait.hpp"

namespace frontline::telegram {

using Clock = std::chrono::steady_clock;

BotApiClient::BotApiClient(net::Executor executor, net::TlsContextPtr tls, const TelegramSettings& settings)
    : http_(std::move(executor), std::move(tls)), settings_(settings) {}

net::awaitable<ApiAnswer> BotApiClient::call(std::string method, std::string json_body, std::chrono::milliseconds timeout) {
    net::HttpRequest req;
    req.method = "POST";
    req.url = settings_.api_base_url + "/bot" + settings_.token + "/" + method;
    req.headers.set("Content-Type", "application/json; charset=utf-8");
    req.body = std::move(json_body);
    req.total_timeout = timeout;
    req.read_timeout = timeout;  // a long poll's answer starts only when the hold ends
    auto res = co_await http_.request(std::move(req));
    ApiAnswer a;
    if (!res) {
        a.status.verdict = ApiVerdict::retry;
        a.status.description = mask_token(res.error().message, settings_.token);
        co_return a;
    }
    a.status = classify_response(res->status, res->body, net::retry_after(res->headers, std::chrono::system_clock::now()));
    a.status.description = mask_token(std::move(a.status.description), settings_.token);
    a.body = std::move(res->body);
    co_return a;
}

net::awaitable<Result<net::HttpResponse>> BotApiClient::download(std::string file_path, std::size_t max_bytes) {
    // https://core.telegram.org/bots/api#file: the token sits in the path, as for methods.
    net::HttpRequest req;
    req.url = settings_.api_base_url + "/file/bot" + settings_.token + "/" + file_path;
    req.total_timeout = settings_.download_timeout;
    req.read_timeout = settings_.request_timeout;
    req.max_body_bytes = max_bytes;
    auto res = co_await http_.request(std::move(req));
    if (!res) co_return make_error(res.error().code, mask_token(res.error().message, settings_.token));
    co_return std::move(*res);
}

net::awaitable<ApiAnswer> BotApiClient::send(std::string method, std::string json_body, std::chrono::milliseconds max_wait) {
    const auto left = paused_until_ - Clock::now();
    if (left > max_wait) {
        ApiAnswer a;
        a.status.verdict = ApiVerdict::rate_limited;
        a.status.error_code = 429;
        a.status.description = "paused by an earlier 429";
        a.status.retry_after = std::chrono::ceil<std::chrono::seconds>(left);
        co_return a;
    }
    if (left > Clock::duration::zero()) (void)co_await net::wait_until(paused_until_);
    auto a = co_await call(std::move(method), std::move(json_body), settings_.request_timeout);
    if (a.status.verdict == ApiVerdict::rate_limited) paused_until_ = std::max(paused_until_, Clock::now() + a.status.retry_after);
    co_return a;
}

}  // namespace frontline::telegram
