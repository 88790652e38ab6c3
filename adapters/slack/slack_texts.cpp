#include "adapters/slack/slack_texts.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/handoff/agent_command.hpp"

namespace frontline::slack {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSuffix = ".slack.json";

/// The keys every <lang>.slack.json carries.
constexpr const char* kMentionNotice = "slack.mention_notice";
constexpr const char* kModalKeys[] = {"slack.reply_modal.title", "slack.reply_modal.label", "slack.reply_modal.submit",
                                      "slack.reply_modal.cancel"};

using Strings = std::map<std::string, std::string>;

Result<Strings> read_language(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return make_error(Errc::not_found, file.string() + ": cannot read");
    std::stringstream ss;
    ss << in.rdbuf();
    auto j = nlohmann::json::parse(ss.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error(Errc::parse, file.string() + ": expected a JSON object of texts");
    Strings out;
    for (const char* key : {kMentionNotice, kModalKeys[0], kModalKeys[1], kModalKeys[2], kModalKeys[3]}) {
        auto it = j.find(key);
        if (it == j.end() || !it->is_string() || it->get<std::string>().empty())
            return make_error(Errc::parse, file.string() + ": key '" + key + "': expected a non-empty text");
        out[key] = it->get<std::string>();
    }
    return out;
}

}  // namespace

Result<SlackTexts> load_texts(const fs::path& locales_dir, const std::string& default_language,
                              const std::string& agents_language) {
    std::map<std::string, Strings> languages;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(locales_dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() <= kSuffix.size() || !name.ends_with(kSuffix)) continue;
        auto strings = read_language(entry.path());
        if (!strings) return strings.error();
        languages[name.substr(0, name.size() - kSuffix.size())] = std::move(*strings);
    }
    if (ec) return make_error(Errc::not_found, locales_dir.string() + ": " + ec.message());
    if (!languages.count("en")) return make_error(Errc::parse, locales_dir.string() + ": en.slack.json is missing");

    SlackTexts texts;
    texts.default_language = languages.count(default_language) ? default_language : "en";
    for (const auto& [lang, strings] : languages) texts.mention_notice[lang] = strings.at(kMentionNotice);
    const Strings& modal = languages.at(languages.count(agents_language) ? agents_language : texts.default_language);
    texts.reply_modal = {modal.at(kModalKeys[0]), modal.at(kModalKeys[1]), modal.at(kModalKeys[2]), modal.at(kModalKeys[3])};
    texts.asks_for_text = [](std::string_view payload) {
        const auto button = handoff::parse_button_payload(payload);
        return button && button->verb == handoff::Verb::reply;
    };
    return texts;
}

}  // namespace frontline::slack
