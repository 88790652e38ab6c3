#include "tests/integration/scaleout/scaleout_world.hpp"

#include <signal.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include <boost/asio/post.hpp>

#include "tests/support/agents_file.hpp"
#include "tests/support/pg_cluster.hpp"

namespace frontline::scaleout {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
constexpr const char* kPasswordEnv = "FRONTLINE_TEST_PG_PASSWORD";
}  // namespace

std::string shape_name(const Shape& s) {
    return std::string(s.backend == Backend::sqlite ? "sqlite_" : "postgresql_") + std::to_string(s.processes);
}

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit) {
    for (auto until = std::chrono::steady_clock::now() + limit;; std::this_thread::sleep_for(std::chrono::milliseconds(20))) {
        if (pred()) return true;
        if (std::chrono::steady_clock::now() >= until) return false;
    }
}

World::World(WorldOptions options) : options_(std::move(options)) {
    const int n = options_.shape.processes;
    processes_.resize(static_cast<std::size_t>(n));
    ports_.assign(static_cast<std::size_t>(n), 0);
    starts_.assign(static_cast<std::size_t>(n), 0);

    if (options_.shape.backend == Backend::postgresql) {
        auto& pg = testkit::PgCluster::shared();
        const auto name = pg.unique_name();
        pg.create_database(name);
        pg_url_ = pg.url(name);
        pg_password_ = pg.password();
        env_[kPasswordEnv] = pg_password_;
        store_ = postgresql_view(pg_url_, pg_password_);
    } else {
        store_ = sqlite_view(dir_.file("frontline.db"));
    }

    fakes::FakeSlackOptions slack_options;
    slack_options.max_retries = options_.slack_max_retries;
    slack_ = std::make_unique<fakes::FakeSlack>(io_.get_executor(), slack_options);
    telegram_ = std::make_unique<fakes::FakeTelegram>(io_.get_executor());
    if (options_.slack) {
        if (!slack_->start()) throw std::runtime_error("the fake Slack did not start");
        // The example teams' Slack rooms (agents.example.json).
        slack_->add_channel("C0SERVICEDESK", "it-service-desk");
        slack_->add_channel("C0INFRA", "it-infrastructure");
        slack_->add_channel("C0SECURITY", "it-security");
        env_["FRONTLINE_SLACK_BOT_TOKEN"] = slack_options.bot_token;
        env_["FRONTLINE_SLACK_APP_TOKEN"] = slack_options.app_token;
    }
    if (options_.telegram) {
        if (!telegram_->start()) throw std::runtime_error("the fake Telegram did not start");
        telegram_->add_group("-1001234567890", "IT Service Desk");  // service-desk's room in agents.example.json
        env_["FRONTLINE_TELEGRAM_TOKEN"] = telegram_->options().token;
    }
    io_thread_ = std::thread([this] { io_.run(); });
    write_config();
}

World::~World() {
    {
        std::lock_guard lock(mu_);
        for (auto& p : processes_)
            if (p) p->stop(SIGKILL);
    }
    asio::post(io_, [this] {
        if (options_.slack) slack_->stop();
        if (options_.telegram) telegram_->stop();
    });
    work_.reset();
    io_thread_.join();
}

