#include "bot/config/engine_config_loader.hpp"

#include <algorithm>
#include <regex>

#include "bot/config/attachments_config.hpp"
#include "bot/config/core_settings.hpp"
#include "bot/config/file_text.hpp"
#include "core/engine/engine_config_texts.hpp"

namespace frontline {
namespace {

namespace fs = std::filesystem;

Result<SourceText> read_file(const fs::path& path) {
    auto text = read_text_file(path);
    if (!text) return text.error();
    return SourceText{path.string(), std::move(*text)};
}

/// Every *.json directly in `dir`, sorted by name so errors and merges are deterministic.
Result<std::vector<fs::path>> json_files(const Config& c, const std::string& key, const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return c.error(key, "'" + dir.string() + "' is not a folder");
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".json") out.push_back(entry.path());
    if (ec) return c.error(key, "cannot list '" + dir.string() + "': " + ec.message());
    std::sort(out.begin(), out.end());
    return out;
}

Result<std::vector<SourceText>> read_dir(const Config& c, const std::string& key, const std::string& fallback) {
    auto dir = c.path(key, fallback);
    if (!dir) return dir.error();
    auto files = json_files(c, key, *dir);
    if (!files) return files.error();
    std::vector<SourceText> out;
    for (const auto& f : *files) {
        auto text = read_file(f);
        if (!text) return text.error();
        out.push_back(std::move(*text));
    }
    return out;
}

/// en.json is the language's base; en.flows.json, en.handoff.json, ... merge into it.
Result<std::vector<LocaleText>> read_locales(const Config& c, fs::path& dir_out) {
    auto dir = c.path("engine.locales_dir", "locales");
    if (!dir) return dir.error();
    dir_out = *dir;
    auto files = json_files(c, "engine.locales_dir", *dir);
    if (!files) return files.error();
    static const std::regex name(R"(^([a-z]{2,3})(\.[a-z0-9_-]+)?\.json$)");
    std::vector<std::string> bases;
    for (const auto& f : *files) {
        std::smatch m;
        const std::string file = f.filename().string();
        if (std::regex_match(file, m, name) && !m[2].matched) bases.push_back(m[1].str());
    }
    std::vector<LocaleText> out;
    for (const auto& f : *files) {
        std::smatch m;
        const std::string file = f.filename().string();
        if (!std::regex_match(file, m, name))
            return make_error(Errc::parse, f.string() + ": a locale file is named <lang>.json or <lang>.<part>.json");
        const std::string lang = m[1].str();
        if (std::find(bases.begin(), bases.end(), lang) == bases.end())
            return make_error(Errc::parse, f.string() + ": there is no " + lang + ".json for this part to join");
        auto text = read_file(f);
        if (!text) return text.error();
        out.push_back({lang, std::move(*text)});
    }
    return out;
}

Result<Seconds> minutes_at(const Config& c, const std::string& key, long long fallback) {
    auto v = c.integer(key, fallback);
    if (!v) return v.error();
    if (*v <= 0) return c.error(key, "must be a positive number of minutes");
    return Seconds{*v * 60};
}

Result<EngineSettings> read_settings(const Config& c) {
    EngineSettings s;
    auto locale = c.string("engine.default_locale", "en");
    if (!locale) return locale.error();
    s.default_locale = *locale;
    auto idle = minutes_at(c, "engine.idle_reminder_minutes", 30);
    if (!idle) return idle.error();
    auto abandon = minutes_at(c, "engine.abandon_minutes", 240);
    if (!abandon) return abandon.error();
    if (*abandon <= *idle) return c.error("engine.abandon_minutes", "must be longer than engine.idle_reminder_minutes");
    auto window = minutes_at(c, "engine.similar_window_minutes", 24 * 60);
    if (!window) return window.error();
    s.idle_reminder = *idle;
    s.abandon = *abandon;
    s.similar_window = *window;
    auto files = read_file_limits(c);
    if (!files) return files.error();
    s.files = *files;
    return s;
}

}  // namespace

Result<EngineConfig> load_engine_config(const Config& config) {
    EngineConfigTexts texts;
    auto settings = read_settings(config);
    if (!settings) return settings.error();
    texts.settings = *settings;
    for (auto [key, fallback, dest] : {std::tuple{"engine.categories_file", "categories.json", &texts.categories},
                                       std::tuple{"engine.classifier_file", "classifier.json", &texts.classifier}}) {
        auto path = config.path(key, fallback);
        if (!path) return path.error();
        auto text = read_file(*path);
        if (!text) return config.error(key, text.error().message);
        *dest = std::move(*text);
    }
    // Optional: without a trained model the classifier's weighted terms decide alone.
    if (config.find("engine.triage_model_file")) {
        auto path = config.path("engine.triage_model_file");
        if (!path) return path.error();
        auto text = read_file(*path);
        if (!text) return config.error("engine.triage_model_file", text.error().message + " (run `frontline train`)");
        texts.triage_model = std::move(*text);
    }
    auto flows = read_dir(config, "engine.flows_dir", "flows");
    if (!flows) return flows.error();
    texts.flows = std::move(*flows);
    auto kb = read_dir(config, "engine.kb_dir", "kb");
    if (!kb) return kb.error();
    texts.kb = std::move(*kb);
    fs::path locales_dir;
    auto locales = read_locales(config, locales_dir);
    if (!locales) return locales.error();
    texts.locales = std::move(*locales);
    texts.locales_dir = locales_dir.string();
    return build_engine_config(texts);
}

Status validate_engine_config(const Config& config) {
    auto engine = load_engine_config(config);
    if (!engine) return engine.error();
    return {};
}

Result<std::unique_ptr<ConversationEngine>> load_conversation_engine(const Config& config) {
    auto engine = load_engine_config(config);
    if (!engine) return engine.error();
    auto core = load_core_settings(config);
    if (!core) return core.error();
    return std::make_unique<ConversationEngine>(std::move(*engine), core->priority_matrix, core->sla, core->lifecycle);
}

}  // namespace frontline
