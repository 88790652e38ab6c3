#pragma once
// A fake Telegram Bot API for tests, over real loopback sockets: the methods the bot uses with
// Telegram's envelopes ({ok, result} / {ok:false, error_code, description, parameters}),
// getUpdates with offset confirmation and long polls held until an update arrives, 409 while a
// webhook is set or another poller takes over, HTML parse-mode and callback_data checks (400),
// 429 with retry_after on demand, users who block the bot (403), and webhook deliveries with or
// without the secret header. A test API injects what people do and reads what the bot sent.
// Thread-safe: tests call it from their own thread while the io_context runs.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/net/net.hpp"
#include "core/result.hpp"

namespace frontline::fakes {

struct FakeTelegramOptions {
    std::string token = "123456789:AAFakeTokenForFrontlineTests_0123456";
    std::int64_t bot_id = 123456789;
    std::string bot_username = "FrontlineBot";
    /// Telegram accepts answerCallbackQuery for a short while after the press.
    std::chrono::milliseconds callback_answer_window{15'000};
    std::int64_t first_update_id = 700000001;
};

struct FakeTgButton {
    std::string text;
    std::string callback_data;
};

/// A message in a chat: the bot's (what it sent, edited in place) or a person's.
struct FakeTgMessage {
    std::string chat_id;
    std::int64_t message_id = 0;
    bool from_bot = false;
    std::string text;        ///< plain text after HTML parsing
    std::string html;        ///< as sent, for the bot's messages
    std::vector<FakeTgButton> buttons;  ///< inline keyboard, row by row flattened
    std::int64_t reply_to = 0;
    int edits = 0;
};

/// One Bot API call as the fake saw it.
struct FakeTgCall {
    std::string method;
    int status = 200;
    std::string description;  ///< Telegram's words when ok:false
    std::string body;         ///< the arguments as JSON
    /// The tag of a base URL ending in /via-<tag> ("" without): several processes of one bot, each
    /// pointed at its own tag, show which of them made a call (which one polls, say).
    std::string via;
    std::chrono::steady_clock::time_point at = std::chrono::steady_clock::now();  ///< when it came
};

struct FakeTgUser {
    std::int64_t id = 0;
    std::string first_name;
    std::string last_name;
    std::string language_code = "en";
};

/// A file on the fake's file server (what getFile and /file/bot<token>/<file_path> serve).
struct FakeTgFile {
    std::string file_id;
    std::string file_unique_id;
    std::string bytes;
    std::uint64_t declared_size = 0;  ///< file_size in messages and getFile; 0: not declared
    std::string file_path;            ///< "photos/file_3.jpg"
};

/// How a webhook delivery presents the secret.
enum class WebhookSecret { right, wrong, missing };

class FakeTelegram {
public:
    explicit FakeTelegram(net::Executor executor, FakeTelegramOptions options = {});
    ~FakeTelegram();
    FakeTelegram(const FakeTelegram&) = delete;
    FakeTelegram& operator=(const FakeTelegram&) = delete;

    /// Listens on 127.0.0.1 with a free port.
    Status start();
    void stop();
    /// "http://127.0.0.1:PORT": the bot's telegram.api_base_url.
    std::string api_base_url() const;
    const FakeTelegramOptions& options() const;

    // ---- the world
    void add_user(FakeTgUser user);
    /// A group the bot is a member of.
    void add_group(std::string chat_id, std::string title);

    // ---- what people do (each returns the update_id)
    /// A private message to the bot; a leading /command gets its bot_command entity.
    std::int64_t user_message(std::int64_t user, const std::string& text);
    /// A message in a group; `reply_to` replies to that message of the chat.
    std::int64_t group_message(std::int64_t user, const std::string& chat_id, const std::string& text, std::int64_t reply_to = 0);
    /// `user` presses the button labelled `label` on message `message_id` of `chat_id`.
    Result<std::int64_t> press(std::int64_t user, const std::string& chat_id, std::int64_t message_id, const std::string& label);
    /// A file users can send. `declared_size` is the file_size Telegram states (default: the
    /// bytes' size; 0: none). Over 20 MB, getFile answers 400 "file is too big", as for bots there.
    FakeTgFile add_file(std::string bytes, const std::string& extension, std::optional<std::uint64_t> declared_size = std::nullopt);
    /// A private photo: `sizes` are the same picture's files, smallest first (message.photo).
    std::int64_t user_photo(std::int64_t user, const std::vector<FakeTgFile>& sizes, const std::string& caption = {});
    /// A private document (message.document) with its file_name and mime_type.
    std::int64_t user_document(std::int64_t user, const FakeTgFile& file, const std::string& file_name,
                               const std::string& mime_type, const std::string& caption = {});
    /// Any update object (without update_id), e.g. an edited_message.
    std::int64_t raw_update(const std::string& update_json);
    /// The bot's status in a group changed (my_chat_member): "member", "left", "kicked".
    std::int64_t bot_membership(const std::string& chat_id, const std::string& status);

    // ---- faults
    /// The next `count` calls of `method` ("*" for any) answer 429 with retry_after `seconds`.
    void rate_limit(const std::string& method, int count, int seconds);
    /// Someone else called setWebhook: the pending poll ends with 409 and getUpdates keeps failing.
    void set_webhook_elsewhere(const std::string& url);
    /// Another process starts polling with this token: the pending poll (and later ones) get 409.
    void start_competing_poller();
    /// The next `count` file downloads answer `status` (the file server failing).
    void fail_file_downloads(int count, int status);
    /// Every file download waits this long before answering.
    void delay_file_downloads(std::chrono::milliseconds delay);
    /// `user` blocked the bot: sendMessage to them answers 403.
    void block_bot(std::int64_t user);
    /// POSTs the oldest unconfirmed update to the webhook URL the bot set; a 2xx answer confirms
    /// it. Returns the HTTP status (or an error when no webhook is set or the POST failed).
    /// Blocks the calling (test) thread; never call it from the io_context's thread.
    Result<int> deliver_webhook(WebhookSecret secret);

    // ---- observation
    std::vector<FakeTgMessage> messages_in(const std::string& chat_id) const;
    /// The bot's messages in a chat, in order.
    std::vector<FakeTgMessage> bot_messages_in(const std::string& chat_id) const;
    std::vector<FakeTgCall> calls() const;
    int calls_of(const std::string& method) const;
    /// Updates not yet confirmed by an offset (or a webhook 2xx).
    std::size_t pending_updates() const;
    /// Each update_id as many times as it was handed out (polls and webhook deliveries).
    std::vector<std::int64_t> handed_out() const;
    /// File downloads answered with the bytes.
    int files_served() const;
    /// Presses answered with answerCallbackQuery in time.
    int answered_callbacks() const;
    /// setMyCommands bodies, in order.
    std::vector<std::string> command_menus() const;
    std::string webhook_url() const;
    /// getUpdates requests being held right now.
    int polls_waiting() const;

    /// Blocks the calling (test) thread until `pred()` holds or `limit` passes; true when it held.
    /// Wakes on every state change of the fake: never a sleep-and-poll.
    bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds limit = std::chrono::seconds(20)) const;

    struct Impl;

private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace frontline::fakes
