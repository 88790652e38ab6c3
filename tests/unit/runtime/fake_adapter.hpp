#pragma once
// An Adapter that records deliveries and answers them from a script; bulk deliveries can be made
// to hang until release() (a slow platform).
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/adapter.hpp"

namespace frontline::testing {

/// Built outside coroutines: GCC 12 rejects braced string literals inside them.
inline DeliveryOutcome outcome_of(DeliveryOutcome::Kind kind, std::string platform_id, std::string error) {
    DeliveryOutcome o;
    o.kind = kind;
    o.platform_message_id = std::move(platform_id);
    o.error = std::move(error);
    return o;
}

class FakeAdapter final : public Adapter {
public:
    explicit FakeAdapter(boost::asio::io_context& io, std::string platform = "webchat")
        : platform_(std::move(platform)), gate_(io) {
        gate_.expires_at(boost::asio::steady_timer::time_point::max());
    }

    std::vector<OutboxItem> calls;
    std::function<DeliveryOutcome(const OutboxItem&)> script;
    bool hang_bulk = false;
    bool is_connected = true;

    std::string platform() const override { return platform_; }
    PlatformCapabilities capabilities() const override { return {}; }
    boost::asio::awaitable<void> run(InboundSink&) override { co_return; }
    bool connected() const override { return is_connected; }
    /// Rooms listed in `missing_rooms` are reported as channel_not_found.
    std::set<std::string> missing_rooms;
    boost::asio::awaitable<Result<std::vector<RoomProblem>>> verify_rooms(std::vector<std::string> rooms) override {
        co_return problems_of(rooms);
    }
    std::vector<RoomProblem> problems_of(const std::vector<std::string>& rooms) const {
        std::vector<RoomProblem> out;
        for (const auto& r : rooms)
            if (missing_rooms.count(r)) out.push_back(RoomProblem{r, "channel_not_found"});
        return out;
    }

    boost::asio::awaitable<DeliveryOutcome> deliver(OutboxItem item) override {
        calls.push_back(item);
        if (hang_bulk && item.message.priority == OutboxPriority::bulk) {
            co_await gate_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
            co_return outcome_of(DeliveryOutcome::Kind::retry, std::string(), std::string("released"));
        }
        if (script) co_return script(item);
        co_return outcome_of(DeliveryOutcome::Kind::delivered, "p" + std::to_string(item.id), std::string());
    }

    /// Lets hanging deliveries finish (as retries).
    void release() { gate_.cancel(); }

    std::vector<std::string> delivered_texts() const {
        std::vector<std::string> out;
        for (const auto& c : calls) out.push_back(c.message.text);
        return out;
    }

private:
    std::string platform_;
    boost::asio::steady_timer gate_;
};

}  // namespace frontline::testing
