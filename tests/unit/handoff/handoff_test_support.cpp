#include "handoff_test_support.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace frontline::handoff::testing_support {

std::string read_file(const std::string& relative) {
    std::ifstream in(std::string(FRONTLINE_SOURCE_DIR) + "/" + relative, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + relative);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Texts shipped_texts() {
    Texts texts;
    for (const char* lang : {"en", "it"}) {
        const std::string file = std::string("config/locales/") + lang + ".handoff.json";
        auto ok = texts.add_language(lang, nlohmann::json::parse(read_file(file)), file);
        if (!ok) throw std::runtime_error(ok.error().message);
    }
    return texts;
}

ZoneSource system_zones() {
    return [](const std::string& name) -> Result<std::string> {
        std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
        if (!in) return make_error(Errc::not_found, "no /usr/share/zoneinfo/" + name);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    };
}

PlatformCapabilitiesMap every_platform() {
    PlatformCapabilities messenger{.buttons = true, .threads = true, .edits = true, .ephemeral = false, .reaches_offline_users = true};
    PlatformCapabilities no_buttons = messenger;
    no_buttons.buttons = false;
    PlatformCapabilities page = messenger;
    page.reaches_offline_users = false;
    return {{"slack", messenger}, {"telegram", messenger}, {"matrix", no_buttons}, {"webchat", page}, {"console", messenger}};
}

DeskSettings default_settings() {
    DeskSettings s;
    s.platforms = every_platform();
    return s;
}

DeskConfig desk_config(const std::string& agents_json, DeskSettings settings) {
    auto cfg = parse_desk_config(agents_json, "agents.json", shipped_texts(), std::move(settings), system_zones());
    if (!cfg) throw std::runtime_error(cfg.error().message);
    return std::move(*cfg);
}

DeskConfig shipped_desk_config(DeskSettings settings) {
    auto cfg = parse_desk_config(read_file("config/agents.example.json"), "config/agents.example.json", shipped_texts(),
                                 std::move(settings), system_zones());
    if (!cfg) throw std::runtime_error(cfg.error().message);
    return std::move(*cfg);
}

}  // namespace frontline::handoff::testing_support
