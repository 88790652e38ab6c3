#include "adapters/telegram/telegram_factory.hpp"

#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

namespace frontline::telegram {
namespace {

// What users and agents find in the menu, in this order; the texts say what each does.
constexpr const char* kUserCommands[] = {"start", "new", "status", "cancel", "help", "lang"};
constexpr const char* kAgentCommands[] = {"queue", "mine", "claim", "reply", "resolve", "show", "report", "help"};

const nlohmann::json* find_path(const nlohmann::json& root, std::initializer_list<const char*> keys) {
    const nlohmann::json* at = &root;
    for (const char* k : keys) {
        if (!at->is_object() || !at->contains(k)) return nullptr;
        at = &(*at)[k];
    }
    return at;
}

}  // namespace

Result<void> load_command_menus(const std::filesystem::path& locales_dir, const std::string& default_language,
                                TelegramSettings& settings) {
    static const std::regex name(R"(^([a-z]{2,3})\.telegram\.json$)");
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(locales_dir, ec)) {
        std::smatch m;
        const std::string file = entry.path().filename().string();
        if (!std::regex_match(file, m, name)) continue;
        const std::string lang = m[1];
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        const auto json = nlohmann::json::parse(text.str(), nullptr, false);
        if (!json.is_object()) return make_error(Errc::parse, entry.path().string() + ": not a JSON object");
        auto read = [&](const char* prefix, auto& names, std::vector<BotCommand>& out) -> Status {
            for (const char* command : names) {
                const std::string key = std::string(prefix) + command;
                const auto it = json.find(key);
                if (it == json.end() || !it->is_string() || it->get<std::string>().empty() || it->get<std::string>().size() > 256)
                    return make_error(Errc::parse, entry.path().string() + ": key '" + key + "': expected a text of 1-256 characters");
                out.push_back({command, it->get<std::string>()});
            }
            return {};
        };
        std::vector<BotCommand> user, agent;
        if (auto ok = read("telegram.command.", kUserCommands, user); !ok) return ok.error();
        if (auto ok = read("telegram.agent_command.", kAgentCommands, agent); !ok) return ok.error();
        if (lang == default_language) {
            settings.user_commands[""] = user;
            settings.agent_commands[""] = agent;
        }
        settings.user_commands[lang] = std::move(user);
        settings.agent_commands[lang] = std::move(agent);
    }
    if (ec) return make_error(Errc::parse, locales_dir.string() + ": " + ec.message());
    return {};
}

Result<std::unique_ptr<TelegramAdapter>> make_adapter(net::Executor executor, const nlohmann::json& config_root,
                                                      const std::string& config_file, const std::filesystem::path& locales_dir,
                                                      std::vector<std::string> rooms, const EnvLookup& env) {
    static const nlohmann::json kMissing;
    const auto* section = find_path(config_root, {"telegram"});
    const auto* public_url = find_path(config_root, {"http", "public_url"});
    auto settings = settings_from_json(section ? *section : kMissing,
                                       public_url && public_url->is_string() ? public_url->get<std::string>() : std::string(), env);
    if (!settings) return make_error(settings.error().code, config_file + ": " + settings.error().message);
    if (auto ok = set_agents_chats(*settings, rooms); !ok) return ok.error();
    // The attachments' size limit (validated with the rest of attachments.*) picks a photo's size.
    if (const auto* max = find_path(config_root, {"attachments", "max_bytes"}); max && max->is_number_unsigned())
        settings->max_photo_bytes = max->get<std::uint64_t>();
    const auto* lang = find_path(config_root, {"engine", "default_locale"});
    if (auto ok = load_command_menus(locales_dir, lang && lang->is_string() ? lang->get<std::string>() : "en", *settings); !ok)
        return ok.error();
    auto adapter = TelegramAdapter::create(std::move(executor), std::move(*settings));
    if (!adapter) return make_error(adapter.error().code, config_file + ": telegram: " + adapter.error().message);
    return std::move(*adapter);
}

}  // namespace frontline::telegram
