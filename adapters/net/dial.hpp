#pragma once
// Internal to adapters/net: opening TCP and TLS connections with deadlines, shared by the HTTP and
// WebSocket clients.
#include <chrono>

#include <boost/beast/core/tcp_stream.hpp>

#include "adapters/net/net.hpp"
#include "adapters/net/tls_stream.hpp"
#include "adapters/net/url_parts.hpp"
#include "core/result.hpp"

namespace frontline::net {

/// Resolves and connects within `timeout`; the stream's own expiry is left cleared.
awaitable<Result<boost::beast::tcp_stream>> dial_tcp(Executor executor, UrlParts url, std::chrono::milliseconds timeout);

/// Client TLS handshake with SNI and host-name verification within `timeout`. A certificate that
/// fails verification gives Errc::auth.
awaitable<Status> handshake_tls(TlsStream& stream, std::string host, std::chrono::milliseconds timeout);

}  // namespace frontline::net
