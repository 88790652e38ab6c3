// The store at the size of a real company: group commit, load_person among 100k persons, the
// similar-incident search among 100k and 1M tickets, and opening such a store at start-up. The
// large stores are seeded through the store API once and kept between runs in
// $FRONTLINE_BENCH_DATA (tests/bench/seeded_store.hpp);
// FRONTLINE_BENCH_SIZES="10000,100000" picks the sizes (default 100000,1000000).
#include <benchmark/benchmark.h>

#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/store/outbox_store.hpp"
#include "core/store/sqlite_store.hpp"
#include "core/store/timer_store.hpp"
#include "tests/bench/seeded_store.hpp"

namespace {

using namespace frontline;

const TimePoint kNow{Seconds{1'800'000'000}};

std::filesystem::path fresh_db(const std::string& name) {
    auto p = std::filesystem::temp_directory_path() / ("frontline-bench-" + name + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix);
    return p;
}

std::vector<long> sizes() {
    const char* env = std::getenv("FRONTLINE_BENCH_SIZES");
    std::stringstream in(env && *env ? env : "100000,1000000");
    std::vector<long> out;
    for (std::string n; std::getline(in, n, ',');) out.push_back(std::stol(n));
    return out;
}

/// A store seeded once and kept open for every benchmark that uses it.
Store& seeded(const std::string& kind, long n, const bench::Fill& fill) {
    static std::map<std::string, std::unique_ptr<Store>> open;
    const std::string name = kind + "-" + std::to_string(n);
    if (auto it = open.find(name); it != open.end()) return *it->second;
    auto s = SqliteStore::open(bench::seeded_file(name, fill));
    if (!s) throw std::runtime_error(s.error().message);
    return *(open[name] = std::move(*s));
}

void fill_tickets(Store& store, long n) { bench::fill_tickets(store, n, kNow); }
void fill_persons(Store& store, long n) { bench::fill_persons(store, n); }

Ticket small_ticket(TicketId id, int i) {
    bench::Lcg rng{static_cast<std::uint64_t>(i)};
    return bench::history_ticket(id, i, 1'000'000, rng, kNow);
}

/// One transaction per ticket: what a naive loop does (an fsync each).
void BM_SaveTicketOneTransactionEach(benchmark::State& state) {
    auto store = std::move(*SqliteStore::open(fresh_db("single")));
    int i = 0;
    for (auto _ : state) {
        auto ok = store->in_transaction([&]() -> Status {
            auto id = store->allocate_id(TicketType::incident);
            if (!id) return id.error();
            return store->save_ticket(small_ticket(*id, i++));
        });
        if (!ok) state.SkipWithError(ok.error().message.c_str());
    }
    state.SetItemsProcessed(state.iterations());
}

/// N tickets per transaction: the engine loop's group commit.
void BM_SaveTicketsGroupCommit(benchmark::State& state) {
    auto store = std::move(*SqliteStore::open(fresh_db("group")));
    const auto batch = state.range(0);
    int i = 0;
    for (auto _ : state) {
        auto ok = store->in_transaction([&]() -> Status {
            for (int k = 0; k < batch; ++k) {
                auto id = store->allocate_id(TicketType::incident);
                if (!id) return id.error();
                if (auto s = store->save_ticket(small_ticket(*id, i++)); !s) return s;
            }
            return {};
        });
        if (!ok) state.SkipWithError(ok.error().message.c_str());
    }
    state.SetItemsProcessed(state.iterations() * batch);
}

/// The same ticket saved again (a card update: status, assignee) in a large store.
void BM_UpdateTicket(benchmark::State& state) {
    Store& store = seeded("tickets", state.range(0), [n = state.range(0)](Store& s) { fill_tickets(s, n); });
    auto t = store.find_ticket(TicketId{TicketType::incident, state.range(0) - 5});
    if (!t || !*t) return state.SkipWithError("seeded ticket missing");
    Ticket ticket = **t;
    int i = 0;
    for (auto _ : state) {
        ticket.assignee = (i++ % 2) ? "bruno" : "carla";
        auto ok = store.in_transaction([&] { return store.save_ticket(ticket); });
        if (!ok) state.SkipWithError(ok.error().message.c_str());
    }
}

/// load_person (find_person) by a random identity among N persons with two identities each.
void BM_LoadPerson(benchmark::State& state) {
    Store& store = seeded("persons", state.range(0), [n = state.range(0)](Store& s) { fill_persons(s, n); });
    bench::Lcg rng{7};
    for (auto _ : state) {
        auto p = store.find_person({"webchat", "visitor-" + std::to_string(rng.next() % state.range(0))});
        if (!p || !*p) state.SkipWithError("person missing");
        benchmark::DoNotOptimize(p);
    }
}

/// Runs the search once per iteration and reports p50/p99/max in microseconds next to the mean.
void search_with_percentiles(benchmark::State& state, Store& store, const SimilarQuery& q) {
    std::vector<double> us;
    std::size_t hits = 0;
    for (auto _ : state) {
        const auto started = std::chrono::steady_clock::now();
        auto r = store.find_similar(q);
        us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started).count());
        if (!r) return state.SkipWithError(r.error().message.c_str());
        hits = r->size();
        benchmark::DoNotOptimize(r);
    }
    std::sort(us.begin(), us.end());
    auto at = [&](double f) { return us[std::min(us.size() - 1, static_cast<std::size_t>(f * static_cast<double>(us.size())))]; };
    state.counters["p50_us"] = at(0.50);
    state.counters["p99_us"] = at(0.99);
    state.counters["max_us"] = us.back();
    state.counters["hits"] = static_cast<double>(hits);
}

/// The engine's search before a hand-off: open tickets of the category in the last 24 hours.
void BM_FindSimilarEngine(benchmark::State& state) {
    Store& store = seeded("tickets", state.range(0), [n = state.range(0)](Store& s) { fill_tickets(s, n); });
    SimilarQuery q{"The wifi in the office keeps disconnecting, since this morning", "network", true,
                   kNow - std::chrono::hours(24), TicketId{TicketType::incident, 1}, 5, {}, {}};
    search_with_percentiles(state, store, q);
}

/// The agents' card: open tickets of the category, any age.
void BM_FindSimilarCard(benchmark::State& state) {
    Store& store = seeded("tickets", state.range(0), [n = state.range(0)](Store& s) { fill_tickets(s, n); });
    SimilarQuery q{"VPN drops every few minutes from home VPN drops every few minutes from home", "network", true,
                   std::nullopt, TicketId{TicketType::incident, 1}, 3, {}, {}};
    search_with_percentiles(state, store, q);
}

/// Start-up at N tickets: what the service does with its store before it listens (open and
/// migrate, the next timer, the outbox's depth), on the seeded file.
void BM_StartUpStore(benchmark::State& state) {
    Store& seeded_store = seeded("tickets", state.range(0), [n = state.range(0)](Store& s) { fill_tickets(s, n); });
    const auto path = std::filesystem::path(seeded_store.db().getFilename());
    for (auto _ : state) {
        auto s = SqliteStore::open(path);
        if (!s) return state.SkipWithError(s.error().message.c_str());
        auto next = (*s)->timers().next_due();
        auto depth = (*s)->outbox().depth();
        if (!next || !depth) return state.SkipWithError("start-up reads failed");
        benchmark::DoNotOptimize(depth);
    }
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::RegisterBenchmark("BM_SaveTicketOneTransactionEach", BM_SaveTicketOneTransactionEach)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("BM_SaveTicketsGroupCommit", BM_SaveTicketsGroupCommit)->Arg(16)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond);
    for (long n : sizes()) {
        benchmark::RegisterBenchmark("BM_LoadPerson", BM_LoadPerson)->Arg(n)->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark("BM_FindSimilarEngine", BM_FindSimilarEngine)->Arg(n)->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark("BM_FindSimilarCard", BM_FindSimilarCard)->Arg(n)->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark("BM_UpdateTicket", BM_UpdateTicket)->Arg(n)->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark("BM_StartUpStore", BM_StartUpStore)->Arg(n)->Unit(benchmark::kMillisecond);
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
