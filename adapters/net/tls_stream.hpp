#pragma once
// Internal to adapters/net: the per-connection half of the TLS helper. Includes Beast/SSL, so only
// the few network translation units include it.
#include <chrono>
#include <string>

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "adapters/net/net.hpp"
#include "core/result.hpp"

namespace frontline::net {

using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

/// Sets SNI (skipped for IP literals, RFC 6066 section 3) and verifies the certificate names `host`.
Status prepare_client_tls(TlsStream& stream, const std::string& host);

/// TLS close_notify exchange bounded by `deadline`; errors are ignored (the socket closes anyway).
awaitable<void> shutdown_tls(TlsStream& stream, std::chrono::milliseconds deadline);

/// True when `host` is an IPv4 or IPv6 literal.
bool is_ip_literal(const std::string& host);

}  // namespace frontline::net
