#pragma once
// The Telegram connector: getUpdates long polling (or webhook POSTs) in, Bot API methods out.
// An update is confirmed to Telegram only by the next getUpdates offset (or the webhook's 200),
// and both happen only after the engine loop committed its events: a crash never loses an update,
// and the inbox drops the copy Telegram sends again.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <boost/asio/steady_timer.hpp>

#include "adapters/adapter.hpp"
#include "adapters/net/net.hpp"
#include "adapters/net/tls_context.hpp"
#include "adapters/telegram/bot_api_client.hpp"
#include "adapters/telegram/message_renderer.hpp"
#include "adapters/telegram/telegram_settings.hpp"
#include "adapters/telegram/update_codec.hpp"

namespace frontline::telegram {

/// Thrown out of run() when retrying cannot help and the operator must act: a refused token, or a
/// 409 (another process polls this bot, or a webhook is set). The message says which and what to do.
class TelegramStartupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The outbox row a pressed button came from (its choices say what the button meant); nullopt
/// when there is no such row.
using ChoiceResolver = std::function<net::awaitable<Result<std::optional<OutboundMessage>>>(std::int64_t outbox_id)>;

class TelegramAdapter final : public Adapter {
public:
    /// Builds the TLS context (system trust store plus settings.extra_ca_file).
    static Result<std::unique_ptr<TelegramAdapter>> create(net::Executor executor, TelegramSettings settings);
    ~TelegramAdapter() override;

    /// Inline keyboards and edits; no threads (posts about a ticket reply to its card); no notes
    /// only one member of a group sees; a private chat reaches the user's phone.
    static constexpr PlatformCapabilities kCapabilities{
        .buttons = true, .threads = false, .edits = true, .ephemeral = false, .reaches_offline_users = true,
        .profile_name = true, .profile_contact = false};

    std::string platform() const override { return "telegram"; }
    PlatformCapabilities capabilities() const override { return kCapabilities; }
    /// getMe, the command menus, then polling (deleteWebhook first) or webhook (setWebhook) until
    /// stop() or cancellation. Throws TelegramStartupError on a refused token or a 409.
    net::awaitable<void> run(InboundSink& sink) override;
    net::awaitable<DeliveryOutcome> deliver(OutboxItem item) override;
    /// getFile, then the file path on the API base URL; the Bot API gives bots files up to 20 MB
    /// (Errc::too_large past it or past `max_bytes`). A file_id Telegram does not know: not_found.
    net::awaitable<Result<FetchedFile>> fetch_attachment(Attachment attachment, std::size_t max_bytes) override;
    /// Polling: the last getUpdates succeeded. Webhook: setWebhook succeeded.
    bool connected() const override { return connected_; }
    /// getUpdates allows one poller per bot (a second gets 409 Conflict); a webhook reaches any
    /// process behind the load balancer.
    bool single_receiver() const override { return settings_.mode == Mode::polling; }
    /// The webhook route in webhook mode.
    std::vector<AdapterRoute> http_routes() override;

    /// Where pressed buttons are looked up; without one every press reads as a stale button.
    void set_choice_resolver(ChoiceResolver resolver) { resolve_choice_ = std::move(resolver); }
    /// getMe: learns our id and username. A refused token gives Errc::auth naming the variable.
    net::awaitable<Status> verify();
    /// getChat on each team room: a problem for each chat Telegram does not know or the bot is not in.
    net::awaitable<Result<std::vector<RoomProblem>>> verify_rooms(std::vector<std::string> rooms) override;
    /// Ends run() soon (an outstanding long poll is cancelled).
    void stop();
    const std::optional<BotIdentity>& self() const { return self_; }
    /// The getUpdates offset that will confirm what was committed so far.
    std::int64_t offset() const { return offset_; }

private:
    TelegramAdapter(net::Executor executor, TelegramSettings settings, net::TlsContextPtr tls);

    net::awaitable<void> set_up_commands();
    net::awaitable<void> poll_loop();
    net::awaitable<void> run_webhook_mode();
    /// Resolves the presses, commits the events, answers the presses; false when the commit failed
    /// (nothing may be confirmed then).
    net::awaitable<bool> commit_updates(std::vector<DecodedUpdate> updates);
    net::awaitable<net::HttpResponse> on_webhook(net::IncomingRequest request);
    net::awaitable<void> answer_callback(std::string query_id);
    net::awaitable<DeliveryOutcome> edit(const OutboxItem& item);
    UpdateContext context() const;
    void fail_fatally(std::string message);
    void log(LogLevel level, const std::string& message) const;

    net::Executor ex_;
    TelegramSettings settings_;
    net::TlsContextPtr tls_;
    BotApiClient api_;
    std::optional<BotIdentity> self_;
    ChoiceResolver resolve_choice_;
    InboundSink* sink_ = nullptr;
    std::int64_t offset_ = 0;
    bool stopped_ = false;
    std::atomic<bool> connected_{false};
    std::string fatal_;
    boost::asio::steady_timer stop_signal_;  ///< expires (at min) on stop(): races the long poll
    /// Pieces of a long message already sent, per outbox row: a retry goes on from there instead of
    /// sending the first pieces again (Telegram has no idempotency key).
    std::map<std::int64_t, std::size_t> pieces_sent_;
};

}  // namespace frontline::telegram
