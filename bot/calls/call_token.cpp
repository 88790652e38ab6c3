#include "bot/calls/call_token.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>
#include <vector>

#include <openssl/crypto.h>

namespace frontline::calls {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string hmac_hex(std::string_view key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
              data.size(), mac, &len))
        throw std::runtime_error("calls: HMAC-SHA256 failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        out += kHex[mac[i] >> 4];
        out += kHex[mac[i] & 15];
    }
    return out;
}

std::string base64url(std::string_view in) {
    std::string out;
    unsigned value = 0;
    int bits = 0;
    for (unsigned char c : in) {
        value = (value << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[(value >> bits) & 63];
        }
    }
    if (bits > 0) out += kAlphabet[(value << (6 - bits)) & 63];
    return out;
}

std::optional<std::string> unbase64url(std::string_view in) {
    std::string out;
    unsigned value = 0;
    int bits = 0;
    for (char c : in) {
        const auto pos = kAlphabet.find(c);
        if (pos == std::string_view::npos) return std::nullopt;
        value = (value << 6) | static_cast<unsigned>(pos);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((value >> bits) & 0xff);
        }
    }
    return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out(1);
    for (char c : s) {
        if (c == sep) out.emplace_back();
        else out.back() += c;
    }
    return out;
}

std::optional<long long> number(const std::string& s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    long long v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

std::string mac_of(std::string_view secret, std::string_view fields) {
    // Domain-separated: no other HMAC under this secret (nonces, rooms) can pass as a token's.
    return hmac_hex(secret, "frontline-call-token-v1\n" + std::string(fields));
}

std::string url_of(const std::string& base, const std::string& token) { return base + "/call/" + token; }

}  // namespace

std::string sign_call_token(std::string_view secret, const CallToken& t) {
    const std::string fields =
        t.kind == TokenKind::book
            ? "b|" + t.ticket.str() + "|" + t.agent + "|" + std::to_string(t.duration.count()) + "|" +
                  std::to_string(t.expires.time_since_epoch().count()) + "|" + t.nonce
            : "m|" + t.ticket.str() + "|" + std::to_string(t.booking) + "|" +
                  std::to_string(t.expires.time_since_epoch().count());
    return base64url(fields) + "." + mac_of(secret, fields);
}

std::variant<CallToken, TokenProblem> verify_call_token(std::string_view secret, std::string_view token, TimePoint now) {
    const auto dot = token.find('.');
    if (dot == std::string_view::npos || token.size() > 512) return TokenProblem::malformed_or_tampered;
    const auto fields = unbase64url(token.substr(0, dot));
    if (!fields) return TokenProblem::malformed_or_tampered;
    const std::string expected = mac_of(secret, *fields);
    const std::string_view given = token.substr(dot + 1);
    if (given.size() != expected.size() || CRYPTO_memcmp(expected.data(), given.data(), expected.size()) != 0)
        return TokenProblem::malformed_or_tampered;
    const auto parts = split(*fields, '|');
    CallToken t;
    std::optional<long long> expires;
    if (parts.size() == 6 && parts[0] == "b") {
        t.kind = TokenKind::book;
        t.agent = parts[2];
        const auto duration = number(parts[3]);
        expires = number(parts[4]);
        t.nonce = parts[5];
        if (!duration || t.agent.empty() || t.nonce.empty()) return TokenProblem::malformed_or_tampered;
        t.duration = Seconds{*duration};
    } else if (parts.size() == 4 && parts[0] == "m") {
        t.kind = TokenKind::manage;
        const auto booking = number(parts[2]);
        expires = number(parts[3]);
        if (!booking) return TokenProblem::malformed_or_tampered;
        t.booking = *booking;
    } else {
        return TokenProblem::malformed_or_tampered;
    }
    auto id = TicketId::parse(parts[1]);
    if (!id || !expires) return TokenProblem::malformed_or_tampered;
    t.ticket = *id;
    t.expires = TimePoint{Seconds{*expires}};
    if (now >= t.expires) return TokenProblem::expired;
    return t;
}

std::string nonce_for(std::string_view secret, std::string_view seed) {
    return hmac_hex(secret, "frontline-call-nonce\n" + std::string(seed)).substr(0, 32);
}

SignedCallLinks::SignedCallLinks(std::string secret, std::string public_url)
    : secret_(std::move(secret)), public_url_(std::move(public_url)) {
    while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
}

std::string SignedCallLinks::booking_link(const TicketId& ticket, const std::string& agent, Seconds duration,
                                          TimePoint expires, const std::string& seed) const {
    CallToken t;
    t.kind = TokenKind::book;
    t.ticket = ticket;
    t.agent = agent;
    t.duration = duration;
    t.expires = expires;
    t.nonce = nonce_for(secret_, seed);
    return url_of(public_url_, sign_call_token(secret_, t));
}

std::string SignedCallLinks::manage_link(std::int64_t booking, const TicketId& ticket, TimePoint expires) const {
    CallToken t;
    t.kind = TokenKind::manage;
    t.ticket = ticket;
    t.booking = booking;
    t.expires = expires;
    return url_of(public_url_, sign_call_token(secret_, t));
}

std::string SignedCallLinks::invite_link(std::int64_t booking, const TicketId& ticket, TimePoint expires) const {
    return manage_link(booking, ticket, expires) + "/invite.ics";
}

std::string SignedCallLinks::meeting_room(const std::string& nonce) const {
    // 96 bits from the secret and the link's nonce: nobody guesses a room, and one booking has one room.
    return "frontline-" + hmac_hex(secret_, "frontline-call-room\n" + nonce).substr(0, 24);
}

}  // namespace frontline::calls
