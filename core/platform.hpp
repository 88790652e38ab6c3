#pragma once
// What a platform can show, declared by its adapter and read by core. Core never compares platform
// names: a new adapter brings its capabilities, not special cases in the engine or the desk.
#include <algorithm>
#include <array>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace frontline {

/// THE list of platform names core knows, for validating configuration (agents' identities, team
/// rooms). Nothing in core branches on a name: what differs between platforms is in the capabilities.
/// The adapters' platforms come first (see kAdapterPlatforms); the console is core's own test chat.
inline constexpr std::array<std::string_view, 5> kPlatformNames = {"webchat", "slack", "telegram", "matrix", "console"};

/// Whether `name` is one of kPlatformNames.
inline bool is_known_platform(std::string_view name) {
    return std::find(kPlatformNames.begin(), kPlatformNames.end(), name) != kPlatformNames.end();
}

/// "webchat, slack, telegram, matrix, console": for error messages.
inline std::string known_platforms_list() {
    std::string out;
    for (auto name : kPlatformNames) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

struct PlatformCapabilities {
    bool buttons = true;          ///< choices render as clickable buttons (else: numbered, typed)
    bool threads = false;         ///< a message can open a thread that later messages reply in
    bool edits = false;           ///< a delivered message can be updated in place (`replaces`)
    bool ephemeral = false;       ///< a note only one user of a room sees
    /// A private message reaches the user while they are away (a messenger). The web chat's only
    /// shows while its page is open, so the desk prefers another platform for agents' DMs.
    bool reaches_offline_users = true;
    /// The platform tells a person's real name (a messenger's profile): the bot need not ask it.
    bool profile_name = true;
    /// The platform's profile gives an e-mail address or phone number (the adapter fills
    /// InboundEvent::contact / phone): the bot need not ask how to reach the person.
    bool profile_contact = false;
};

/// The platforms frontline has an adapter for, as they name themselves in config sections
/// ("<platform>.enabled"), addresses and agents.file rooms: kPlatformNames without the console.
inline constexpr std::span<const std::string_view> kAdapterPlatforms{kPlatformNames.data(), kPlatformNames.size() - 1};

/// Platform name -> what its (enabled) adapter declared. Only the platforms listed here have an
/// adapter running: messages for others would wait in the outbox forever.
using PlatformCapabilitiesMap = std::map<std::string, PlatformCapabilities>;

}  // namespace frontline
