#pragma once
// Internal state of FakeTelegram, shared by its translation units. One mutex guards everything; it
// is never held across a co_await.
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>

#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "adapters/net/http_server.hpp"
#include "tests/fakes/telegram/fake_telegram.hpp"

namespace frontline::fakes {

using nlohmann::json;

struct FakeTgUpdate {
    std::int64_t id = 0;
    std::string kind;  ///< message, edited_message, callback_query, my_chat_member, …
    json body;         ///< the whole Update object
};

struct FakeTgPress {
    std::chrono::steady_clock::time_point at;
    bool answered = false;
};

struct FakeTelegram::Impl : std::enable_shared_from_this<FakeTelegram::Impl> {
    Impl(net::Executor executor, FakeTelegramOptions options)
        : ex(std::move(executor)), opt(std::move(options)), next_update(opt.first_update_id) {}

    net::Executor ex;
    FakeTelegramOptions opt;
    std::unique_ptr<net::HttpServer> server;
    std::uint16_t port = 0;

    mutable std::mutex mu;
    mutable std::condition_variable cv;
    std::uint64_t generation = 0;

    std::map<std::int64_t, FakeTgUser> users;
    std::map<std::string, std::string> groups;        ///< chat id -> title
    std::set<std::int64_t> blocked;
    std::map<std::string, std::int64_t> next_message; ///< chat id -> next message_id
    std::vector<FakeTgMessage> messages;
    std::vector<FakeTgCall> calls;
    std::map<std::string, std::pair<int, int>> rate_limits;  ///< method -> (remaining, retry_after)
    std::deque<FakeTgUpdate> updates;                 ///< unconfirmed, oldest first
    std::int64_t next_update;
    std::vector<std::int64_t> handed;
    std::map<std::string, FakeTgPress> presses;       ///< callback_query id -> press
    int answered = 0;
    std::map<std::string, FakeTgFile> files;          ///< file_id -> file
    int file_failures = 0;
    int file_failure_status = 500;
    std::chrono::milliseconds file_delay{0};
    int files_served = 0;
    std::vector<std::string> menus;
    std::string webhook;
    std::string webhook_secret;
    std::string webhook_conflict = "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
    bool competing_poller = false;
    json allowed_updates = json();                    ///< null: every kind
    std::uint64_t poll_seq = 0;                       ///< the newest getUpdates; older ones end with 409
    std::set<std::shared_ptr<boost::asio::steady_timer>> waiting;

    // ---- helpers (the *_locked ones expect `mu` held)
    void changed_locked() { ++generation; cv.notify_all(); }
    /// Wakes every held getUpdates (on the executor: timers belong to it).
    void wake_polls_locked();
    std::int64_t push_update_locked(std::string kind, json body);
    std::int64_t new_message_id_locked(const std::string& chat_id);
    json user_json_locked(std::int64_t user) const;
    json chat_json_locked(const std::string& chat_id) const;
    bool chat_known_locked(const std::string& chat_id) const;

    // ---- HTTP (fake_telegram_methods.cpp, fake_telegram_updates.cpp)
    net::awaitable<net::HttpResponse> handle(net::IncomingRequest req);
    static net::awaitable<net::HttpResponse> get_updates(std::shared_ptr<Impl> self, json args, std::string via);
    /// getFile (fake_telegram_files.cpp).
    net::HttpResponse get_file_locked(const json& args);
    /// GET /file/bot<token>/<file_path>.
    static net::awaitable<net::HttpResponse> answer_file(std::shared_ptr<Impl> self, net::IncomingRequest req);
};

/// Telegram's HTML parse mode, strictly: the plain text, or why it cannot be parsed (as in
/// "Bad Request: can't parse entities: …"). Exposed for the fake's own use.
Result<std::string> parse_telegram_html(std::string_view html);

/// UTF-16 code units of `s` (how Telegram counts message length).
std::size_t utf16_units(std::string_view s);

net::HttpResponse tg_ok(json result);
net::HttpResponse tg_error(int code, const std::string& description, std::optional<int> retry_after = std::nullopt);

}  // namespace frontline::fakes
