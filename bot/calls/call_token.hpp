#pragma once
// The signed links of the call feature. A token is base64url(fields) "." hex(HMAC-SHA256), the
// MAC over a domain-separated string under a secret read from the environment (calls.secret_env):
// whoever does not hold the secret can neither forge a link nor change one field of it (ticket,
// agent, length, expiry, nonce) without the MAC failing.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/clock.hpp"
#include "core/handoff/call_links.hpp"
#include "core/result.hpp"

namespace frontline::calls {

enum class TokenKind {
    book,    ///< books one call: ticket, agent, duration, expiry, nonce
    manage,  ///< the requester's page of one booking: ticket, booking id, expiry
};

struct CallToken {
    TokenKind kind = TokenKind::book;
    TicketId ticket;
    std::string agent;         ///< book: the agent's handle
    Seconds duration{0};       ///< book: the call's length
    std::int64_t booking = 0;  ///< manage: the booking's id
    TimePoint expires{};
    std::string nonce;         ///< book: unique per link; one link books once
};

enum class TokenProblem { malformed_or_tampered, expired };

/// The token's text, signed with `secret`.
std::string sign_call_token(std::string_view secret, const CallToken& t);

/// Checks the MAC first (constant time), then the fields, then the expiry against `now`.
std::variant<CallToken, TokenProblem> verify_call_token(std::string_view secret, std::string_view token, TimePoint now);

/// The nonce of a link made from `seed`: HMAC(secret, seed), so a replayed event makes the same link.
std::string nonce_for(std::string_view secret, std::string_view seed);

/// CallLinks (core's port) over signed tokens and the service's public URL.
class SignedCallLinks final : public handoff::CallLinks {
public:
    /// `public_url` without a trailing slash: "https://desk.example.com".
    SignedCallLinks(std::string secret, std::string public_url);

    std::string booking_link(const TicketId& ticket, const std::string& agent, Seconds duration, TimePoint expires,
                             const std::string& seed) const override;
    std::string manage_link(std::int64_t booking, const TicketId& ticket, TimePoint expires) const override;
    std::string invite_link(std::int64_t booking, const TicketId& ticket, TimePoint expires) const override;
    std::string meeting_room(const std::string& nonce) const override;

    const std::string& secret() const { return secret_; }
    const std::string& public_url() const { return public_url_; }

private:
    std::string secret_;
    std::string public_url_;
};

}  // namespace frontline::calls
