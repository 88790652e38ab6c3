// FakeTelegram's public API: start/stop, the world, what people do, faults and observation.
#include "tests/fakes/telegram/fake_telegram.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "tests/fakes/telegram/fake_telegram_impl.hpp"

namespace frontline::fakes {

FakeTelegram::FakeTelegram(net::Executor executor, FakeTelegramOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options))) {}

FakeTelegram::~FakeTelegram() { stop(); }

Status FakeTelegram::start() {
    impl_->server = std::make_unique<net::HttpServer>(impl_->ex);
    std::weak_ptr<Impl> weak = impl_;
    impl_->server->on_request([weak](net::IncomingRequest req) -> net::awaitable<net::HttpResponse> {
        auto self = weak.lock();
        if (!self) co_return net::make_response(503, "gone");
        co_return co_await self->handle(std::move(req));
    });
    if (auto ok = impl_->server->listen("127.0.0.1:0"); !ok) return ok;
    impl_->port = impl_->server->port();
    return {};
}

void FakeTelegram::stop() {
    std::lock_guard lock(impl_->mu);
    if (!impl_->server) return;
    impl_->server->stop();
    impl_->wake_polls_locked();
}

std::string FakeTelegram::api_base_url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }
const FakeTelegramOptions& FakeTelegram::options() const { return impl_->opt; }

// ---- helpers

std::int64_t FakeTelegram::Impl::push_update_locked(std::string kind, json body) {
    const auto id = next_update++;
    body["update_id"] = id;
    updates.push_back({id, std::move(kind), std::move(body)});
    wake_polls_locked();
    changed_locked();
    return id;
}

std::int64_t FakeTelegram::Impl::new_message_id_locked(const std::string& chat_id) {
    auto& n = next_message[chat_id];
    if (n == 0) n = 1;
    return n++;
}

json FakeTelegram::Impl::user_json_locked(std::int64_t user) const {
    const auto it = users.find(user);
    json j = {{"id", user}, {"is_bot", false}, {"first_name", it == users.end() ? "User" : it->second.first_name}};
    if (it != users.end()) {
        if (!it->second.last_name.empty()) j["last_name"] = it->second.last_name;
        if (!it->second.language_code.empty()) j["language_code"] = it->second.language_code;
    }
    return j;
}

json FakeTelegram::Impl::chat_json_locked(const std::string& chat_id) const {
    if (const auto g = groups.find(chat_id); g != groups.end()) return {{"id", std::stoll(chat_id)}, {"title", g->second}, {"type", "supergroup"}};
    const auto id = std::stoll(chat_id);
    const auto it = users.find(id);
    return {{"id", id}, {"first_name", it == users.end() ? "User" : it->second.first_name}, {"type", "private"}};
}

bool FakeTelegram::Impl::chat_known_locked(const std::string& chat_id) const {
    if (chat_id.empty() || chat_id.find_first_not_of("-0123456789") != std::string::npos) return false;
    if (groups.count(chat_id)) return true;
    return !chat_id.starts_with('-') && users.count(std::stoll(chat_id)) > 0;
}

// ---- the world

void FakeTelegram::add_user(FakeTgUser user) {
    std::lock_guard lock(impl_->mu);
    impl_->users[user.id] = std::move(user);
}

void FakeTelegram::add_group(std::string chat_id, std::string title) {
    std::lock_guard lock(impl_->mu);
    impl_->groups[std::move(chat_id)] = std::move(title);
}

namespace {

/// A leading /command gets its bot_command entity; offsets and lengths in UTF-16 units.
json entities_for(const std::string& text) {
    json entities = json::array();
    if (text.starts_with('/')) {
        const auto end = text.find(' ');
        entities.push_back({{"offset", 0}, {"length", utf16_units(text.substr(0, end))}, {"type", "bot_command"}});
    }
    return entities;
}

}  // namespace

