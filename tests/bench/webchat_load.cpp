// Web chat end to end (issue 12, benchmarks 1, 2 and 4): the real frontline process on a fresh or a
// seeded store, and N simulated users over WebSocket, all on this machine's cores. Every user opens
// a conversation, then all run the Wi-Fi diagnosis flow at once, pressing the offered buttons and
// typing where the bot asks in words, each line as soon as the bot's question came. Prints user
// lines/s, the echo (the line committed) and reply latencies, the process's CPU per 1,000 lines, its
// peak RSS and its start-up time. `--idle N` instead opens N conversations, lets them go idle and
// prints the RSS each one costs. Figures only: it never fails on speed.
// With `--backend postgresql --processes P` (issue 21) the store is a fresh database on a
// PostgreSQL server of its own (tests/support/pg_cluster) and P processes share it, the users
// spread over them round robin; CPU is then the processes' sum (the database server's own CPU is
// not in it).
//
//   webchat_load [--users N] [--rate R] [--seeded N] [--idle N] [--backend sqlite|postgresql]
//                [--processes P] [--verbose]
//     --rate R     users pause users/R seconds before each line, so that together they send about
//                  R lines/s (the latency at a given load rather than the throughput)
//     --seeded N   run on a copy of a store seeded with N persons and N tickets (kept between runs
//                  in $FRONTLINE_BENCH_DATA; the first seeding of 1,000,000 takes several minutes)
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "adapters/net/wait.hpp"
#include "adapters/net/websocket_client.hpp"
#include "tests/bench/seeded_store.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using namespace frontline;
namespace asio = boost::asio;
namespace fs = std::filesystem;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

struct Options {
    int users = 200;
    long seeded = 0;
    int idle = 0;
    double rate = 0;  ///< user lines/s all users together aim at (a pause before each line); 0: flat out
    bool verbose = false;
    bool postgresql = false;
    int processes = 1;
};

/// Where the processes keep their store: a SQLite file, or a PostgreSQL database.
struct StoreTarget {
    fs::path sqlite_file;
    std::string pg_url;  ///< without the password, which goes through kPasswordEnv
};

constexpr const char* kPasswordEnv = "FRONTLINE_BENCH_PG_PASSWORD";

/// What the users measured; one io_context thread, so no locking.
struct Figures {
    std::vector<double> reply_ms;  ///< a line sent -> the bot's first line after it
    std::vector<double> echo_ms;   ///< a line sent -> its echo (committed to the store)
    std::size_t lines = 0;
    std::size_t connected = 0;
    std::size_t finished = 0;
    std::size_t failed = 0;
    std::vector<std::string> failures;
};

/// The shipped configuration with every engine file made absolute, the store in `dir`, and the
/// per-address limits lifted: every simulated user comes from 127.0.0.1.
fs::path write_config(const fs::path& dir, const StoreTarget& store) {
    const fs::path source_config = fs::path(FRONTLINE_SOURCE_DIR) / "config";
    json c = json::parse(std::ifstream(source_config / "frontline.json"));
    for (auto* section : {&c["engine"], &c["agents"]})
        for (auto& [key, value] : section->items())
            if (value.is_string() && (key.ends_with("_file") || key.ends_with("_dir") || key == "file"))
                value = (source_config / value.get<std::string>()).string();
    if (store.pg_url.empty()) c["store"]["path"] = store.sqlite_file.string();
    else c["store"] = {{"backend", "postgresql"}, {"url", store.pg_url}, {"password_env", kPasswordEnv}};
    c["http"]["listen"] = "127.0.0.1:0";
    c["http"]["max_connections"] = 30000;
    c["http"]["max_connections_per_ip"] = 30000;
    c["webchat"]["lines_per_minute"] = 0;
    c["webchat"]["new_sessions_per_ip_per_hour"] = 0;
    c["webchat"]["tickets_per_ip_per_hour"] = 0;
    const fs::path file = dir / "frontline.json";
    std::ofstream(file) << c.dump(2);
    return file;
}

struct ProcessStats {
    double cpu_seconds = 0;  ///< user + system
    long rss_kb = 0;
    long peak_rss_kb = 0;
};

ProcessStats process_stats(pid_t pid) {
    ProcessStats s;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string all((std::istreambuf_iterator<char>(stat)), {});
    // Fields after the command name (which may hold spaces) start at state, field 3; utime is 14.
    std::istringstream rest(all.substr(all.rfind(')') + 2));
    std::vector<std::string> fields((std::istream_iterator<std::string>(rest)), {});
    if (fields.size() > 12)
        s.cpu_seconds = static_cast<double>(std::stol(fields[11]) + std::stol(fields[12])) /
                        static_cast<double>(sysconf(_SC_CLK_TCK));
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.starts_with("VmRSS:")) s.rss_kb = std::stol(line.substr(6));
        if (line.starts_with("VmHWM:")) s.peak_rss_kb = std::stol(line.substr(6));
    }
    return s;
}

