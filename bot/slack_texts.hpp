#pragma once
// What the Slack adapter says in its own name (the note after a mention, the reply modal), taken
// from the shipped locales, and which buttons ask for text first: the hand-off's Reply.
#include "adapters/slack/slack_factory.hpp"
#include "bot/config/config.hpp"

namespace frontline {

Result<slack::SlackTexts> slack_texts(const Config& config);

}  // namespace frontline
