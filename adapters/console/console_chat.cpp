#include "adapters/console/console_chat.hpp"

#include <charconv>

#include "core/text.hpp"

namespace frontline {

ConsoleChat::ConsoleChat(std::string user_id, std::string name, std::string locale_hint)
    : user_{"console", user_id}, address_{"console", std::move(user_id), {}}, name_(std::move(name)),
      locale_hint_(std::move(locale_hint)) {}

InboundEvent ConsoleChat::event_for(const std::string& line, TimePoint now) {
    InboundEvent e;
    e.event_id = "console-" + std::to_string(next_event_++);
    e.from = user_;
    e.where = address_;
    e.display_name = name_;
    e.locale_hint = locale_hint_;
    e.received_at = now;
    e.kind = InboundKind::text;
    e.text = line;
    const std::string typed = trim(line);
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(typed.data(), typed.data() + typed.size(), n);
    if (!typed.empty() && ec == std::errc() && end == typed.data() + typed.size() && n >= 1 && n <= last_choices_.size()) {
        // Like pressing the button: the bot receives the choice's payload.
        e.kind = InboundKind::choice;
        e.payload = last_choices_[n - 1].payload;
        e.text = last_choices_[n - 1].label;
    }
    return e;
}

std::string ConsoleChat::render(const std::vector<OutboundMessage>& messages) {
    std::string out;
    for (const auto& m : messages) {
        if (m.to != address_) continue;
        // A terminal cannot change what it printed: an update in place (an answered question losing
        // its buttons) adds nothing to a linear transcript.
        if (!m.replaces.empty()) continue;
        // Only the latest question's buttons can be pressed: a free-text question after a choice
        // question means a typed "2" is an answer, not button 2 of the old question.
        last_choices_ = m.choices;
        out += m.text;
        out += '\n';
        if (!m.choices.empty()) {
            for (std::size_t i = 0; i < m.choices.size(); ++i)
                out += "  [" + std::to_string(i + 1) + "] " + m.choices[i].label + "\n";
        }
    }
    return out;
}

}  // namespace frontline
