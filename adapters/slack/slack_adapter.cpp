// SlackAdapter's sending side and set-up: auth.test, deliveries through chat.postMessage /
// chat.update, DMs opened with conversations.open. https://docs.slack.dev/reference/methods/chat.postMessage
#include "adapters/slack/slack_adapter.hpp"

#include <iostream>

#include "adapters/slack/delivery_outcomes.hpp"
#include "adapters/slack/message_renderer.hpp"

namespace frontline::slack {

Result<std::unique_ptr<SlackAdapter>> SlackAdapter::create(net::Executor executor, SlackSettings settings, const Clock& clock) {
    net::TlsClientOptions tls_options;
    tls_options.extra_ca_file = settings.extra_ca_file;
    auto tls = net::make_client_tls_context(tls_options);
    if (!tls) return tls.error();
    return std::unique_ptr<SlackAdapter>(new SlackAdapter(std::move(executor), std::move(settings), *tls, clock));
}

SlackAdapter::SlackAdapter(net::Executor executor, SlackSettings settings, net::TlsContextPtr tls, const Clock& clock)
    : ex_(executor),
      settings_(std::move(settings)),
      clock_(clock),
      tls_(tls),
      api_(executor, tls, settings_, clock),
      users_(api_),
      sockets_(executor, tls) {}

SlackAdapter::~SlackAdapter() = default;

void SlackAdapter::log(LogLevel level, const std::string& message) const {
    if (settings_.log) {
        settings_.log(level, message);
        return;
    }
    if (level == LogLevel::debug) return;
    static constexpr const char* kNames[] = {"debug", "info", "warn", "error"};
    std::clog << "frontline [" << kNames[static_cast<int>(level)] << "] " << message << '\n';
}

net::awaitable<Status> SlackAdapter::verify() {
    auto a = co_await api_.call_form("auth.test", "", WebApiClient::Token::bot, settings_.max_inline_wait);
    if (!a.ok()) {
        if (a.status.verdict == ApiVerdict::fatal)
            co_return make_error(Errc::auth, "slack: Slack refused the bot token in " + settings_.bot_token_env + " (" +
                                                 a.status.error + "); use the app's Bot User OAuth Token (xoxb-)");
        co_return make_error(errc_of(a.status.verdict), "slack auth.test: " + a.status.error);
    }
    auto self = parse_auth_test(a.body);
    if (!self) co_return self.error();
    self_ = *self;
    log(LogLevel::info, "slack: connected to team " + self_->team_id + " as " + self_->user_id);
    co_return Status{};
}

namespace {

bool is_user_id(const std::string& s) { return s.size() > 1 && (s[0] == 'U' || s[0] == 'W'); }

// Built outside the coroutine: GCC 12 miscompiles braced string initialisers inside them.
RoomProblem room_problem(std::string room, std::string problem) { return RoomProblem{std::move(room), std::move(problem)}; }
std::string conversations_info_form(const std::string& room) { return WebApiClient::form({{"channel", room}}); }

}  // namespace

net::awaitable<Result<std::vector<RoomProblem>>> SlackAdapter::verify_rooms(std::vector<std::string> rooms) {
    std::vector<RoomProblem> problems;
    for (const auto& room : rooms) {
        // https://docs.slack.dev/reference/methods/conversations.info (channels:read, groups:read)
        auto a = co_await api_.call_form("conversations.info", conversations_info_form(room),
                                         WebApiClient::Token::bot, settings_.max_inline_wait);
        if (a.status.verdict == ApiVerdict::rejected) {
            problems.push_back(room_problem(room, a.status.error));
            continue;
        }
        if (!a.ok()) co_return make_error(errc_of(a.status.verdict), "slack conversations.info: " + a.status.error);
        auto info = parse_conversations_info(a.body);
        if (!info) co_return info.error();
        if (info->is_archived) problems.push_back(room_problem(room, "is_archived"));
        else if (!info->is_member) problems.push_back(room_problem(room, "not_in_channel (invite the bot to the channel)"));
    }
    co_return problems;
}

net::awaitable<Result<std::string>> SlackAdapter::resolve_channel(std::string conversation) {
    // Conversations started by a mention are addressed to the user: answer in a DM.
    if (!is_user_id(conversation)) co_return conversation;
    co_return co_await users_.dm_channel(conversation, settings_.max_inline_wait);
}

net::awaitable<Result<std::map<std::string, std::string>>> SlackAdapter::earlier_posts(std::string post_body, TimePoint since) {
    auto looking = posted_since(std::move(post_body), since);
    auto found = co_await std::move(looking);
    if (found || found.error().code != Errc::invalid_argument) co_return found;
    // Refused for good (missing_scope: no *:history scope, not_in_channel): a message that may
    // arrive twice is better than one that never arrives.
    log(LogLevel::warn, "slack: cannot check whether an interrupted send already arrived (" + found.error().message +
                            "), posting it again; add the history scopes of docs/slack.md");
    co_return std::map<std::string, std::string>{};
}

net::awaitable<Result<std::map<std::string, std::string>>> SlackAdapter::posted_since(std::string post_body, TimePoint since) {
    // A minute earlier than our own clock said, for the difference between ours and Slack's.
    const long long oldest = std::chrono::duration_cast<std::chrono::seconds>(since.time_since_epoch()).count() - 60;
    auto lookup = history_lookup(post_body, oldest);
    if (!lookup) co_return lookup.error();
    // https://docs.slack.dev/reference/methods/conversations.history (im:history, channels:history, groups:history)
    auto a = co_await api_.call_form(lookup->method, WebApiClient::form(lookup->args), WebApiClient::Token::bot,
                                     settings_.max_inline_wait);
    if (!a.ok()) co_return make_error(errc_of(a.status.verdict), "slack " + lookup->method + ": " + a.status.error);
    co_return parse_posted_keys(a.body);
}

net::awaitable<DeliveryOutcome> SlackAdapter::deliver(OutboxItem item) {
    const auto& m = item.message;
    if (m.to.platform != "slack" || m.to.conversation_id.empty())
        co_return outcome_of(make_error(Errc::invalid_argument, "slack: not a Slack address"));
    auto channel = co_await resolve_channel(m.to.conversation_id);
    if (!channel) co_return outcome_of(channel.error());

    // The message to replace never reached Slack (or predates us): post the new state instead.
    if (is_update(item)) {
        auto update = send_update(std::move(item));
        co_return co_await std::move(update);
    }

    auto bodies = render_post_message(m, *channel);
    if (!bodies) co_return outcome_of(bodies.error());
    std::map<std::string, std::string> already;  // pieces an unconfirmed earlier attempt did post
    if (item.unconfirmed_since) {
        auto looking = earlier_posts(bodies->front(), *item.unconfirmed_since);
        auto found = co_await std::move(looking);
        // Not knowing yet is not a reason to post twice: try again later.
        if (!found) co_return outcome_of(found.error());
        already = std::move(*found);
    }
    DeliveryOutcome last;
    for (std::size_t i = 0; i < bodies->size(); ++i) {
        const auto& body = (*bodies)[i];
        if (const auto it = already.find(piece_key(m.idempotency_key, i)); it != already.end()) {
            last = DeliveryOutcome{};
            last.platform_message_id = platform_message_id(*channel, it->second);
            continue;
        }
        auto a = co_await api_.call_json("chat.postMessage", body, WebApiClient::Token::bot, settings_.max_inline_wait);
        last = outcome_of(a.status);
        if (last.kind != DeliveryOutcome::Kind::delivered) co_return last;
        auto posted = parse_posted_message(a.body);
        if (!posted) co_return outcome_of(posted.error());
        // The last piece carries the buttons: that is the message a later update replaces.
        last.platform_message_id = platform_message_id(posted->channel.empty() ? *channel : posted->channel, posted->ts);
    }
    co_return last;
}

}  // namespace frontline::slack