void World::write_config() {
    const fs::path source = fs::path(FRONTLINE_SOURCE_DIR) / "config";
    json c = json::parse(std::ifstream(source / "frontline.json"));
    for (auto* section : {&c["engine"], &c["agents"]})
        for (auto& [key, value] : section->items())
            if (value.is_string() && (key.ends_with("_file") || key.ends_with("_dir") || key == "file"))
                value = (source / value.get<std::string>()).string();
    if (options_.shape.backend == Backend::postgresql) {
        c["store"] = {{"backend", "postgresql"},
                      {"url", pg_url_},
                      {"password_env", kPasswordEnv},
                      {"claim_seconds", options_.claim_seconds},
                      {"leader_lease_seconds", options_.leader_lease_seconds},
                      {"follow_ms", options_.follow_ms}};
    } else {
        c["store"] = {{"path", dir_.file("frontline.db").string()}};
    }
    c["http"]["listen"] = "127.0.0.1:0";
    c["http"]["max_connections_per_ip"] = 10000;
    // Every simulated user comes from 127.0.0.1: the per-address limits would cut the storm.
    c["webchat"]["lines_per_minute"] = 0;
    c["webchat"]["new_sessions_per_ip_per_hour"] = 0;
    c["webchat"]["tickets_per_ip_per_hour"] = 0;
    c["attachments"]["dir"] = dir_.file("attachments").string();
    json sla = json::object();
    for (const char* p : {"P1", "P2", "P3", "P4"})
        sla[p] = {{"response_seconds", options_.sla_response_seconds}, {"resolution_seconds", 3600}, {"counts", "wall"}};
    c["sla"] = sla;
    std::vector<std::string> platforms{"webchat"};
    if (options_.slack) {
        platforms.push_back("slack");
        c["slack"]["enabled"] = true;
        c["slack"]["api_base_url"] = slack_->api_base_url();
        // Slack takes about one post a second per channel, and our pacing keeps to it; the storm's
        // 40 tickets each ping a team room, warn and breach there, minutes of posts at that pace.
        // The fake takes them as fast as they come, so the pacing is lifted here.
        c["slack"]["pace"] = {{"conversation_per_second", 50}, {"conversation_burst", 50}};
    }
    if (options_.telegram) {
        platforms.push_back("telegram");
        c["telegram"]["enabled"] = true;
        c["telegram"]["mode"] = "polling";
        c["telegram"]["poll_timeout_seconds"] = 10;
    }
    const fs::path agents = dir_.file("agents.json");
    if (platforms.size() == 1) testkit::write_agents_file(agents, {"webchat"});
    else if (options_.slack && options_.telegram) testkit::write_agents_file(agents, {"webchat", "slack", "telegram"});
    else if (options_.slack) testkit::write_agents_file(agents, {"webchat", "slack"});
    else testkit::write_agents_file(agents, {"webchat", "telegram"});
    c["agents"]["file"] = agents.string();
    config_ = dir_.file("frontline.json");
    std::ofstream(config_) << c.dump(2);
}

std::vector<std::string> World::args_of(int i) const {
    std::vector<std::string> args{"--config", config_.string()};
    // Each process polls through its own tag of the fake's URL, so the test sees which one polls.
    if (options_.telegram)
        args.insert(args.end(), {"--set", "telegram.api_base_url=" + json(telegram_->api_base_url() + "/via-" + via(i)).dump()});
    return args;
}

bool World::start(int i) {
    auto process = std::make_unique<testing::ServiceProcess>(FRONTLINE_BINARY, args_of(i), env_,
                                                               dir_.file("process-" + std::to_string(i) + ".log"));
    std::lock_guard lock(mu_);
    const auto at = static_cast<std::size_t>(i);
    ports_[at] = process->port();
    processes_[at] = std::move(process);
    ++starts_[at];
    return ports_[at] != 0;
}

int World::stop(int i, int signal) {
    std::unique_ptr<testing::ServiceProcess> process;
    {
        std::lock_guard lock(mu_);
        const auto at = static_cast<std::size_t>(i);
        ports_[at] = 0;
        process = std::move(processes_[at]);
    }
    return process ? process->stop(signal) : -1;
}

bool World::running(int i) const { return port(i) != 0; }

std::uint16_t World::port(int i) const {
    std::lock_guard lock(mu_);
    return ports_[static_cast<std::size_t>(i)];
}

std::uint16_t World::live_port(int from) const {
    std::lock_guard lock(mu_);
    const auto n = ports_.size();
    for (std::size_t k = 0; k < n; ++k) {
        const auto p = ports_[(static_cast<std::size_t>(from) + k) % n];
        if (p != 0) return p;
    }
    return 0;
}

int World::starts(int i) const {
    std::lock_guard lock(mu_);
    return starts_[static_cast<std::size_t>(i)];
}

std::string World::logs() const {
    std::ostringstream out;
    for (int i = 0; i < size(); ++i) {
        std::ifstream log(dir_.file("process-" + std::to_string(i) + ".log"));
        std::string text((std::istreambuf_iterator<char>(log)), {});
        // The end of each log: where a failing run stood (whole logs stay in the temp dir).
        if (text.size() > 6000) text = "...\n" + text.substr(text.size() - 6000);
        out << "---- process " << i << " (" << dir_.file("process-" + std::to_string(i) + ".log").string() << ")\n" << text;
    }
    return out.str();
}

}  // namespace frontline::scaleout