double ms_since(SteadyClock::time_point t) {
    return std::chrono::duration<double, std::milli>(SteadyClock::now() - t).count();
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

/// The answer this flow's users give: the button whose label they would press, or words.
std::string preferred_choice(const json& choices) {
    static const char* kPrefer[] = {"My team", "I'm blocked", "Wi-Fi", "In the office", "Yes"};
    for (const char* label : kPrefer)
        for (std::size_t i = 0; i < choices.size(); ++i)
            if (choices[i].value("label", "") == label) return std::to_string(i);
    return "0";
}

class SimulatedUser {
public:
    SimulatedUser(int index, std::uint16_t port, Figures& figures, asio::steady_timer& go, const Options& options)
        : index_(index), port_(port), f_(figures), go_(go), options_(options) {}

    /// Connects and says hello; then waits for `go` and runs the flow (or, idle, one line and quiet).
    asio::awaitable<void> run() {
        if (!co_await open()) co_return;
        ++f_.connected;
        if (options_.idle > 0) {
            co_await say_hello_and_idle();
            co_return;
        }
        co_await go_.async_wait(asio::as_tuple(asio::use_awaitable));
        // At a set rate each user reads and thinks before every line; the first lines are spread.
        const auto think = std::chrono::duration_cast<SteadyClock::duration>(
            std::chrono::duration<double>(options_.rate > 0 ? options_.users / options_.rate : 0.0));
        if (options_.rate > 0) co_await net::wait_for(think * (index_ % 100) / 100);
        json next = {{"type", "message"}, {"text", "The wifi in the office keeps disconnecting"}};
        for (int step = 0; step < 12; ++step) {
            next["id"] = "l" + std::to_string(step);
            auto answer = co_await exchange(next);
            if (!answer) co_return;
            ++f_.lines;
            if (answer->is_null()) {
                ++f_.finished;
                ws_->close();
                co_return;
            }
            next = std::move(*answer);
            if (options_.rate > 0) co_await net::wait_for(think);
        }
        fail("the flow did not end within 12 lines");
    }

private:
    asio::awaitable<bool> open() {
        net::WebSocketClient client(co_await asio::this_coro::executor, nullptr);
        const std::string url = "ws://127.0.0.1:" + std::to_string(port_) + "/ws";
        for (int attempt = 0; attempt < 5 && !ws_; ++attempt) {
            auto ws = co_await client.connect(url);
            if (ws) ws_ = *ws;
        }
        if (!ws_) {
            fail("could not connect");
            co_return false;
        }
        const std::string hello = json{{"type", "hello"}, {"v", 1}, {"session", ""}, {"locale", "en"},
                                       {"name", "Visitor " + std::to_string(index_)}}
                                      .dump();
        ws_->send(hello);
        for (;;) {
            auto frame = co_await read();
            if (!frame) co_return false;
            if (frame->value("type", "") == "welcome") co_return true;
        }
    }

    /// Sends `line`; reads until the bot asks its next question. Returns the answer to it, null
    /// when the bot handed the ticket off (the flow's end), nothing on failure.
    asio::awaitable<std::optional<json>> exchange(const json& line, bool any_reply = false) {
        const auto sent = SteadyClock::now();
        bool echoed = false, replied = false;
        ws_->send(line.dump());
        for (;;) {
            auto frame = co_await read();
            if (!frame) co_return std::nullopt;
            const json& f = *frame;
            if (f.value("type", "") == "error") {
                fail("error " + f.dump());
                co_return std::nullopt;
            }
            if (f.value("type", "") != "message") continue;
            if (f.value("from", "") == "user") {
                if (!echoed) f_.echo_ms.push_back(ms_since(sent));
                echoed = true;
                continue;
            }
            if (f.contains("replaces") && !f["replaces"].get<std::string>().empty()) continue;  // a retired question
            if (!replied) f_.reply_ms.push_back(ms_since(sent));
            replied = true;
            if (any_reply) co_return json();
            const std::string text = f.value("text", "");
            if (options_.verbose && index_ == 0) std::cerr << "  bot: " << text << "\n";
            // The hand-off ends the flow; its lasting "Report another problem" button is not pressed.
            if (text.find("passed") != std::string::npos) co_return json();
            const json& choices = f.contains("choices") ? f["choices"] : json::array();
            if (!choices.empty()) {
                const json& c = choices[std::stoul(preferred_choice(choices))];
                co_return json{{"type", "choice"}, {"payload", c["payload"]}, {"label", c["label"]}};
            }
            if (!text.empty() && text.back() == '?')
                co_return json{{"type", "message"}, {"text", "Building A, third floor, meeting room Tevere"}};
        }
    }

    asio::awaitable<void> say_hello_and_idle() {
        const json hi = {{"type", "message"}, {"id", "hi"}, {"text", "hi"}};  // named: GCC 12 coroutine temporaries
        auto answer = co_await exchange(hi, true);
        if (!answer) co_return;
        ++f_.finished;
        // Idle, but reading: the server's pings must be answered or it closes the socket.
        while (co_await read()) {
        }
    }

    asio::awaitable<std::optional<json>> read() {
        auto text = co_await net::with_deadline(ws_->read(), std::chrono::seconds(120), "web chat frame");
        if (!text) {
            if (!done_reading_) fail(text.error().message);
            co_return std::nullopt;
        }
        json f = json::parse(*text, nullptr, false);
        if (f.is_discarded()) {
            fail("not JSON: " + *text);
            co_return std::nullopt;
        }
        if (f.value("type", "") == "message" && f.contains("seq"))
            ws_->send(json{{"type", "ack"}, {"seq", f["seq"]}}.dump());
        co_return f;
    }

    void fail(const std::string& why) {
        ++f_.failed;
        if (f_.failures.size() < 5) f_.failures.push_back("user " + std::to_string(index_) + ": " + why);
    }

public:
    bool done_reading_ = false;
    net::WebSocketPtr ws_;

private:
    int index_;
    std::uint16_t port_;
    Figures& f_;
    asio::steady_timer& go_;
    const Options& options_;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&] { return i + 1 < argc ? std::stol(argv[++i]) : throw std::invalid_argument(a + " needs a value"); };
        if (a == "--users") o.users = static_cast<int>(value());
        else if (a == "--seeded") o.seeded = value();
        else if (a == "--idle") o.idle = static_cast<int>(value());
        else if (a == "--rate") o.rate = static_cast<double>(value());
        else if (a == "--processes") o.processes = static_cast<int>(value());
        else if (a == "--backend") {
            const std::string b = i + 1 < argc ? argv[++i] : "";
            if (b != "sqlite" && b != "postgresql") throw std::invalid_argument("--backend is sqlite or postgresql");
            o.postgresql = b == "postgresql";
        }
        else if (a == "--verbose") o.verbose = true;
        else throw std::invalid_argument("unknown argument " + a);
    }
    if (o.processes < 1) throw std::invalid_argument("--processes is at least 1");
    if (o.processes > 1 && !o.postgresql) throw std::invalid_argument("several processes need --backend postgresql");
    if (o.postgresql && o.seeded > 0) throw std::invalid_argument("--seeded is a SQLite store: not with --backend postgresql");
    return o;
}

