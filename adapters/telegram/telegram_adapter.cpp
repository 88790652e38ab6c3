// TelegramAdapter's set-up and sending side: getMe, getChat, setMyCommands, deliveries through
// sendMessage / editMessageText. https://core.telegram.org/bots/api#available-methods
#include "adapters/telegram/telegram_adapter.hpp"

#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

namespace frontline::telegram {

using nlohmann::json;

Result<std::unique_ptr<TelegramAdapter>> TelegramAdapter::create(net::Executor executor, TelegramSettings settings) {
    net::TlsClientOptions tls_options;
    tls_options.extra_ca_file = settings.extra_ca_file;
    auto tls = net::make_client_tls_context(tls_options);
    if (!tls) return tls.error();
    return std::unique_ptr<TelegramAdapter>(new TelegramAdapter(std::move(executor), std::move(settings), *tls));
}

TelegramAdapter::TelegramAdapter(net::Executor executor, TelegramSettings settings, net::TlsContextPtr tls)
    : ex_(executor),
      settings_(std::move(settings)),
      tls_(tls),
      api_(executor, tls, settings_),
      stop_signal_(executor, std::chrono::steady_clock::time_point::max()) {}

TelegramAdapter::~TelegramAdapter() = default;

void TelegramAdapter::log(LogLevel level, const std::string& message) const {
    const std::string line = mask_token(message, settings_.token);
    if (settings_.log) {
        settings_.log(level, line);
        return;
    }
    if (level == LogLevel::debug) return;
    static constexpr const char* kNames[] = {"debug", "info", "warn", "error"};
    std::clog << "frontline [" << kNames[static_cast<int>(level)] << "] " << line << '\n';
}

UpdateContext TelegramAdapter::context() const {
    return {self_.value_or(BotIdentity{}), settings_.agents_chats,
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()),
            std::min(settings_.max_photo_bytes, kBotApiDownloadLimit)};
}

net::awaitable<Status> TelegramAdapter::verify() {
    std::string method_getMe = "getMe";
    std::string body_getMe = "{}";
    auto a = co_await api_.call(std::move(method_getMe), std::move(body_getMe), settings_.request_timeout);
    if (a.status.verdict == ApiVerdict::auth)
        co_return make_error(Errc::auth, "telegram: Telegram refused the bot token in " + settings_.token_env + " (" +
                                             a.status.description + "); copy the token BotFather gave for this bot");
    if (!a.ok()) co_return make_error(Errc::network, "telegram getMe: " + a.status.description);
    auto me = parse_get_me(a.body);
    if (!me) co_return me.error();
    self_ = *me;
    log(LogLevel::info, "telegram: connected as @" + self_->username + " (" + std::to_string(self_->id) + ")");
    co_return Status{};
}

namespace {
// Built outside the coroutine: GCC 12 miscompiles braced string initialisers inside them.
RoomProblem room_problem(std::string room, std::string problem) { return RoomProblem{std::move(room), std::move(problem)}; }
}  // namespace

net::awaitable<Result<std::vector<RoomProblem>>> TelegramAdapter::verify_rooms(std::vector<std::string> rooms) {
    std::vector<RoomProblem> problems;
    for (const auto& room : rooms) {
        std::string method_getChat = "getChat";
        std::string body_getChat = json{{"chat_id", room}}.dump();
        auto a = co_await api_.call(std::move(method_getChat), std::move(body_getChat), settings_.request_timeout);
        if (a.status.verdict == ApiVerdict::auth)
            co_return make_error(Errc::auth, "telegram: Telegram refused the bot token in " + settings_.token_env);
        if (a.status.verdict == ApiVerdict::rejected || a.status.verdict == ApiVerdict::blocked) {
            problems.push_back(room_problem(room, "Telegram does not know this chat or the bot is not in it (" +
                                                      a.status.description + "); add the bot to the group"));
            continue;
        }
        if (!a.ok()) co_return make_error(Errc::network, "telegram getChat: " + a.status.description);
        auto title = parse_chat_title(a.body);
        if (!title) co_return title.error();
        log(LogLevel::info, "telegram: agents' chat " + room + " is \"" + *title + "\"");
    }
    co_return problems;
}

