// One engine turn through the real store, as the service runs it: the shipped configuration's Desk
// over the conversation engine (make_desk), the engine loop's batch transaction (run_batch: inbox,
// handler, outbox, timers, COMMIT with synchronous=FULL), then the outbox dispatcher's poll and its
// "delivered" mark (unsynced, as the service commits marks). Users run the whole Wi-Fi diagnosis
// flow of tests/transcripts, one line a turn.
// The CPU column is what issue 12's "CPU per turn" means; wall time includes the fsync of COMMIT.
#include <benchmark/benchmark.h>

#include <array>
#include <filesystem>
#include <string>

#include "bot/config/config.hpp"
#include "bot/config/desk_factory.hpp"
#include "bot/runtime/batch_runner.hpp"
#include "core/store/outbox_store.hpp"
#include "core/store/sqlite_store.hpp"

namespace {

using namespace frontline;

// tests/transcripts/network_wifi_office_en.txt: from the first line to the hand-off.
constexpr std::array<const char*, 7> kFlow = {"The wifi in the office keeps disconnecting", "2", "2", "2", "1", "yes",
                                              "Building A, third floor, meeting room Tevere"};

std::filesystem::path fresh_db(const std::string& name) {
    auto p = std::filesystem::temp_directory_path() / ("frontline-bench-" + name + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix);
    return p;
}

/// The service's handler and store on a fresh file, and a stream of users each running kFlow.
class Desk {
public:
    explicit Desk(const std::string& name) {
        auto cfg = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json", {});
        if (!cfg) throw std::runtime_error(cfg.error().message);
        const PlatformCapabilities webchat{.buttons = true, .threads = false, .edits = true, .ephemeral = false,
                                           .reaches_offline_users = false};
        auto desk = make_desk(*cfg, {{"webchat", webchat}});
        if (!desk) throw std::runtime_error(desk.error().message);
        handler_ = std::move(*desk);
        auto store = SqliteStore::open(fresh_db(name));
        if (!store) throw std::runtime_error(store.error().message);
        store_ = std::move(*store);
    }

    /// The next user line: user k sends line k % 7 of the flow, `users` users interleaved.
    InboundEvent next_line(int users) {
        const int user = (line_ % users) + (line_ / (users * static_cast<int>(kFlow.size()))) * users;
        const int step = (line_ / users) % static_cast<int>(kFlow.size());
        InboundEvent e;
        e.event_id = "e" + std::to_string(line_++);
        e.from = {"webchat", "visitor-" + std::to_string(user)};
        e.where = {"webchat", e.from.user_id, ""};
        e.text = kFlow[static_cast<std::size_t>(step)];
        e.locale_hint = "en";
        e.display_name = "Visitor " + std::to_string(user);
        e.received_at = now_;
        return e;
    }

    /// One batch of events, then the dispatcher delivers what it queued.
    Status turn(std::vector<InboundEvent> events) {
        now_ += Seconds{1};
        BatchInput input;
        input.events = std::move(events);
        input.now = now_;
        auto out = run_batch(*store_, *handler_, input);
        if (!out.status) return out.status;
        OutboxStore& outbox = store_->outbox();
        auto rows = outbox.deliverable(now_, 256);
        if (!rows) return rows.error();
        // As the service marks them (bot/runtime/delivered_marks.cpp): unsynced, a mark lost in a
        // power cut only means the row is sent again with its key.
        return store_->in_unsynced_transaction([&]() -> Status {
            for (const auto& r : *rows)
                if (auto s = outbox.mark_delivered(r.id, "m" + std::to_string(r.id), now_); !s) return s;
            return {};
        });
    }

private:
    std::unique_ptr<EventHandler> handler_;
    std::unique_ptr<Store> store_;
    TimePoint now_{Seconds{1'800'000'000}};
    int line_ = 0;
};

/// One user line per batch: the lone user's turn (200 users interleaved, so sessions are warm and
/// the store holds a few thousand tickets after a while).
void BM_EngineTurn(benchmark::State& state) {
    Desk desk("turn");
    for (auto _ : state) {
        if (auto s = desk.turn({desk.next_line(200)}); !s) state.SkipWithError(s.error().message.c_str());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineTurn)->Unit(benchmark::kMicrosecond);

/// A batch of N user lines in one transaction (group commit): the cost per line falls as the fsync
/// of COMMIT is shared.
void BM_BatchCommit(benchmark::State& state) {
    Desk desk("batch");
    const auto n = static_cast<int>(state.range(0));
    for (auto _ : state) {
        std::vector<InboundEvent> events;
        for (int i = 0; i < n; ++i) events.push_back(desk.next_line(std::max(n, 200)));
        if (auto s = desk.turn(std::move(events)); !s) state.SkipWithError(s.error().message.c_str());
    }
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_BatchCommit)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
