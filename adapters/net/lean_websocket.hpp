#pragma once
// Internal to adapters/net: the server side of a WebSocket on a plain TCP socket, without a Beast
// stream. A web chat page is mostly idle: Beast's WebSocket and TCP streams, their timers and
// their read buffer cost about 7 KB per open page whether a frame ever comes or not. Here an idle
// page is the socket, a few flags and two pending waits; a read buffer exists only while a frame
// is arriving, a writer only while there is something to write. TLS connections keep Beast's
// stream (websocket.cpp): OpenSSL's own state dwarfs what this saves.
#include <boost/asio/ip/tcp.hpp>

#include "adapters/net/websocket.hpp"
#include "adapters/net/websocket_accept.hpp"

namespace frontline::net {

/// Answers the upgrade `request` on `socket` (101, or 400/426 for a handshake we refuse, then
/// closes) and returns the open connection.
awaitable<Result<WebSocketPtr>> accept_lean_websocket(asio::ip::tcp::socket socket, UpgradeHttpRequest request,
                                                      UpgradeRequest info, WebSocketOptions options);

}  // namespace frontline::net
