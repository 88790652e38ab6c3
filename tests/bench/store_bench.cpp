// The store at the size of a real company: group commit, load_person among 100k persons, and the
// similar-incident search among 100k and 1M tickets. The large stores are seeded through the store
// API once and kept between runs in $FRONTLINE_BENCH_DATA (default: <tmp>/frontline-bench-data);
// FRONTLINE_BENCH_SIZES="10000,100000" picks the sizes (default 100000,1000000).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/store/store.hpp"

namespace {

using namespace frontline;

const TimePoint kNow{Seconds{1'800'000'000}};

std::filesystem::path fresh_db(const std::string& name) {
    auto p = std::filesystem::temp_directory_path() / ("frontline-bench-" + name + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix);
    return p;
}

std::filesystem::path data_dir() {
    const char* env = std::getenv("FRONTLINE_BENCH_DATA");
    std::filesystem::path dir = env && *env ? env : std::filesystem::temp_directory_path() / "frontline-bench-data";
    std::filesystem::create_directories(dir);
    return dir;
}

std::vector<long> sizes() {
    const char* env = std::getenv("FRONTLINE_BENCH_SIZES");
    std::stringstream in(env && *env ? env : "100000,1000000");
    std::vector<long> out;
    for (std::string n; std::getline(in, n, ',');) out.push_back(std::stol(n));
    return out;
}

/// Deterministic pseudo-random numbers (the same store on every run).
struct Lcg {
    std::uint64_t s;
    std::uint64_t next() { return s = s * 6364136223846793005ULL + 1442695040888963407ULL, s >> 33; }
};

/// A plausible history: many categories and phrasings, a thousand tickets a day, most of them
/// closed long ago, a few percent open.
Ticket history_ticket(TicketId id, long i, long total, Lcg& rng) {
    static const char* kCategories[] = {"network", "email", "hardware", "access", "printing", "software", "application", "security"};
    static const char* kSubjects[] = {"VPN", "wifi", "Outlook", "printer", "laptop", "badge", "CRM", "ERP", "Teams",
                                      "shared drive", "password", "monitor", "docking station", "SAP", "intranet", "phone"};
    static const char* kProblems[] = {"keeps disconnecting", "will not start", "asks for the password again", "is very slow",
                                      "shows an error", "does not print", "cannot connect", "lost my files", "is locked",
                                      "needs access for a new colleague", "freezes after the update", "drops every few minutes"};
    static const char* kWhere[] = {"in the office", "from home", "at the customer site", "on the third floor", "in Milan",
                                   "in Rome", "since the update", "after the move"};
    Ticket t;
    t.id = id;
    t.type = id.type();
    const auto c = rng.next();
    t.category = kCategories[c % 8];
    t.requester = {"Bench User", {"webchat", "visitor-" + std::to_string(rng.next() % 200000)}, ""};
    t.title = std::string(kSubjects[rng.next() % 16]) + " " + kProblems[rng.next() % 12] + " " + kWhere[rng.next() % 8];
    t.description = t.title + ", reference " + std::to_string(i);
    t.symptoms = {{"since", "Since when?", "this morning"}, {"who", "Who is affected?", rng.next() % 2 ? "Only me" : "My team"}};
    // Oldest first, a thousand a day up to now; the last 3% are still open.
    t.reported_at = kNow - Seconds{(total - i) * 86};
    t.logged_at = t.reported_at;
    t.status = i > total - total * 3 / 100 ? TicketStatus::escalated : TicketStatus::closed;
    if (t.status == TicketStatus::closed) t.resolution_notes = "fixed: restarted the " + std::string(kSubjects[c % 16]);
    return t;
}

/// A store seeded once by `fill(store, n)` and reused by later runs (a marker file says it is complete).
Store& seeded(const std::string& kind, long n, void (*fill)(Store&, long)) {
    static std::map<std::string, std::unique_ptr<Store>> open;
    const std::string name = kind + "-" + std::to_string(n);
    if (auto it = open.find(name); it != open.end()) return *it->second;
    const auto path = data_dir() / (name + ".db");
    const auto marker = data_dir() / (name + ".complete-v" + std::to_string(latest_schema_version()));
    if (!std::filesystem::exists(marker)) {
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
        auto s = Store::open(path);
        if (!s) throw std::runtime_error(s.error().message);
        const auto started = std::chrono::steady_clock::now();
        fill(**s, n);
        std::fprintf(stderr, "seeded %s in %.1f s\n", name.c_str(),
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        std::ofstream(marker) << "seeded\n";
    }
    auto s = Store::open(path);
    if (!s) throw std::runtime_error(s.error().message);
    return *(open[name] = std::move(*s));
}

void fill_tickets(Store& store, long n) {
    Lcg rng{42};
    for (long done = 0; done < n;) {
        auto ok = store.in_transaction([&]() -> Status {
            for (long k = 0; k < 10000 && done < n; ++k, ++done) {
                auto id = store.allocate_id(TicketType::incident);
                if (!id) return id.error();
                if (auto s = store.save_ticket(history_ticket(*id, done, n, rng)); !s) return s;
            }
            return {};
        });
        if (!ok) throw std::runtime_error(ok.error().message);
    }
}

void fill_persons(Store& store, long n) {
    for (long done = 0; done < n;) {
        auto ok = store.in_transaction([&]() -> Status {
            for (long k = 0; k < 10000 && done < n; ++k, ++done) {
                const Identity web{"webchat", "visitor-" + std::to_string(done)};
                if (auto p = store.upsert_person(web, "Visitor " + std::to_string(done), ""); !p) return p.error();
                if (auto s = store.link_identity(web, {"slack", "U" + std::to_string(done)}); !s) return s;
            }
            return {};
        });
        if (!ok) throw std::runtime_error(ok.error().message);
    }
}

Ticket small_ticket(TicketId id, int i) {
    Lcg rng{static_cast<std::uint64_t>(i)};
    return history_ticket(id, i, 1'000'000, rng);
}

/// One transaction per ticket: what a naive loop does (an fsync each).
void BM_SaveTicketOneTransactionEach(benchmark::State& state) {
    auto store = std::move(*Store::open(fresh_db("single")));
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
    auto store = std::move(*Store::open(fresh_db("group")));
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
    Store& store = seeded("tickets", state.range(0), fill_tickets);
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
    Store& store = seeded("persons", state.range(0), fill_persons);
    Lcg rng{7};
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
    Store& store = seeded("tickets", state.range(0), fill_tickets);
    SimilarQuery q{"The wifi in the office keeps disconnecting, since this morning", "network", true,
                   kNow - std::chrono::hours(24), TicketId{TicketType::incident, 1}, 5};
    search_with_percentiles(state, store, q);
}

/// The agents' card: open tickets of the category, any age.
void BM_FindSimilarCard(benchmark::State& state) {
    Store& store = seeded("tickets", state.range(0), fill_tickets);
    SimilarQuery q{"VPN drops every few minutes from home VPN drops every few minutes from home", "network", true,
                   std::nullopt, TicketId{TicketType::incident, 1}, 3};
    search_with_percentiles(state, store, q);
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
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
