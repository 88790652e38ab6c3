#pragma once
// Internal to adapters/net: hands an upgraded server connection to the WebSocket implementation,
// so the HTTP server's translation unit does not instantiate Beast's WebSocket templates.
#include <string>

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "adapters/net/tls_stream.hpp"
#include "adapters/net/websocket.hpp"

namespace frontline::net {

using UpgradeHttpRequest = boost::beast::http::request<boost::beast::http::string_body>;

/// Completes the server handshake on a plain connection.
awaitable<Result<WebSocketPtr>> accept_websocket(boost::beast::tcp_stream stream, UpgradeHttpRequest request,
                                                 UpgradeRequest info, WebSocketOptions options);
/// Completes the server handshake on a TLS connection.
awaitable<Result<WebSocketPtr>> accept_websocket(TlsStream stream, UpgradeHttpRequest request,
                                                 UpgradeRequest info, WebSocketOptions options);

}  // namespace frontline::net
