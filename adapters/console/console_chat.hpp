#pragma once
// The console "platform": one user chatting in a terminal. Typed lines become neutral events (a
// number picks that choice of the last question) and the bot's messages become plain text with
// numbered choices ("[1] Yes"). Pure: no I/O, so the console mode and the transcript runner share it.
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/message.hpp"

namespace frontline {

class ConsoleChat {
public:
    /// `user_id` and `name` identify the one console user; `locale_hint` may be empty.
    ConsoleChat(std::string user_id, std::string name, std::string locale_hint = {});

    /// The event for one typed line. Event ids count up from `first_event_id`.
    InboundEvent event_for(const std::string& line, TimePoint now);

    /// The messages addressed to this user as text, each followed by its numbered choices; remembers
    /// the choices of the last message so a typed number can pick one.
    std::string render(const std::vector<OutboundMessage>& messages);

    const Identity& user() const { return user_; }
    const Address& address() const { return address_; }
    /// Continues event numbering after a restart, so event ids stay unique in one store.
    void set_next_event_number(long long n) { next_event_ = n; }

private:
    Identity user_;
    Address address_;
    std::string name_;
    std::string locale_hint_;
    long long next_event_ = 1;
    std::vector<Choice> last_choices_;
};

}  // namespace frontline
