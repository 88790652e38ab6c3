#pragma once
// Shared by the hand-off tests: files of the source tree and the shipped hand-off configuration.
#include <string>

#include "core/handoff/desk.hpp"

namespace frontline::handoff::testing_support {

/// A file under the source tree, e.g. "config/agents.example.json".
std::string read_file(const std::string& relative);
/// en + it hand-off texts from config/locales.
Texts shipped_texts();
/// Zones from the system's /usr/share/zoneinfo (tzdata, installed by scripts/setup).
ZoneSource system_zones();
/// Every platform with an adapter running, each with the capabilities its adapter would declare
/// (threads everywhere a card can be answered in; no buttons on "matrix"; the web chat's private
/// messages unseen while its page is closed), so that the tests see each capability at work.
PlatformCapabilitiesMap every_platform();
/// Default settings with every_platform().
DeskSettings default_settings();
/// agents.json text into a Desk configuration with the shipped texts and the system's zones.
DeskConfig desk_config(const std::string& agents_json, DeskSettings settings = default_settings());
/// The Desk configuration from the shipped files (agents.example.json, locales) and default settings.
DeskConfig shipped_desk_config(DeskSettings settings = default_settings());

}  // namespace frontline::handoff::testing_support