std::int64_t FakeTelegram::user_message(std::int64_t user, const std::string& text) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    const std::string chat = std::to_string(user);
    FakeTgMessage m{chat, s.new_message_id_locked(chat), false, text, "", {}, 0, 0};
    json message = {{"message_id", m.message_id}, {"from", s.user_json_locked(user)}, {"chat", s.chat_json_locked(chat)},
                    {"date", 1764921600}, {"text", text}};
    if (auto e = entities_for(text); !e.empty()) message["entities"] = e;
    s.messages.push_back(std::move(m));
    return s.push_update_locked("message", {{"message", std::move(message)}});
}

std::int64_t FakeTelegram::group_message(std::int64_t user, const std::string& chat_id, const std::string& text, std::int64_t reply_to) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    FakeTgMessage m{chat_id, s.new_message_id_locked(chat_id), false, text, "", {}, reply_to, 0};
    json message = {{"message_id", m.message_id}, {"from", s.user_json_locked(user)}, {"chat", s.chat_json_locked(chat_id)},
                    {"date", 1764921600}, {"text", text}};
    if (auto e = entities_for(text); !e.empty()) message["entities"] = e;
    if (reply_to != 0) {
        const auto target = std::find_if(s.messages.begin(), s.messages.end(),
                                         [&](const FakeTgMessage& x) { return x.chat_id == chat_id && x.message_id == reply_to; });
        json replied = {{"message_id", reply_to}, {"chat", s.chat_json_locked(chat_id)}, {"date", 1764921600}};
        if (target != s.messages.end()) {
            replied["text"] = target->text;
            if (target->from_bot)
                replied["from"] = {{"id", s.opt.bot_id}, {"is_bot", true}, {"first_name", "Frontline"}, {"username", s.opt.bot_username}};
        }
        message["reply_to_message"] = std::move(replied);
    }
    s.messages.push_back(std::move(m));
    return s.push_update_locked("message", {{"message", std::move(message)}});
}

Result<std::int64_t> FakeTelegram::press(std::int64_t user, const std::string& chat_id, std::int64_t message_id, const std::string& label) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    const auto m = std::find_if(s.messages.begin(), s.messages.end(),
                                [&](const FakeTgMessage& x) { return x.chat_id == chat_id && x.message_id == message_id && x.from_bot; });
    if (m == s.messages.end()) return make_error(Errc::not_found, "fake telegram: no bot message " + chat_id + "/" + std::to_string(message_id));
    const auto b = std::find_if(m->buttons.begin(), m->buttons.end(), [&](const FakeTgButton& x) { return x.text == label; });
    if (b == m->buttons.end()) return make_error(Errc::not_found, "fake telegram: no button '" + label + "' on " + chat_id + "/" + std::to_string(message_id));
    const std::string id = std::to_string(s.next_update) + "-cbq";
    s.presses[id] = {std::chrono::steady_clock::now(), false};
    json query = {{"id", id},
                  {"from", s.user_json_locked(user)},
                  {"message", {{"message_id", m->message_id}, {"from", {{"id", s.opt.bot_id}, {"is_bot", true}, {"first_name", "Frontline"}, {"username", s.opt.bot_username}}},
                               {"chat", s.chat_json_locked(chat_id)}, {"date", 1764921600}, {"text", m->text}}},
                  {"chat_instance", "-" + chat_id},
                  {"data", b->callback_data}};
    return s.push_update_locked("callback_query", {{"callback_query", std::move(query)}});
}

std::int64_t FakeTelegram::raw_update(const std::string& update_json) {
    std::lock_guard lock(impl_->mu);
    json body = json::parse(update_json);
    std::string kind;
    for (auto& [k, v] : body.items()) kind = k;
    return impl_->push_update_locked(kind, std::move(body));
}

