// `frontline --console`: chat with the bot in the terminal as one user. Each line runs through the
// handler synchronously in one store transaction; the bot's answers are printed with numbered
// choices. Works with piped stdin; exits 0 at end of input. Timers are not fired here: the
// console is a conversation, not the service (the service runtime fires them).
#include "bot/cli/console_mode.hpp"

#include <filesystem>
#include <iostream>

#include "adapters/console/console_chat.hpp"
#include "bot/config/desk_factory.hpp"
#include "bot/runtime/adapter_registry.hpp"
#include "core/store/store.hpp"

namespace frontline {

int run_console(const Config& config, std::istream& in, std::ostream& out) {
    auto path = config.path("store.path");
    if (!path) {
        std::cerr << "frontline: " << path.error().message << "\n";
        return 2;
    }
    std::error_code ec;
    if (path->has_parent_path()) std::filesystem::create_directories(path->parent_path(), ec);
    auto store = Store::open(*path);
    if (!store) {
        std::cerr << "frontline: " << store.error().message << "\n";
        return 1;
    }
    // The same handler as the service: the hand-off Desk around the conversation engine.
    // Cards and notes go where the service would send them: the platforms enabled in the config.
    auto platforms = enabled_platforms(config);
    if (!platforms) {
        std::cerr << "frontline: " << platforms.error().message << "\n";
        return 2;
    }
    auto handler = make_desk(config, std::move(*platforms));
    if (!handler) {
        std::cerr << "frontline: " << handler.error().message << "\n";
        return 2;
    }
    auto user_id = config.string("console.user_id", "console-user");
    auto name = config.string("console.user_name", "Console user");
    auto locale = config.string("console.locale", "");
    for (const auto* r : {&user_id, &name, &locale}) {
        if (!*r) {
            std::cerr << "frontline: " << r->error().message << "\n";
            return 2;
        }
    }
    ConsoleChat chat(*user_id, *name, *locale);
    // Event ids must stay unique across console runs on the same store: start from the clock.
    const SystemClock clock;
    chat.set_next_event_number(clock.now().time_since_epoch().count() * 1000);

    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const TimePoint now = clock.now();
        const InboundEvent event = chat.event_for(line, now);
        Effects effects;
        Status st = (*store)->in_transaction([&]() -> Status {
            Repositories repos = (*store)->repositories();
            auto r = (*handler)->handle(event, repos, now);
            if (!r) return r.error();
            effects = std::move(*r);
            return {};
        });
        if (!st) {
            std::cerr << "frontline: " << st.error().message << "\n";
            continue;
        }
        out << chat.render(effects.messages) << std::flush;
    }
    return 0;
}

}  // namespace frontline
