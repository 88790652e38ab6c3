#pragma once
// The real service process (runtime_test_service: the real runtime around the echo handler) on a
// config with small limits, rude raw clients, and a polite client whose conversation must keep
// working while the rude ones are refused.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/integration/hostile/raw_client.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline::testing {

class HostileTest : public ::testing::Test {
protected:
    using json = nlohmann::json;

    /// Starts the service with `settings` merged into a minimal config.
    void start(const json& settings, const std::map<std::string, std::string>& env = {}) {
        json config = {{"store", {{"path", dir_.file("frontline.db").string()}}},
                       {"http", {{"listen", "127.0.0.1:0"}}},
                       {"webchat", {{"enabled", true}}},
                       {"engine", {{"locales_dir", std::string(FRONTLINE_SOURCE_DIR) + "/config/locales"}}}};
        if (settings.is_object()) config.merge_patch(settings);
        std::ofstream(dir_.file("frontline.json")) << config.dump();
        service_ = std::make_unique<ServiceProcess>(RUNTIME_TEST_SERVICE, std::vector<std::string>{dir_.file("frontline.json").string()},
                                                    env, dir_.file("service.log"));
        ASSERT_NE(service_->port(), 0) << "the service did not start: " << log();
    }
    std::uint16_t port() const { return service_->port(); }

    std::string log() const {
        std::ifstream in(dir_.file("service.log"));
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    std::size_t log_count(const std::string& what) const {
        const std::string text = log();
        std::size_t n = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
        return n;
    }

    /// Resident memory of the service in KiB (/proc/PID/status VmRSS).
    long rss_kib() const {
        std::ifstream in("/proc/" + std::to_string(service_->pid()) + "/status");
        std::string line;
        while (std::getline(in, line))
            if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
        return -1;
    }

    /// Upgrades and says hello; returns the welcome frame (null when refused).
    json hello(RawClient& c, json frame = json{{"type", "hello"}, {"v", 1}}) {
        if (c.upgrade() != 101) return nullptr;
        if (!c.send_all(RawClient::text_frame(frame.dump()))) return nullptr;
        const auto text = c.next_text();
        return text.empty() ? json(nullptr) : json::parse(text);
    }

    /// A whole polite conversation from `source_ip`: hello, a line, its echo and the bot's answer.
    /// Returns what went wrong, or "" when all of it worked.
    std::string converse(const std::string& source_ip, const std::string& line = "my printer is jammed") {
        RawClient c;
        return converse_on(c, source_ip, line);
    }
    /// The same on `c`, which stays open afterwards.
    std::string converse_on(RawClient& c, const std::string& source_ip, const std::string& line = "my printer is jammed") {
        if (!c.connect(port(), source_ip)) return "connect failed";
        const json welcome = hello(c);
        if (welcome.is_null() || welcome.value("type", "") != "welcome") return "no welcome: " + welcome.dump();
        if (!c.send_all(RawClient::text_frame(json{{"type", "message"}, {"id", "m1"}, {"text", line}}.dump())))
            return "send failed";
        bool echoed = false;
        for (int frames = 0; frames < 10; ++frames) {
            const auto text = c.next_text();
            if (text.empty()) return "the connection ended before the answer";
            const json f = json::parse(text);
            if (f.value("type", "") != "message") return "unexpected frame " + text;
            if (f.value("from", "") == "user" && f.value("text", "") == line) echoed = true;
            if (f.value("from", "") == "bot" && f.value("text", "") == "echo: " + line) return echoed ? "" : "answer before echo";
        }
        return "no answer";
    }

    /// Retries `converse` while the service is still releasing what the last test step held
    /// (a closed socket is noticed by the server a moment later); bounded.
    std::string converse_soon(const std::string& source_ip) {
        std::string last;
        for (int attempt = 0; attempt < 50; ++attempt) {
            last = converse(source_ip);
            if (last.empty()) return last;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        return last;
    }

    std::string metrics() {
        RawClient c;
        if (!c.connect(port())) return {};
        if (!c.send_all("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")) return {};
        std::string all;
        for (auto more = c.receive(5000); !more.empty(); more = c.receive(5000)) all += more;
        return all;
    }

    /// The value of one sample line of /metrics text, -1 when absent.
    static long long sample(const std::string& metrics_text, const std::string& name) {
        const auto at = metrics_text.find("\n" + name + " ");
        if (at == std::string::npos) return -1;
        return std::atoll(metrics_text.c_str() + at + name.size() + 2);
    }

    testkit::TempDir dir_;
    std::unique_ptr<ServiceProcess> service_;
};

}  // namespace frontline::testing
