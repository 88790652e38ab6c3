#pragma once
// Stores at the size of a real company for the benchmarks, seeded through the store API once and
// kept between runs in $FRONTLINE_BENCH_DATA (default: <tmp>/frontline-bench-data). A marker file
// names the schema version, so a new migration reseeds instead of benchmarking a stale file.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/store/store.hpp"

namespace frontline::bench {

/// Deterministic pseudo-random numbers (the same store on every run).
struct Lcg {
    std::uint64_t s;
    std::uint64_t next() { return s = s * 6364136223846793005ULL + 1442695040888963407ULL, s >> 33; }
};

/// Ticket `i` of a plausible history of `total` ending at `now`: eight categories, ~200 phrasings,
/// a thousand a day, most closed long ago, the newest 3% still open.
Ticket history_ticket(TicketId id, long i, long total, Lcg& rng, TimePoint now);

/// N tickets of that history, 10,000 per transaction.
void fill_tickets(Store& store, long n, TimePoint now);
/// N persons, each with a web chat identity (visitor-K) and a Slack one (UK).
void fill_persons(Store& store, long n);

std::filesystem::path data_dir();

using Fill = std::function<void(Store&)>;
/// The file `<data_dir>/<name>.db`, filled by `fill` unless a complete one is there already.
std::filesystem::path seeded_file(const std::string& name, const Fill& fill);

}  // namespace frontline::bench
