#pragma once
// The web chat's WebSocket protocol (docs/webchat-protocol.md), as pure functions: client frames
// in, server frames out. JSON text frames, versioned by "v" in the hello. No I/O here.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/message.hpp"

namespace frontline::webchat {

inline constexpr int kProtocolVersion = 1;
/// Larger frames are refused by the WebSocket layer (close 1009) before they are parsed.
inline constexpr std::size_t kMaxFrameBytes = 64 * 1024;

enum class Role { user, agent };

/// First frame of every connection: who is speaking and where to resume.
struct Hello {
    int version = 0;
    Role role = Role::user;
    std::string session;       ///< user: the token from a previous welcome; empty for a new visitor
    std::string epoch;         ///< the server epoch the client's last_seq belongs to
    std::int64_t last_seq = 0; ///< highest seq the client has shown
    std::string locale;        ///< "en", "it", ... may be empty
    std::string name;          ///< display name, may be empty
    std::string time_zone;     ///< the browser's IANA zone ("Europe/Rome"); empty when absent or not a zone name
    std::string agent_token;   ///< agent: their own token (frontline agent-token ID)
    std::string agent_id;      ///< agent: who is speaking (the identity in agents.json)
    std::int64_t private_last_seq = 0; ///< agent: highest seq shown of their private conversation
};

/// A file the page uploaded (POST /upload) and sends with a message.
struct SentFile {
    std::string upload;  ///< the id POST /upload answered (64 hex digits: the bytes' SHA-256)
    std::string name;    ///< the file's name as the person chose it (at most 255 bytes)
};

/// Files one message may carry.
inline constexpr std::size_t kMaxFilesPerMessage = 10;

/// The user typed something, sent files, or both. `id` is the client's own id: a resend after a
/// reconnect reuses it.
struct UserText {
    std::string id;
    std::string text;
    std::vector<SentFile> files;  ///< may be empty; with files the text may be empty
};

/// The user pressed a button.
struct UserChoice {
    std::string id;
    std::string payload;
    std::string label;
    std::string text;  ///< typed with the button (the agents' view Reply box); empty for a plain press
};

/// The client has shown everything up to `seq`.
struct Ack {
    std::int64_t seq = 0;
};

struct Ping {};

using ClientFrame = std::variant<Hello, UserText, UserChoice, Ack, Ping>;

/// Why a frame was refused; `code` is stable (clients switch on it), `message` is for people.
struct ProtocolError {
    std::string code;     ///< bad_json, bad_utf8, bad_frame, unknown_type, too_long, ...
    std::string message;
    std::string id;       ///< the client message id it concerns, when known
};

using ParsedFrame = std::variant<ClientFrame, ProtocolError>;

/// Parses one client frame; never throws.
ParsedFrame parse_client_frame(std::string_view text);

/// One line of a conversation as the page shows it.
struct Entry {
    std::int64_t seq = 0;
    std::string id;                ///< stable across resends and restarts (outbox key or client id)
    std::string from;              ///< "bot", "user" or "agent"
    std::string author;            ///< display name when from == "agent" or in the agents' room
    std::string text;              ///< neutral light markup (bot) or plain text (people)
    std::vector<Choice> choices;
    std::string replaces;          ///< id of an earlier entry this one updates in place
    std::string at;                ///< ISO 8601 UTC
    std::string locale;            ///< the conversation's language when the bot wrote it; may be empty
};

/// `private_last_seq`: agents only, where their private conversation stands.
std::string render_welcome(const std::string& session, const std::string& user_id, const std::string& epoch,
                           std::int64_t last_seq, Role role, std::optional<std::int64_t> private_last_seq = std::nullopt);
/// `is_private`: a line of the agent's own conversation shown in the agents' view ("private": true);
/// its seq is that conversation's.
std::string render_entry(const Entry& e, bool is_private = false);
std::string render_error(const ProtocolError& e);
std::string render_pong();

/// `s` folded to one line: control characters (newline, CR, ESC, BEL, ...) and U+2028/U+2029 become
/// spaces, runs of spaces collapse, the ends are trimmed. Names are shown on cards line by line: a
/// name with a newline could fake a line of its own ("INC-000001 claimed by ...").
std::string one_line(std::string_view s);

/// True for ids the client may choose (message ids): 1-64 of A-Z a-z 0-9 _ -.
bool is_valid_client_id(std::string_view id);

}  // namespace frontline::webchat