net::awaitable<void> TelegramAdapter::set_up_commands() {
    // The menu users see next to the text field, per language; the agents' group gets its own.
    // A failure here costs a menu, not a message: warn and go on.
    std::vector<json> bodies;
    for (const auto& [lang, commands] : settings_.user_commands) {
        json body = {{"scope", {{"type", "all_private_chats"}}}, {"commands", json::array()}};
        for (const auto& c : commands) body["commands"].push_back({{"command", c.command}, {"description", c.description}});
        if (!lang.empty()) body["language_code"] = lang;
        bodies.push_back(std::move(body));
    }
    for (const auto& chat : settings_.agents_chats) {
        for (const auto& [lang, commands] : settings_.agent_commands) {
            json body = {{"scope", {{"type", "chat"}, {"chat_id", chat}}}, {"commands", json::array()}};
            for (const auto& c : commands) body["commands"].push_back({{"command", c.command}, {"description", c.description}});
            if (!lang.empty()) body["language_code"] = lang;
            bodies.push_back(std::move(body));
        }
    }
    for (const auto& body : bodies) {
        std::string method_setMyCommands = "setMyCommands";
        std::string body_setMyCommands = body.dump();
        auto a = co_await api_.call(std::move(method_setMyCommands), std::move(body_setMyCommands), settings_.request_timeout);
        if (!a.ok()) log(LogLevel::warn, "telegram setMyCommands: " + a.status.description);
    }
}

namespace {

DeliveryOutcome outcome_of(const ApiStatus& s) {
    DeliveryOutcome o;
    o.error = s.description;
    switch (s.verdict) {
        case ApiVerdict::ok:
        case ApiVerdict::not_modified:
        case ApiVerdict::stale_query: o.kind = DeliveryOutcome::Kind::delivered; break;
        case ApiVerdict::rate_limited:
            o.kind = DeliveryOutcome::Kind::retry;
            o.retry_after = s.retry_after;
            break;
        case ApiVerdict::blocked:
            // The user blocked the bot (or it left the group): no retry reaches them.
            o.kind = DeliveryOutcome::Kind::rejected;
            o.recipient_unreachable = true;
            o.error = "telegram: unreachable, " + s.description;
            break;
        case ApiVerdict::rejected: o.kind = DeliveryOutcome::Kind::rejected; break;
        // A refused token may be fixed by the operator; 5xx and network errors pass.
        case ApiVerdict::auth:
        case ApiVerdict::conflict:
        case ApiVerdict::retry: o.kind = DeliveryOutcome::Kind::retry; break;
    }
    return o;
}

DeliveryOutcome rejected(const Error& e) {
    DeliveryOutcome o;
    o.kind = DeliveryOutcome::Kind::rejected;
    o.error = e.message;
    return o;
}

}  // namespace

net::awaitable<DeliveryOutcome> TelegramAdapter::edit(const OutboxItem& item) {
    auto body = render_edit(item.message, item.replaces_platform_id, item.id);
    if (!body) co_return rejected(body.error());
    std::string method_editMessageText = "editMessageText";
    std::string body_editMessageText = std::move(*body);
    auto a = co_await api_.send(std::move(method_editMessageText), std::move(body_editMessageText), settings_.max_inline_wait);
    auto o = outcome_of(a.status);
    // Editing to identical content answers "message is not modified": the edit is there already.
    if (o.kind == DeliveryOutcome::Kind::delivered) o.platform_message_id = item.replaces_platform_id;
    co_return o;
}

net::awaitable<DeliveryOutcome> TelegramAdapter::deliver(OutboxItem item) {
    const auto& m = item.message;
    if (m.to.platform != "telegram" || m.to.conversation_id.empty())
        co_return rejected(make_error(Errc::invalid_argument, "telegram: not a Telegram address"));
    if (!m.replaces.empty() && !item.replaces_platform_id.empty()) {
        auto o = co_await edit(item);
        // A message too old or gone to edit: the new state goes out as a new message instead.
        if (o.kind != DeliveryOutcome::Kind::rejected || o.recipient_unreachable) co_return o;
        log(LogLevel::info, "telegram: could not edit message " + item.replaces_platform_id + " (" + o.error + "); sending anew");
    }
    auto bodies = render_send_messages(m, item.id);
    if (!bodies) co_return rejected(bodies.error());
    DeliveryOutcome last;
    const auto done = pieces_sent_.find(item.id);
    std::size_t first = done == pieces_sent_.end() ? 0 : done->second;
    for (std::size_t i = first; i < bodies->size(); ++i) {
        std::string method = "sendMessage";
        std::string body = std::move((*bodies)[i]);
        auto a = co_await api_.send(std::move(method), std::move(body), settings_.max_inline_wait);
        last = outcome_of(a.status);
        if (last.kind != DeliveryOutcome::Kind::delivered) {
            if (last.kind == DeliveryOutcome::Kind::rejected) pieces_sent_.erase(item.id);
            co_return last;
        }
        auto id = parse_message_id(a.body);
        if (!id) co_return rejected(id.error());
        pieces_sent_[item.id] = i + 1;
        // The last piece carries the keyboard: that is the message a later edit replaces.
        last.platform_message_id = id->value_or("");
    }
    pieces_sent_.erase(item.id);
    co_return last;
}

}  // namespace frontline::telegram
