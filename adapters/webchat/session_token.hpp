#pragma once
// Web chat sessions are bearer tokens kept by the browser. Only the server mints them: a token is
// 128 random bits followed by their HMAC-SHA256 under the server's session key (kept in the store,
// so tokens outlive a restart), and a token the server did not sign is refused, however random it
// looks. The user id is derived from the token with SHA-256, so the same token means the same user
// after a restart, and knowing a user id does not let anyone forge a token for it.
#include <string>
#include <string_view>

namespace frontline::webchat {

/// A fresh session key: 32 random bytes as hex (the service keeps the first one in its store).
std::string new_session_key();
/// 16 random bytes and the first 16 bytes of their HMAC-SHA256 under `key`, as 64 lowercase hex digits.
std::string new_session_token(std::string_view key);
/// True only for a token new_session_token(key) minted with this same key (constant-time check).
bool is_minted_session_token(std::string_view key, std::string_view token);
/// "w" + the first 20 hex digits of SHA-256(token).
std::string user_id_for_token(std::string_view token);
/// A fresh random id for this server run (8 random bytes as hex).
std::string new_epoch();
/// The agents' view token of one agent: "fa-" + 40 hex digits of HMAC-SHA256(secret, agent_id).
/// Each agent gets their own (`frontline agent-token ID`), so holding one token does not let anyone
/// open the agents' view as a colleague and read what the desk sends that colleague privately.
/// `generation` (agents file: token_generation) revokes earlier tokens of that agent alone; generation
/// 0 is the original token, so raising it from 0 to 1 cuts off the token handed out first.
std::string agent_token_for(std::string_view secret, std::string_view agent_id, int generation = 0);
/// Compares without leaking where the first difference is.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace frontline::webchat
