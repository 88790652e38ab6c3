#pragma once
// A web chat requester of the storm: reports a Wi-Fi problem and runs the diagnosis flow to the
// hand-off, pressing the offered buttons and typing where the bot asks in words. It talks to one
// process; when that process dies it reconnects to another running one, resumes with its session,
// epoch and last seq, and resends the line that was not yet echoed (same id: applied once). It
// records what it saw so the test can check that every line was answered once.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include "adapters/net/net.hpp"
#include "adapters/net/websocket.hpp"

namespace frontline::scaleout {

class WebchatRequester {
public:
    /// `live_port(from)` names a running process's port (0: none right now), `from` rotating.
    WebchatRequester(int index, std::function<std::uint16_t(int)> live_port, std::chrono::milliseconds think)
        : index_(index), live_port_(std::move(live_port)), think_(think) {}

    /// Runs the flow to the hand-off; ends early (failed()) after 2 minutes or a protocol error.
    boost::asio::awaitable<void> run();

    bool done() const { return done_; }
    const std::string& failure() const { return failure_; }
    const std::string& user_id() const { return user_id_; }
    const std::string& session() const { return session_; }
    /// The ids of the lines this user sent (each committed: its echo came).
    const std::vector<std::string>& lines() const { return lines_; }
    /// Line id -> how many times a frame with that id arrived with a new seq (1 each, or a double).
    const std::map<std::string, int>& seen() const { return seen_; }
    /// Port -> lines whose echo came through that port's process.
    const std::map<std::uint16_t, int>& lines_by_port() const { return lines_by_port_; }
    int reconnects() const { return reconnects_; }

private:
    boost::asio::awaitable<bool> connect();
    /// The next line to send for bot line `f`, if it asks something.
    std::optional<nlohmann::json> answer_to(const nlohmann::json& f) const;
    void fail(std::string why);

    int index_;
    std::function<std::uint16_t(int)> live_port_;
    std::chrono::milliseconds think_;
    net::WebSocketPtr ws_;
    std::uint16_t port_ = 0;
    int attempt_ = 0;
    std::string session_;
    std::string epoch_;
    std::string user_id_;
    long long last_seq_ = 0;
    std::optional<nlohmann::json> pending_;  ///< sent, echo not seen yet
    /// A bot line that came before the echo of the user's own line (the reply's delivery and the
    /// echo race through the store): looked at once the echo is in.
    std::vector<nlohmann::json> before_echo_;
    std::vector<std::string> lines_;
    std::map<std::string, int> seen_;
    std::set<std::string> answered_;
    std::map<std::uint16_t, int> lines_by_port_;
    int reconnects_ = 0;
    int sent_ = 0;
    bool done_ = false;
    std::string failure_;
};

}  // namespace frontline::scaleout
