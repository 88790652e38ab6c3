#pragma once
// The Slack connector: Socket Mode in (events, slash commands, button clicks), Web API out
// (chat.postMessage / chat.update / a click's response_url, DMs through conversations.open). Envelopes are acknowledged only
// after the engine loop committed their events; Slack redelivers anything unacknowledged.
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "adapters/adapter.hpp"
#include "adapters/net/net.hpp"
#include "adapters/net/tls_context.hpp"
#include "adapters/net/websocket_client.hpp"
#include "adapters/slack/message_fold.hpp"
#include "adapters/slack/response_urls.hpp"
#include "adapters/slack/slack_settings.hpp"
#include "adapters/slack/socket_frame.hpp"
#include "adapters/slack/user_directory.hpp"
#include "adapters/slack/web_api_client.hpp"

namespace frontline::slack {

/// Thrown out of run() when Slack refuses a token or switched Socket Mode off: retrying cannot help,
/// the operator must act. The message says what to fix and names the variable, never its value.
class SlackStartupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class SlackAdapter final : public Adapter, public FoldingDelivery {
public:
    /// What Slack can show: Block Kit buttons, threads, chat.update, chat.postEphemeral, and DMs
    /// that wait for a user who is away.
    static constexpr PlatformCapabilities kCapabilities{
        .buttons = true, .threads = true, .edits = true, .ephemeral = true, .reaches_offline_users = true,
        .profile_name = true, .profile_contact = true};

    /// Builds the TLS context (system trust store plus settings.extra_ca_file). `clock` dates the
    /// events received (it must outlive the adapter).
    static Result<std::unique_ptr<SlackAdapter>> create(net::Executor executor, SlackSettings settings, const Clock& clock);
    ~SlackAdapter() override;

    std::string platform() const override { return "slack"; }
    PlatformCapabilities capabilities() const override { return kCapabilities; }
    /// auth.test (once), then keeps settings.connections Socket Mode connections open until stop().
    /// Throws SlackStartupError on a refused token or link_disabled.
    net::awaitable<void> run(InboundSink& sink) override;
    /// With item.unconfirmed_since, first looks in the conversation for pieces an earlier attempt
    /// posted (by their outbox metadata) and posts only the missing ones.
    net::awaitable<DeliveryOutcome> deliver(OutboxItem item) override;
    /// chat.postMessage keeps no idempotency key: the outbox records attempts for us.
    bool deduplicates_sends() const override { return false; }
    /// What one bot turn says goes out as one message (message_fold.hpp).
    FoldingDelivery* folding() override { return this; }
    std::size_t fold_count(const std::vector<OutboxItem>& items) const override;
    /// One chat.postMessage for the rows folded together; updates of earlier messages go through
    /// the click's response_url when there is one, else chat.update.
    net::awaitable<std::vector<DeliveryOutcome>> deliver_together(std::vector<OutboxItem> items) override;
    /// Slack's per-channel pace is about posting; updates and response_url calls are not charged.
    bool edits_use_conversation_pace() const override { return false; }
    /// A file of a message (its url_private_download) with the bot token: needs the files:read
    /// scope. Errc::too_large past `max_bytes`; forbidden for a url off Slack's file host.
    net::awaitable<Result<FetchedFile>> fetch_attachment(Attachment attachment, std::size_t max_bytes) override;
    /// True while at least one socket has said hello and is open.
    bool connected() const override;
    /// conversations.info per room: channel_not_found, not a member, archived are problems; a
    /// refused token or an unreachable Slack is an error (nothing could be checked).
    net::awaitable<Result<std::vector<RoomProblem>>> verify_rooms(std::vector<std::string> rooms) override;

    /// auth.test with the bot token: learns our own ids. A refused token gives Errc::auth with a
    /// message naming the environment variable to fix.
    net::awaitable<Status> verify();
    /// Closes the sockets; run() returns soon after.
    void stop();
    /// Our ids once verify() succeeded.
    const std::optional<SelfIdentity>& self() const { return self_; }

private:
    struct Connection;
    SlackAdapter(net::Executor executor, SlackSettings settings, net::TlsContextPtr tls, const Clock& clock);

    net::awaitable<void> slot_loop(int slot);
    net::awaitable<void> serve(std::shared_ptr<Connection> c);
    net::awaitable<void> handle_envelope(std::shared_ptr<Connection> c, SocketFrame frame);
    net::awaitable<void> enrich(std::vector<InboundEvent>& events);
    /// After a Reply click: the modal the agent types in (views.open with the click's trigger).
    net::awaitable<void> open_reply_modal(const ModalRequest& request);
    /// After a mention in a channel: a note only the user sees, saying we continue in a DM.
    net::awaitable<void> leave_mention_notice(const SocketFrame& frame, const InboundEvent& e);
    net::awaitable<Result<std::string>> open_socket_url();
    net::awaitable<Result<std::string>> resolve_channel(std::string conversation);
    /// Piece key -> ts of our posts since `since` where `post_body` would go (its channel or thread).
    net::awaitable<Result<std::map<std::string, std::string>>> posted_since(std::string post_body, TimePoint since);
    /// posted_since, except that a lookup Slack refuses for good (no history scope) is logged and
    /// counts as "nothing posted": the message goes again rather than never.
    net::awaitable<Result<std::map<std::string, std::string>>> earlier_posts(std::string post_body, TimePoint since);
    /// An edit of a message delivered earlier: through the click's response_url, else chat.update.
    net::awaitable<DeliveryOutcome> send_update(OutboxItem item);
    /// One chat.postMessage showing `parts` (after looking for it when a part's send is unconfirmed).
    /// One outcome per part (a part an interrupted attempt already posted is found, not posted).
    net::awaitable<std::vector<DeliveryOutcome>> post_folded(std::vector<FoldPart> parts, std::vector<OutboxItem> items,
                                                             std::string channel);
    void fail_fatally(std::string message);
    void log(LogLevel level, const std::string& message) const;

    net::Executor ex_;
    SlackSettings settings_;
    const Clock& clock_;
    net::TlsContextPtr tls_;
    WebApiClient api_;
    UserDirectory users_;
    net::WebSocketClient sockets_;
    std::optional<SelfIdentity> self_;
    InboundSink* sink_ = nullptr;
    bool stopped_ = false;
    std::string fatal_;  ///< why run() must stop for good
    std::set<std::shared_ptr<Connection>> connections_;
    /// Mentions already noted ("channel:ts"): Slack sends one message as app_mention and as a
    /// channel message, and redelivers; the note goes out once. Bounded, oldest forgotten first.
    std::deque<std::string> noted_mentions_;
    ResponseUrls response_urls_;
};

}  // namespace frontline::slack
