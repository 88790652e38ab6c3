#pragma once
// What the Slack adapter says in its own name (the note after a mention in a channel, the reply
// modal), read from its own locale files <lang>.slack.json in the locales folder. These words are
// Slack's: the engine and the hand-off neither know nor load them.
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "adapters/slack/reply_modal.hpp"
#include "core/result.hpp"

namespace frontline::slack {

/// The texts, per language where the reader's language is known (the mention note), else in the
/// desk's language (the modal agents read).
struct SlackTexts {
    std::map<std::string, std::string> mention_notice;  ///< language -> text
    std::string default_language = "en";
    ReplyModalTexts reply_modal;                         ///< in the agents' language
    /// Button payloads that ask for text first (the hand-off's Reply).
    std::function<bool(std::string_view payload)> asks_for_text;
};

/// Every <lang>.slack.json in `locales_dir` (en is required; each file has every key). The modal is
/// in `agents_language` (else `default_language`). Errors name the file and the key.
Result<SlackTexts> load_texts(const std::filesystem::path& locales_dir, const std::string& default_language,
                              const std::string& agents_language);

}  // namespace frontline::slack
