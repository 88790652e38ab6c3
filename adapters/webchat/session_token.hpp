#pragma once
// Web chat sessions are bearer tokens kept by the browser. The user id is derived from the token
// with SHA-256, so the same token means the same user after a server restart, and knowing a user
// id does not let anyone forge a token for it.
#include <string>
#include <string_view>

namespace frontline::webchat {

/// 32 random bytes, URL-safe hex (64 characters).
std::string new_session_token();
/// The shape new_session_token() mints: 64 lowercase hex digits, not visibly chosen by hand.
bool is_valid_session_token(std::string_view token);
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
