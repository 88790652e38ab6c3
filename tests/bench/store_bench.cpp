// How much group commit buys, and how fast the similar-incident search is on a realistic store.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "core/store/store.hpp"

namespace {

using namespace frontline;

std::filesystem::path fresh_db(const std::string& name) {
    auto p = std::filesystem::temp_directory_path() / ("frontline-bench-" + name + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix);
    return p;
}

Ticket make_ticket(TicketId id, int i) {
    static const char* kTitles[] = {"VPN drops every few minutes", "Printer on floor 3 jams", "Outlook asks for password",
                                    "Cannot reach the intranet", "Laptop will not boot", "Need access to finance share"};
    Ticket t;
    t.id = id;
    t.type = id.type();
    t.category = "network";
    t.requester = {"Bench User", {"webchat", "u" + std::to_string(i % 500)}, ""};
    t.title = std::string(kTitles[i % 6]) + " #" + std::to_string(i);
    t.description = t.title + " since this morning, tried restarting";
    t.symptoms = {{"since", "Since when?", "this morning"}, {"tried", "Tried?", "restart"}};
    t.reported_at = TimePoint{Seconds{1'790'000'000 + i}};
    t.logged_at = t.reported_at;
    return t;
}

/// One transaction per ticket: what a naive loop does (an fsync each).
void BM_SaveTicketOneTransactionEach(benchmark::State& state) {
    auto store = std::move(*Store::open(fresh_db("single")));
    int i = 0;
    for (auto _ : state) {
        auto ok = store->in_transaction([&]() -> Status {
            auto id = store->allocate_id(TicketType::incident);
            if (!id) return id.error();
            return store->save_ticket(make_ticket(*id, i++));
        });
        if (!ok) state.SkipWithError(ok.error().message.c_str());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SaveTicketOneTransactionEach)->Unit(benchmark::kMicrosecond);

/// N tickets per transaction: the engine loop's group commit.
void BM_SaveTicketsGroupCommit(benchmark::State& state) {
    auto store = std::move(*Store::open(fresh_db("group")));
    const auto batch = state.range(0);
    int i = 0;
    for (auto _ : state) {
        auto ok = store->in_transaction([&]() -> Status {
            for (int k = 0; k < batch; ++k) {
                auto id = store->allocate_id(TicketType::incident);
                if (!id) return id.error();
                if (auto s = store->save_ticket(make_ticket(*id, i++)); !s) return s;
            }
            return {};
        });
        if (!ok) state.SkipWithError(ok.error().message.c_str());
    }
    state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_SaveTicketsGroupCommit)->Arg(16)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond);

/// A store with 20,000 tickets, built once for every run of the search benchmark.
Store& populated_store() {
    static std::unique_ptr<Store> store = [] {
        auto s = std::move(*Store::open(fresh_db("similar")));
        (void)s->in_transaction([&]() -> Status {
            for (int i = 0; i < 20000; ++i) {
                auto id = s->allocate_id(TicketType::incident);
                if (!id) return id.error();
                if (auto ok = s->save_ticket(make_ticket(*id, i)); !ok) return ok;
            }
            return {};
        });
        return s;
    }();
    return *store;
}

/// Similar-incident search over 20,000 tickets.
void BM_FindSimilar(benchmark::State& state) {
    Store& store = populated_store();
    SimilarQuery q{"my vpn keeps dropping since this morning", "network", true, std::nullopt, std::nullopt, 5};
    for (auto _ : state) {
        auto r = store.find_similar(q);
        if (!r || r->empty()) state.SkipWithError("no results");
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_FindSimilar)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
