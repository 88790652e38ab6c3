// `frontline --console`: chat with the bot in the terminal as one user. Each line is applied the
// way the engine loop applies a batch (apply_one: inbox, effects in the outbox and timer tables,
// commit), so the store records the console's conversation like the service's. The console is
// then its own adapter: it prints its rows of the outbox, with numbered choices, and marks them
// delivered; rows for other platforms (the agents' cards) stay for the service to deliver. Timers
// due by the time a line is typed fire first. Works with piped stdin; exits 0 at end of input.
#include "bot/cli/console_mode.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>

#include "adapters/console/console_chat.hpp"
#include "bot/config/desk_factory.hpp"
#include "bot/config/open_store.hpp"
#include "bot/config/store_settings.hpp"
#include "bot/runtime/adapter_registry.hpp"
#include "bot/runtime/apply_one.hpp"
#include "core/store/outbox_store.hpp"

namespace frontline {
namespace {

/// Prints the console's deliverable outbox rows in order and marks them delivered, as an adapter
/// would; each delivered row may make the next one of the conversation deliverable.
Status deliver_console_rows(Store& store, ConsoleChat& chat, TimePoint now, std::ostream& out) {
    OutboxStore& outbox = store.outbox();
    for (;;) {
        auto rows = outbox.deliverable(now, 1000);
        if (!rows) return rows.error();
        bool any = false;
        for (const auto& r : *rows) {
            if (r.message.to != chat.address()) continue;
            any = true;
            out << chat.render({r.message});
            if (auto s = outbox.mark_delivered(r.id, "console:" + std::to_string(r.id), now); !s) return s;
        }
        out << std::flush;
        if (!any) return {};
    }
}

}  // namespace

int run_console(const Config& config, std::istream& in, std::ostream& out) {
    auto settings = read_store_settings(config);
    if (!settings) {
        std::cerr << "frontline: " << settings.error().message << "\n";
        return 2;
    }
    auto store = open_store(*settings, process_holder_name());
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
    // Event ids must stay unique across console runs on the same store (the inbox drops a known
    // id): start from the clock in microseconds, so a run started within the same second as the
    // last one still numbers past it.
    const SystemClock clock;
    chat.set_next_event_number(std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());

    auto report = [](const Status& st) {
        if (!st) std::cerr << "frontline: " << st.error().message << "\n";
    };
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const TimePoint now = clock.now();
        report(fire_due_timers(**store, **handler, now).status);
        report(apply_one(**store, **handler, chat.event_for(line, now), now).status);
        report(deliver_console_rows(**store, chat, now, out));
    }
    return 0;
}

}  // namespace frontline
