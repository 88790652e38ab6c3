#include "tests/integration/scaleout/webchat_requester.hpp"

#include <boost/asio/this_coro.hpp>

#include "adapters/net/wait.hpp"
#include "adapters/net/websocket_client.hpp"

namespace frontline::scaleout {

namespace asio = boost::asio;
using nlohmann::json;
using namespace std::chrono_literals;

void WebchatRequester::fail(std::string why) {
    if (failure_.empty()) failure_ = "web chat user " + std::to_string(index_) + ": " + std::move(why);
}

asio::awaitable<bool> WebchatRequester::connect() {
    net::WebSocketClient client(co_await asio::this_coro::executor, nullptr);
    const auto until = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < until) {
        port_ = live_port_(index_ + attempt_++);
        if (port_ != 0) {
            const std::string url = "ws://127.0.0.1:" + std::to_string(port_) + "/ws";  // named: GCC 12 coroutine temporaries
            auto connecting = client.connect(url);
            auto ws = co_await std::move(connecting);
            if (ws) {
                ws_ = *ws;
                const json hello = {{"type", "hello"}, {"v", 1}, {"session", session_}, {"epoch", epoch_},
                                    {"last_seq", last_seq_}, {"locale", "en"}, {"name", "Storm User " + std::to_string(index_)}};
                ws_->send(hello.dump());
                auto reading = net::with_deadline(ws_->read(), 20s, "welcome");
                auto text = co_await std::move(reading);
                if (text) {
                    const json w = json::parse(*text, nullptr, false);
                    if (w.value("type", "") == "welcome") {
                        session_ = w.value("session", session_);
                        epoch_ = w.value("epoch", "");
                        user_id_ = w.value("user_id", "");
                        if (pending_) ws_->send(pending_->dump());  // not echoed before: resent, same id
                        co_return true;
                    }
                    if (w.value("type", "") == "error") {
                        fail("hello refused: " + w.dump());
                        co_return false;
                    }
                }
            }
        }
        // The process died between the lookup and the handshake, or none runs yet (a restart).
        co_await net::wait_for(100ms);
    }
    fail("no process took the connection for a minute");
    co_return false;
}

std::optional<json> WebchatRequester::answer_to(const json& f) const {
    // The Wi-Fi flow's answers (tests/bench/webchat_load.cpp drives the same flow).
    static const char* kPrefer[] = {"My team", "I'm blocked", "Wi-Fi", "In the office", "Yes"};
    const json& choices = f.contains("choices") ? f["choices"] : json::array();
    if (!choices.empty()) {
        std::size_t pick = 0;
        bool found = false;
        for (const char* label : kPrefer)
            for (std::size_t i = 0; i < choices.size() && !found; ++i)
                if (choices[i].value("label", "") == label) {
                    pick = i;
                    found = true;
                }
        return json{{"type", "choice"}, {"payload", choices[pick]["payload"]}, {"label", choices[pick]["label"]}};
    }
    const std::string text = f.value("text", "");
    if (!text.empty() && text.back() == '?') return json{{"type", "message"}, {"text", "Building A, third floor, meeting room Tevere"}};
    return std::nullopt;
}

asio::awaitable<void> WebchatRequester::run() {
    const auto give_up = std::chrono::steady_clock::now() + 120s;
    if (!co_await connect()) co_return;
    pending_ = json{{"type", "message"}, {"id", "l" + std::to_string(sent_++)}, {"text", "The wifi in the office keeps disconnecting"}};
    ws_->send(pending_->dump());
    while (!done_ && std::chrono::steady_clock::now() < give_up) {
        auto reading = net::with_deadline(ws_->read(), 30s, "web chat frame");
        auto text = co_await std::move(reading);
        if (!text) {  // the process died (or went silent): resume on another one
            ws_->close();
            ++reconnects_;
            if (!co_await connect()) co_return;
            continue;
        }
        json f = json::parse(*text, nullptr, false);
        if (f.value("type", "") == "error") {
            fail("error frame " + f.dump());
            co_return;
        }
        if (f.value("type", "") != "message" || !f.contains("seq")) continue;
        const long long seq = f["seq"].get<long long>();
        if (seq <= last_seq_) continue;  // shown already (the server should not send it again)
        last_seq_ = seq;
        ws_->send(json{{"type", "ack"}, {"seq", seq}}.dump());
        const std::string id = f.value("id", "");
        ++seen_[id];
        if (f.value("from", "") == "user") {
            if (!pending_ || pending_->value("id", "") != id) continue;
            lines_.push_back(id);
            ++lines_by_port_[port_];
            pending_.reset();
            if (before_echo_.empty()) continue;
            // The hand-off among them ends the flow; else the last of them is the question.
            for (const auto& early : before_echo_)
                if (early.value("text", "").find("passed") != std::string::npos) f = early;
            if (f.value("from", "") != "bot") f = before_echo_.back();
            before_echo_.clear();
        }
        if (f.value("from", "") != "bot") continue;
        if (pending_) {
            if (!f.contains("replaces") || f["replaces"].get<std::string>().empty()) before_echo_.push_back(f);
            continue;
        }
        if (f.contains("replaces") && !f["replaces"].get<std::string>().empty()) continue;  // a retired question
        if (f.value("text", "").find("passed") != std::string::npos) {  // the hand-off: the flow's end
            done_ = true;
            break;
        }
        const std::string bot_id = f.value("id", "");
        if (answered_.count(bot_id)) continue;
        auto next = answer_to(f);
        if (!next) continue;
        answered_.insert(bot_id);
        co_await net::wait_for(think_);
        (*next)["id"] = "l" + std::to_string(sent_++);
        pending_ = *next;
        ws_->send(pending_->dump());
    }
    if (!done_) fail("the flow did not reach the hand-off in 2 minutes (" + std::to_string(lines_.size()) + " lines committed)");
    ws_->close();
}

}  // namespace frontline::scaleout
