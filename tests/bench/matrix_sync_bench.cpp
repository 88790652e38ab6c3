// How fast the Matrix codec decodes /sync answers: an initial sync of a busy account (many rooms,
// full timelines, HTML bodies with reply fallbacks and pills) is the largest body the bot reads.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "adapters/matrix/sync_codec.hpp"

namespace {

using nlohmann::json;

std::string sync_body(int rooms, int events_per_room) {
    json join = json::object();
    int n = 0;
    for (int r = 0; r < rooms; ++r) {
        json events = json::array();
        for (int e = 0; e < events_per_room; ++e, ++n) {
            json content = {{"msgtype", "m.text"},
                            {"body", "> <@a:example.org> quoted line\n\nmy VPN drops every five minutes, message " + std::to_string(n)},
                            {"format", "org.matrix.custom.html"},
                            {"formatted_body", "<mx-reply><blockquote>quoted</blockquote></mx-reply><a href=\"https://matrix.to/#/@b:example.org\">B</a>: "
                                               "my VPN drops every <em>five</em> minutes, message " + std::to_string(n)},
                            {"m.mentions", {{"user_ids", {"@b:example.org"}}}}};
            events.push_back({{"type", "m.room.message"}, {"event_id", "$e" + std::to_string(n) + ":example.org"},
                              {"sender", "@u" + std::to_string(r) + ":example.org"}, {"origin_server_ts", 1700000000000LL + n},
                              {"content", content}, {"unsigned", {{"age", 1234}}}});
        }
        join["!room" + std::to_string(r) + ":example.org"] = {{"timeline", {{"events", events}, {"limited", false}}}};
    }
    return json{{"next_batch", "s1"}, {"rooms", {{"join", join}}}}.dump();
}

void BM_ParseSync(benchmark::State& state) {
    const auto body = sync_body(static_cast<int>(state.range(0)), 50);
    const frontline::matrix::SyncContext ctx{"@frontline:example.org", {}, false};
    std::size_t events = 0;
    for (auto _ : state) {
        auto batch = frontline::matrix::parse_sync(body, ctx);
        events += batch->events.size();
        benchmark::DoNotOptimize(batch);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
    state.counters["body_MB"] = static_cast<double>(body.size()) / 1e6;
}
BENCHMARK(BM_ParseSync)->Arg(10)->Arg(200)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