std::int64_t FakeTelegram::bot_membership(const std::string& chat_id, const std::string& status) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    const json bot = {{"id", s.opt.bot_id}, {"is_bot", true}, {"first_name", "Frontline"}, {"username", s.opt.bot_username}};
    json update = {{"chat", s.chat_json_locked(chat_id)},
                   {"from", {{"id", 1}, {"is_bot", false}, {"first_name", "Admin"}}},
                   {"date", 1764921600},
                   {"old_chat_member", {{"user", bot}, {"status", status == "member" ? "left" : "member"}}},
                   {"new_chat_member", {{"user", bot}, {"status", status}}}};
    return s.push_update_locked("my_chat_member", {{"my_chat_member", std::move(update)}});
}

// ---- faults

void FakeTelegram::rate_limit(const std::string& method, int count, int seconds) {
    std::lock_guard lock(impl_->mu);
    impl_->rate_limits[ascii_lower(method)] = {count, seconds};  // method names are case-insensitive
}

void FakeTelegram::set_webhook_elsewhere(const std::string& url) {
    std::lock_guard lock(impl_->mu);
    impl_->webhook = url;
    impl_->wake_polls_locked();
    impl_->changed_locked();
}

void FakeTelegram::start_competing_poller() {
    std::lock_guard lock(impl_->mu);
    impl_->competing_poller = true;
    impl_->wake_polls_locked();
    impl_->changed_locked();
}

void FakeTelegram::block_bot(std::int64_t user) {
    std::lock_guard lock(impl_->mu);
    impl_->blocked.insert(user);
}

// ---- observation

std::vector<FakeTgMessage> FakeTelegram::messages_in(const std::string& chat_id) const {
    std::lock_guard lock(impl_->mu);
    std::vector<FakeTgMessage> out;
    for (const auto& m : impl_->messages)
        if (m.chat_id == chat_id) out.push_back(m);
    return out;
}

std::vector<FakeTgMessage> FakeTelegram::bot_messages_in(const std::string& chat_id) const {
    std::lock_guard lock(impl_->mu);
    std::vector<FakeTgMessage> out;
    for (const auto& m : impl_->messages)
        if (m.chat_id == chat_id && m.from_bot) out.push_back(m);
    return out;
}

std::vector<FakeTgCall> FakeTelegram::calls() const {
    std::lock_guard lock(impl_->mu);
    return impl_->calls;
}

int FakeTelegram::calls_of(const std::string& method) const {
    std::lock_guard lock(impl_->mu);
    const std::string lower = [&] {
        std::string l = method;
        for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return l;
    }();
    return static_cast<int>(std::count_if(impl_->calls.begin(), impl_->calls.end(), [&](const FakeTgCall& c) { return c.method == lower; }));
}

std::size_t FakeTelegram::pending_updates() const {
    std::lock_guard lock(impl_->mu);
    return impl_->updates.size();
}

std::vector<std::int64_t> FakeTelegram::handed_out() const {
    std::lock_guard lock(impl_->mu);
    return impl_->handed;
}

int FakeTelegram::answered_callbacks() const {
    std::lock_guard lock(impl_->mu);
    return impl_->answered;
}

std::vector<std::string> FakeTelegram::command_menus() const {
    std::lock_guard lock(impl_->mu);
    return impl_->menus;
}

std::string FakeTelegram::webhook_url() const {
    std::lock_guard lock(impl_->mu);
    return impl_->webhook;
}

int FakeTelegram::polls_waiting() const {
    std::lock_guard lock(impl_->mu);
    return static_cast<int>(impl_->waiting.size());
}

bool FakeTelegram::wait_until(const std::function<bool()>& pred, std::chrono::milliseconds limit) const {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        std::uint64_t seen;
        {
            std::lock_guard lock(impl_->mu);
            seen = impl_->generation;
        }
        if (pred()) return true;
        std::unique_lock lock(impl_->mu);
        if (!impl_->cv.wait_until(lock, deadline, [&] { return impl_->generation != seen; })) {
            lock.unlock();
            return pred();
        }
    }
}

}  // namespace frontline::fakes
