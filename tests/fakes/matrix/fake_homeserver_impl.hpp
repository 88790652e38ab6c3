#pragma once
// Internal state of FakeHomeserver, shared by its translation units. One mutex guards everything and
// is never held across a co_await.
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>

#include <nlohmann/json.hpp>

#include "adapters/net/http_server.hpp"
#include "tests/fakes/matrix/fake_homeserver.hpp"

namespace frontline::fakes {

using nlohmann::json;

struct FakeRoom {
    std::string id;
    bool encrypted = false;
    std::set<std::string> members;
    std::map<std::string, std::pair<std::string, bool>> invites;  ///< invitee -> (inviter, is_direct)
    long long invited_bot_at = 0;  ///< stream position of the bot's pending invite
    long long bot_joined_at = 0;
    std::vector<std::pair<long long, json>> events;  ///< (stream position, event)
};

struct FakeHomeserver::Impl {
    Impl(net::Executor executor, FakeHomeserverOptions options) : ex(std::move(executor)), opt(std::move(options)) {
        devices[opt.access_token] = opt.device_id;
    }

    net::Executor ex;
    FakeHomeserverOptions opt;
    std::unique_ptr<net::HttpServer> server;
    std::uint16_t port = 0;

    mutable std::mutex mu;
    mutable std::condition_variable cv;
    long long pos = 1;            ///< stream position: the since tokens are "s<pos>"
    long long ids = 0;
    /// Valid access token -> its device; a password login adds one, revoke_token() empties it.
    std::map<std::string, std::string> devices;
    int logins = 0;
    bool stopping = false;        ///< stop() was called: held syncs answer at once
    std::map<std::string, FakeRoom> rooms;
    std::vector<FakeMatrixMessage> sent;
    std::map<std::pair<std::string, std::string>, std::string> txns;  ///< (device, txnId) -> event id
    std::map<std::string, std::pair<int, int>> rate_limits;  ///< path part -> (remaining, retry_after_ms)
    int lose_answers = 0;
    int repeated = 0;
    std::map<std::string, int> requests;
    std::vector<std::string> sinces;
    std::string filter;
    std::map<std::string, std::string> dms_created;  ///< invitee -> room
    std::map<std::string, std::pair<std::string, std::string>> media;  ///< media id -> (bytes, content type)
    int media_failures = 0;
    int media_failure_status = 500;
    std::chrono::milliseconds media_delay{0};
    std::map<std::string, int> media_outcomes;

    void changed_locked() { cv.notify_all(); }
    std::string next_event_id_locked() { return "$ev" + std::to_string(++ids) + ":" + opt.server_name; }
    /// Appends `ev` to the room's timeline with a fresh position and event id.
    json& append_locked(FakeRoom& room, json ev);
    void member_event_locked(FakeRoom& room, const std::string& user, const std::string& membership,
                             const std::string& sender, bool is_direct = false);
    /// Events per room in an incremental /sync: the option, else the last filter's timeline limit.
    int timeline_limit_locked() const {
        if (opt.sync_timeline_limit > 0) return opt.sync_timeline_limit;
        const json f = json::parse(filter, nullptr, false);
        if (!f.is_object()) return 0;
        const json limit = f.value("room", json::object()).value("timeline", json::object()).value("limit", json());
        return limit.is_number_integer() ? limit.get<int>() : 0;
    }
    /// The /sync answer for `since` (-1: none), or null when nothing is new.
    json sync_body_locked(long long since);

    net::awaitable<net::HttpResponse> handle(net::IncomingRequest req);
    /// A media download (fake_homeserver_media.cpp): `seg` split from the path, the v1 or legacy one.
    net::HttpResponse media_locked(const std::vector<std::string>& seg, const net::IncomingRequest& req);
};

/// The spec's error envelope.
net::HttpResponse matrix_error(int status, const std::string& errcode, const std::string& error);
net::HttpResponse matrix_ok(const json& body);

}  // namespace frontline::fakes
