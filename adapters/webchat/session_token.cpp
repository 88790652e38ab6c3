#include "adapters/webchat/session_token.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace frontline::webchat {

namespace {

std::string hex(const unsigned char* data, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 0xf];
    }
    return out;
}

std::string random_hex(std::size_t bytes) {
    unsigned char buf[64];
    if (bytes > sizeof buf || RAND_bytes(buf, static_cast<int>(bytes)) != 1)
        throw std::runtime_error("webchat: the system random generator failed");
    return hex(buf, bytes);
}

constexpr std::size_t kNonceHexDigits = 32;  // 128 random bits

std::string session_mac(std::string_view key, std::string_view nonce) {
    // Domain-separated, so a session MAC can never be replayed as any other HMAC under this key.
    const std::string subject = "frontline-webchat-session:" + std::string(nonce);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(subject.data()), subject.size(), mac, &len))
        throw std::runtime_error("webchat: HMAC-SHA256 failed");
    return hex(mac, 16);
}

bool is_lower_hex(std::string_view s) {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

std::string new_session_key() { return random_hex(32); }

std::string new_session_token(std::string_view key) {
    std::string nonce = random_hex(kNonceHexDigits / 2);
    return nonce + session_mac(key, nonce);
}

std::string new_epoch() { return random_hex(8); }

bool is_minted_session_token(std::string_view key, std::string_view token) {
    if (token.size() != 2 * kNonceHexDigits || !is_lower_hex(token)) return false;
    const std::string_view nonce = token.substr(0, kNonceHexDigits);
    return constant_time_equal(session_mac(key, nonce), token.substr(kNonceHexDigits));
}

std::string user_id_for_token(std::string_view token) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(token.data(), token.size(), digest, &len, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("webchat: SHA-256 failed");
    return "w" + hex(digest, 10);
}

std::string agent_token_for(std::string_view secret, std::string_view agent_id, int generation) {
    // '#' is not allowed in agent ids, so "alice#1" cannot be another agent's generation 0.
    const std::string subject = generation == 0 ? std::string(agent_id) : std::string(agent_id) + "#" + std::to_string(generation);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
              reinterpret_cast<const unsigned char*>(subject.data()), subject.size(), mac, &len))
        throw std::runtime_error("webchat: HMAC-SHA256 failed");
    return "fa-" + hex(mac, 20);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace frontline::webchat
