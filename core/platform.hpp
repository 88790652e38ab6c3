#pragma once
// What a platform can show, declared by its adapter and read by core. Core never compares platform
// names: a new adapter brings its capabilities, not special cases in the engine or the desk.
#include <map>
#include <string>

namespace frontline {

struct PlatformCapabilities {
    bool buttons = true;          ///< choices render as clickable buttons (else: numbered, typed)
    bool threads = false;         ///< a message can open a thread that later messages reply in
    bool edits = false;           ///< a delivered message can be updated in place (`replaces`)
    bool ephemeral = false;       ///< a note only one user of a room sees
    /// A private message reaches the user while they are away (a messenger). The web chat's only
    /// shows while its page is open, so the desk prefers another platform for agents' DMs.
    bool reaches_offline_users = true;
};

/// Platform name -> what its (enabled) adapter declared. Only the platforms listed here have an
/// adapter running: messages for others would wait in the outbox forever.
using PlatformCapabilitiesMap = std::map<std::string, PlatformCapabilities>;

}  // namespace frontline
