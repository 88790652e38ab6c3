#pragma once
// Calls Bot API methods over net::HttpClient and classifies the answers. The token is part of every
// URL (https://api.telegram.org/bot<token>/<method>): it never leaves this class in a message.
#include <chrono>
#include <string>

#include "adapters/net/http_client.hpp"
#include "adapters/telegram/api_codec.hpp"
#include "adapters/telegram/telegram_settings.hpp"

namespace frontline::telegram {

/// A classified answer with its body (for the method's own parser).
struct ApiAnswer {
    ApiStatus status;
    std::string body;
    bool ok() const { return status.ok(); }
};

class BotApiClient {
public:
    BotApiClient(net::Executor executor, net::TlsContextPtr tls, const TelegramSettings& settings);

    /// POSTs a JSON body to `method`. `timeout` bounds the whole exchange (a long poll needs more
    /// than its hold time). Network failures come back as verdict retry with a masked description.
    net::awaitable<ApiAnswer> call(std::string method, std::string json_body, std::chrono::milliseconds timeout);

    /// Sending methods honour a 429 for everyone: while paused, a call that would wait longer than
    /// `max_wait` answers rate_limited at once (the outbox retries later) instead of calling.
    net::awaitable<ApiAnswer> send(std::string method, std::string json_body, std::chrono::milliseconds max_wait);

    /// GETs <api base>/file/bot<token>/<file_path> (a getFile answer's path), reading at most
    /// `max_bytes` of body (0: the client's limit): Errc::too_large past it. Any status is a
    /// success here; error messages are masked.
    net::awaitable<Result<net::HttpResponse>> download(std::string file_path, std::size_t max_bytes);

    /// Requests made so far (tests read keep-alive reuse with connections_opened()).
    std::size_t connections_opened() const { return http_.connections_opened(); }

private:
    net::HttpClient http_;
    const TelegramSettings& settings_;
    std::chrono::steady_clock::time_point paused_until_{};
};

}  // namespace frontline::telegram
