#pragma once
// A requester's web chat page as a test drives it: a WebSocket to the service, the hello, acks for
// every message, and waiting for the bot's line that says something. Link frontline_net to use it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include <boost/asio/io_context.hpp>

#include "adapters/net/wait.hpp"
#include "adapters/net/websocket_client.hpp"
#include "tests/support/run_coroutine.hpp"

namespace frontline::testkit {

/// An agent opening the agents' view: their web chat identity and own token (agent_token_for).
struct AgentLogin {
    std::string agent_id;
    std::string token;
    std::string name;
};

class WebchatPage {
public:
    /// Connects to ws://127.0.0.1:<port>/ws and says hello; ok() tells whether the welcome came.
    WebchatPage(boost::asio::io_context& io, std::uint16_t port, const std::string& locale = "en")
        : WebchatPage(io, port, Hello{{{"type", "hello"}, {"v", 1}, {"session", ""}, {"epoch", ""}, {"last_seq", 0}, {"locale", locale}}}) {}

    /// The agents' view, logged in as `agent`: the agents' room and the agent's private lines.
    WebchatPage(boost::asio::io_context& io, std::uint16_t port, const AgentLogin& agent)
        : WebchatPage(io, port, Hello{{{"type", "hello"}, {"v", 1}, {"role", "agent"}, {"agent_id", agent.agent_id},
                                      {"token", agent.token}, {"name", agent.name}, {"epoch", ""}, {"last_seq", 0}}}) {}

    bool ok() const { return ok_; }

    /// The next frame (messages acknowledged), or null after 20 s of silence (a failure, not a hang).
    nlohmann::json next() {
        auto text = run_coroutine(io_, net::with_deadline(ws_->read(), std::chrono::seconds(20), "web chat frame"));
        if (!text) return nlohmann::json();
        nlohmann::json f = nlohmann::json::parse(*text);
        if (f.value("type", "") == "message" && f.contains("seq"))
            ws_->send(nlohmann::json{{"type", "ack"}, {"seq", f["seq"]}}.dump());
        return f;
    }

    /// Bot lines until one contains `needle`; that line (null when the page went quiet first).
    nlohmann::json bot_line_with(const std::string& needle) {
        for (nlohmann::json f = next(); !f.is_null(); f = next())
            if (f.value("type", "") == "message" && f.value("from", "") == "bot" &&
                f.value("text", "").find(needle) != std::string::npos)
                return f;
        return nlohmann::json();
    }

    void say(const std::string& text) {
        ws_->send(nlohmann::json{{"type", "message"}, {"id", "m" + std::to_string(++sent_)}, {"text", text}}.dump());
    }

    /// Polls `pred` for up to 20 s while the page's own I/O keeps running (its writes and acks run
    /// on the test's io_context, which only moves while a test runs it).
    bool eventually(const std::function<bool()>& pred) {
        for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20); std::chrono::steady_clock::now() < until;
             std::this_thread::sleep_for(std::chrono::milliseconds(5))) {
            io_.restart();
            io_.poll();
            if (pred()) return true;
        }
        return false;
    }

    /// Presses one of a line's choices ({label, payload}), with `text` typed in its box (the
    /// agents' view's Reply button) when not empty.
    void choose(const nlohmann::json& choice, const std::string& text = "") {
        nlohmann::json frame{{"type", "choice"}, {"id", "c" + std::to_string(++sent_)}, {"payload", choice["payload"]}, {"label", choice["label"]}};
        if (!text.empty()) frame["text"] = text;
        ws_->send(frame.dump());
    }

private:
    struct Hello {
        nlohmann::json frame;
    };

    WebchatPage(boost::asio::io_context& io, std::uint16_t port, const Hello& hello) : io_(io) {
        net::WebSocketClient client(io_.get_executor(), nullptr);
        auto ws = run_coroutine(io_, client.connect("ws://127.0.0.1:" + std::to_string(port) + "/ws"));
        if (!ws) return;
        ws_ = *ws;
        ws_->send(hello.frame.dump());
        ok_ = next().value("type", "") == "welcome";
    }

    boost::asio::io_context& io_;
    net::WebSocketPtr ws_;
    bool ok_ = false;
    int sent_ = 0;
};

}  // namespace frontline::testkit