/// The store the process starts on: a fresh file, or a copy of the seeded company store.
fs::path prepare_store(const Options& o, const fs::path& dir) {
    const fs::path db = dir / "frontline.db";
    if (o.seeded <= 0) return db;
    const long n = o.seeded;
    const auto seeded = bench::seeded_file("company-" + std::to_string(n), [n](Store& s) {
        bench::fill_persons(s, n);
        bench::fill_tickets(s, n, TimePoint{std::chrono::duration_cast<Seconds>(std::chrono::system_clock::now().time_since_epoch())});
    });
    fs::copy_file(seeded, db);
    return db;
}

/// Several processes' figures as one: CPU summed, RSS summed, the peak the largest.
ProcessStats all_stats(const std::vector<std::unique_ptr<testing::ServiceProcess>>& services) {
    ProcessStats sum;
    for (const auto& s : services) {
        const auto one = process_stats(s->pid());
        sum.cpu_seconds += one.cpu_seconds;
        sum.rss_kb += one.rss_kb;
        sum.peak_rss_kb = std::max(sum.peak_rss_kb, one.peak_rss_kb);
    }
    return sum;
}

void run(const Options& o) {
    testkit::TempDir dir;
    std::unique_ptr<testkit::PgCluster> pg;
    StoreTarget store;
    std::map<std::string, std::string> env;
    if (o.postgresql) {
        pg = std::make_unique<testkit::PgCluster>();
        const auto name = pg->unique_name();
        pg->create_database(name);
        store.pg_url = pg->url(name);
        env[kPasswordEnv] = pg->password();
    } else {
        store.sqlite_file = prepare_store(o, dir.path());
    }
    const fs::path config = write_config(dir.path(), store);

    const auto starting = SteadyClock::now();
    std::vector<std::unique_ptr<testing::ServiceProcess>> services;
    for (int p = 0; p < o.processes; ++p) {
        const auto log = dir.file("service-" + std::to_string(p) + ".log");
        services.push_back(std::make_unique<testing::ServiceProcess>(FRONTLINE_BINARY, std::vector<std::string>{"--config", config.string()}, env, log));
        if (services.back()->port() == 0) throw std::runtime_error("frontline did not start; see " + log.string());
    }
    const double startup_s = ms_since(starting) / 1000;

    asio::io_context io;
    Figures f;
    asio::steady_timer go(io, SteadyClock::time_point::max());
    const int n = o.idle > 0 ? o.idle : o.users;
    std::vector<std::unique_ptr<SimulatedUser>> users;
    for (int i = 0; i < n; ++i)
        users.push_back(std::make_unique<SimulatedUser>(i, services[static_cast<std::size_t>(i % o.processes)]->port(), f, go, o));

    const ProcessStats before_connect = all_stats(services);
    // At most 200 handshakes at once: the listener's backlog is not what is measured here.
    std::size_t started = 0;
    for (; started < users.size() && started < 200; ++started) asio::co_spawn(io, users[started]->run(), asio::detached);

    ProcessStats at_go, at_end;
    SteadyClock::time_point go_time, end_time;
    bool going = false, ended = false;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        for (;;) {
            co_await net::wait_for(std::chrono::milliseconds(5));
            while (started < users.size() && started < f.connected + f.failed + 200)
                asio::co_spawn(io, users[started++]->run(), asio::detached);
            if (!going && f.connected + f.failed >= static_cast<std::size_t>(n)) {
                if (o.idle > 0) {
                    if (f.finished + f.failed < static_cast<std::size_t>(n)) continue;
                    co_await net::wait_for(std::chrono::seconds(3));  // let the process settle
                }
                going = true;
                at_go = all_stats(services);
                go_time = SteadyClock::now();
                go.cancel();
            }
            if (going && (o.idle > 0 || f.finished + f.failed >= static_cast<std::size_t>(n))) {
                end_time = SteadyClock::now();
                at_end = all_stats(services);
                ended = true;
                for (auto& u : users) {
                    u->done_reading_ = true;
                    if (u->ws_) u->ws_->close();
                }
                co_return;
            }
        }
    }, asio::detached);
    while (!ended && io.run_one() > 0) {
    }
    io.run_for(std::chrono::seconds(2));

    const std::string where = o.postgresql ? "fresh PostgreSQL store, " + std::to_string(o.processes) + " process" + (o.processes > 1 ? "es" : "")
                              : o.seeded > 0 ? "seeded " + std::to_string(o.seeded) + " persons + tickets" : "fresh store";
    if (o.idle > 0) {
        const double per_kb = static_cast<double>(at_go.rss_kb - before_connect.rss_kb) / n;
        std::printf("idle: %d open conversations (%s): RSS %.1f MB -> %.1f MB, %.2f KB per idle open conversation; %zu failed\n",
                    n, where.c_str(), before_connect.rss_kb / 1024.0, at_go.rss_kb / 1024.0, per_kb, f.failed);
    } else {
        const double wall = std::chrono::duration<double>(end_time - go_time).count();
        const double cpu = at_end.cpu_seconds - at_go.cpu_seconds;
        const std::string pace = o.rate > 0 ? ", paced at " + std::to_string(static_cast<int>(o.rate)) + " lines/s" : "";
        std::printf("web chat e2e: %d users%s (%s): %zu lines in %.2f s = %.0f lines/s; reply p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                    "echo (committed) p50 %.1f ms, p99 %.1f ms; process CPU %.2f s = %.2f s per 1,000 lines (%.0f%% of a core); "
                    "peak RSS %.1f MB; start-up %.2f s; %zu finished, %zu failed\n",
                    n, pace.c_str(), where.c_str(), f.lines, wall, static_cast<double>(f.lines) / wall, percentile(f.reply_ms, 0.5),
                    percentile(f.reply_ms, 0.99), percentile(f.reply_ms, 1.0), percentile(f.echo_ms, 0.5),
                    percentile(f.echo_ms, 0.99), cpu, f.lines ? cpu * 1000 / static_cast<double>(f.lines) : 0.0,
                    100 * cpu / wall, at_end.peak_rss_kb / 1024.0, startup_s, f.finished, f.failed);
    }
    for (const auto& why : f.failures) std::printf("  failure: %s\n", why.c_str());
    std::fflush(stdout);
    for (auto& s : services) s->stop(SIGTERM);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        run(parse(argc, argv));
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "webchat_load: %s\n", e.what());
        return 1;
    }
}
