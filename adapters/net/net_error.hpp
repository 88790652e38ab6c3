#pragma once
// One place where Boost/OpenSSL error codes become frontline Errors with a kind that drives retries.
#include <string_view>

#include <boost/system/error_code.hpp>

#include "core/result.hpp"

namespace frontline::net {

/// Classifies an I/O error: timeout, cancelled, auth (TLS verification), protocol (malformed HTTP or
/// WebSocket, size limits) or network (everything else: refused, reset, eof, unreachable).
Errc classify(const boost::system::error_code& ec) noexcept;

/// An Error whose message names the step that failed ("connect to example.org:443") and the cause.
Error to_error(const boost::system::error_code& ec, std::string_view what);

/// True for the TLS "stream truncated" that peers cause by closing without close_notify: harmless
/// once a complete, length-delimited message has been read.
bool is_benign_truncation(const boost::system::error_code& ec) noexcept;

}  // namespace frontline::net
