#include "adapters/matrix/client_api.hpp"

#include "adapters/net/retry_after.hpp"
#include "adapters/net/wait.hpp"

namespace frontline::matrix {

using Clock = std::chrono::steady_clock;

ClientApi::ClientApi(net::Executor executor, net::TlsContextPtr tls, const MatrixSettings& settings)
    // An initial /sync of a busy account is far bigger than Beast's default 8 MB body limit.
    : http_(std::move(executor), std::move(tls), net::HttpClientOptions{.max_body_size = 256u << 20}), settings_(settings) {}

net::awaitable<ApiAnswer> ClientApi::call(std::string method, std::string path, std::string json_body,
                                          std::chrono::milliseconds read_timeout, std::chrono::milliseconds max_wait) {
    const auto left = paused_until_ - Clock::now();
    if (left > max_wait) {
        ApiAnswer a;
        a.status.verdict = ApiVerdict::rate_limited;
        a.status.errcode = "M_LIMIT_EXCEEDED";
        a.status.error = "paused by an earlier M_LIMIT_EXCEEDED";
        a.status.retry_after = std::chrono::ceil<std::chrono::milliseconds>(left);
        co_return a;
    }
    if (left > Clock::duration::zero()) co_await net::wait_until(paused_until_);
    net::HttpRequest req;
    req.method = std::move(method);
    req.url = settings_.homeserver_url + path;
    // The token goes in the header only (the access_token query parameter is deprecated and would
    // put it in logs); it never appears in an error message.
    // Before a password login there is none to send (POST /login needs none).
    if (!settings_.access_token.empty()) req.headers.set("Authorization", "Bearer " + settings_.access_token);
    if (req.method != "GET") {
        req.headers.set("Content-Type", "application/json");
        req.body = std::move(json_body);
    }
    req.read_timeout = read_timeout;
    req.total_timeout = read_timeout + settings_.request_timeout;
    auto res = co_await http_.request(std::move(req));
    ApiAnswer a;
    if (!res) {
        a.status.verdict = ApiVerdict::retry;
        a.status.http_status = 0;
        a.status.error = res.error().message;
        co_return a;
    }
    a.status = classify_response(res->status, res->body, net::retry_after(res->headers, std::chrono::system_clock::now()));
    if (a.status.verdict == ApiVerdict::rate_limited) paused_until_ = Clock::now() + a.status.retry_after;
    a.body = std::move(res->body);
    co_return a;
}

net::awaitable<Result<net::HttpResponse>> ClientApi::download(std::string path, std::size_t max_bytes) {
    net::HttpRequest req;
    req.url = settings_.homeserver_url + path;
    // Authenticated media (spec v1.11) wants the same Bearer header as every other endpoint.
    if (!settings_.access_token.empty()) req.headers.set("Authorization", "Bearer " + settings_.access_token);
    req.read_timeout = settings_.request_timeout;
    req.total_timeout = settings_.download_timeout;
    req.max_body_bytes = max_bytes;
    co_return co_await http_.request(std::move(req));
}

}  // namespace frontline::matrix
