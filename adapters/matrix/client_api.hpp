#pragma once
// Calls client-server API endpoints over net::HttpClient with the access token in the header and
// classifies the answers. After M_LIMIT_EXCEEDED nothing is sent before its time (Matrix limits per
// user, so the pause is for every endpoint).
#include <chrono>
#include <string>

#include "adapters/matrix/api_codec.hpp"
#include "adapters/matrix/matrix_settings.hpp"
#include "adapters/net/http_client.hpp"

namespace frontline::matrix {

/// A classified answer with its body (for the endpoint's own parser).
struct ApiAnswer {
    ApiStatus status;
    std::string body;
    bool ok() const { return status.verdict == ApiVerdict::ok; }
};

class ClientApi {
public:
    ClientApi(net::Executor executor, net::TlsContextPtr tls, const MatrixSettings& settings);

    /// `method` on homeserver_url + `path` ("/_matrix/client/v3/…", query included). When paused
    /// by an earlier M_LIMIT_EXCEEDED, waits up to `max_wait`, else answers rate_limited with the
    /// time left without calling. `read_timeout` must exceed a long poll's hold time.
    net::awaitable<ApiAnswer> call(std::string method, std::string path, std::string json_body,
                                   std::chrono::milliseconds read_timeout, std::chrono::milliseconds max_wait);

    /// GETs homeserver_url + `path` (media downloads) with the token, reading at most `max_bytes`
    /// of body (0: the client's limit): Errc::too_large past it. Any status is a success here.
    net::awaitable<Result<net::HttpResponse>> download(std::string path, std::size_t max_bytes);

private:
    net::HttpClient http_;
    const MatrixSettings& settings_;
    std::chrono::steady_clock::time_point paused_until_{};
};

}  // namespace frontline::matrix
