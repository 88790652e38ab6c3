#include "adapters/net/websocket_accept_key.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

namespace frontline::net::ws {

std::string accept_key(std::string_view client_key) {
    // The key must be 16 random bytes in base64: 24 characters ending in "==".
    if (client_key.size() != 24 || client_key.substr(22) != "==") return {};
    unsigned char raw[18];
    if (EVP_DecodeBlock(raw, reinterpret_cast<const unsigned char*>(client_key.data()), 24) != 18) return {};
    const std::string joined = std::string(client_key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(joined.data()), joined.size(), digest);
    unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
    const int n = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
    return std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(n));
}

}  // namespace frontline::net::ws
