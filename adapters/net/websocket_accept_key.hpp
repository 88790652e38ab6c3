#pragma once
// The server's half of the WebSocket opening handshake (RFC 6455 4.2.2), apart from the framing
// so that the framing stays free of OpenSSL (the fuzz targets build without it).
#include <string>
#include <string_view>

namespace frontline::net::ws {

/// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key (RFC 6455 4.2.2); empty when the key is
/// not the base64 of 16 bytes.
std::string accept_key(std::string_view client_key);

}  // namespace frontline::net::ws
