// The Bot API methods of the fake, with Telegram's envelopes and error descriptions. Arguments
// arrive as query, form-urlencoded or JSON, as Telegram accepts (https://core.telegram.org/bots/api#making-requests).
#include <algorithm>
#include <cctype>
#include <regex>

#include "core/text.hpp"
#include "tests/fakes/telegram/fake_telegram_impl.hpp"

namespace frontline::fakes {
namespace {

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') out += ' ';
        else if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else out += s[i];
    }
    return out;
}

void add_form(json& args, std::string_view form) {
    while (!form.empty()) {
        const auto amp = form.find('&');
        const auto pair = form.substr(0, amp);
        const auto eq = pair.find('=');
        if (!pair.empty()) {
            const std::string value = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
            // Telegram reads JSON-serialised objects in form fields (reply_markup, allowed_updates).
            json parsed = json::parse(value, nullptr, false);
            args[percent_decode(pair.substr(0, eq))] = parsed.is_discarded() || parsed.is_number() ? json(value) : parsed;
        }
        if (amp == std::string_view::npos) break;
        form.remove_prefix(amp + 1);
    }
}

/// Ids arrive as numbers or strings.
std::string id_arg(const json& args, const char* key) {
    const auto it = args.find(key);
    if (it == args.end() || it->is_null()) return {};
    if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
    if (it->is_string()) return it->get<std::string>();
    return {};
}

std::string str_arg(const json& args, const char* key) {
    const auto it = args.find(key);
    return it != args.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

/// The inline keyboard, checked as Telegram does: callback_data 1-64 bytes.
Result<std::vector<FakeTgButton>> keyboard_of(const json& args) {
    std::vector<FakeTgButton> out;
    const auto markup = args.find("reply_markup");
    if (markup == args.end() || markup->is_null()) return out;
    if (!markup->is_object() || !markup->contains("inline_keyboard") || !(*markup)["inline_keyboard"].is_array())
        return make_error(Errc::invalid_argument, "Bad Request: can't parse reply keyboard markup JSON object");
    for (const auto& row : (*markup)["inline_keyboard"]) {
        if (!row.is_array()) return make_error(Errc::invalid_argument, "Bad Request: can't parse inline keyboard button: InlineKeyboardButton must be an Object");
        for (const auto& b : row) {
            const auto text = b.is_object() ? b.value("text", std::string()) : std::string();
            const auto data = b.is_object() ? b.value("callback_data", std::string()) : std::string();
            if (text.empty()) return make_error(Errc::invalid_argument, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
            if (data.empty() || data.size() > 64) return make_error(Errc::invalid_argument, "Bad Request: BUTTON_DATA_INVALID");
            out.push_back({text, data});
        }
    }
    return out;
}

bool same_buttons(const std::vector<FakeTgButton>& a, const std::vector<FakeTgButton>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const FakeTgButton& x, const FakeTgButton& y) { return x.text == y.text && x.callback_data == y.callback_data; });
}

}  // namespace

net::awaitable<net::HttpResponse> FakeTelegram::Impl::handle(net::IncomingRequest req) {
    if (req.path.starts_with("/via-")) {  // a file URL under a tagged base: the tag is not part of the file's path
        const auto file = req.path.find("/file/bot");
        if (file != std::string::npos && req.path.find('/', 1) == file) req.path.erase(0, file);
    }
    if (req.path.starts_with("/file/bot")) co_return co_await answer_file(shared_from_this(), std::move(req));
    // [/via-<tag>]/bot<token>/<method>: the tag names the caller (FakeTgCall::via), nothing else.
    static const std::regex route(R"(^(?:/via-([A-Za-z0-9_]+))?/bot([^/]*)/([A-Za-z]+)$)");
    std::smatch m;
    const std::string path = req.path;
    if (!std::regex_match(path, m, route)) co_return tg_error(404, "Not Found");
    const std::string via = m[1];
    const std::string token = m[2];
    const std::string method = ascii_lower(std::string(m[3]));

    json args = json::object();
    add_form(args, req.query);
    const auto type = req.headers.get("Content-Type").value_or("");
    if (type.starts_with("application/json")) {
        auto body = json::parse(req.body, nullptr, false);
        if (!body.is_object()) co_return tg_error(400, "Bad Request: can't parse JSON object");
        for (auto& [k, v] : body.items()) args[k] = v;
    } else if (type.starts_with("application/x-www-form-urlencoded")) {
        add_form(args, req.body);
    }
    if (token != opt.token) {
        std::lock_guard lock(mu);
        calls.push_back({method, 401, "Unauthorized", args.dump(), via});
        changed_locked();
        co_return tg_error(401, "Unauthorized");
    }
    if (method == "getupdates") co_return co_await get_updates(shared_from_this(), std::move(args), via);

    std::lock_guard lock(mu);
    FakeTgCall call{method, 200, "", args.dump(-1, ' ', false, json::error_handler_t::replace), via};
    auto record = [&](net::HttpResponse r) {
        call.status = r.status;
        if (r.status != 200) call.description = json::parse(r.body).value("description", "");
        calls.push_back(call);
        changed_locked();
        return r;
    };
    for (const std::string& key : {method, std::string("*")}) {
        auto it = rate_limits.find(key);
        if (it != rate_limits.end() && it->second.first > 0) {
            --it->second.first;
            co_return record(tg_error(429, "Too Many Requests: retry after " + std::to_string(it->second.second), it->second.second));
        }
    }

    if (method == "getme") {
        co_return record(tg_ok({{"id", opt.bot_id}, {"is_bot", true}, {"first_name", "Frontline"}, {"username", opt.bot_username},
                                {"can_join_groups", true}, {"can_read_all_group_messages", false}, {"supports_inline_queries", false}}));
    }
    if (method == "getchat") {
        const auto chat = id_arg(args, "chat_id");
        if (!chat_known_locked(chat)) co_return record(tg_error(400, "Bad Request: chat not found"));
        co_return record(tg_ok(chat_json_locked(chat)));
    }
    if (method == "setmycommands") {
        if (!args.contains("commands") || !args["commands"].is_array()) co_return record(tg_error(400, "Bad Request: commands must be an array"));
        static const std::regex command_name("^[a-z0-9_]{1,32}$");
        for (const auto& c : args["commands"]) {
            const auto name = c.is_object() ? c.value("command", std::string()) : std::string();
            const auto description = c.is_object() ? c.value("description", std::string()) : std::string();
            if (!std::regex_match(name, command_name)) co_return record(tg_error(400, "Bad Request: BOT_COMMAND_INVALID"));
            if (description.empty() || utf16_units(description) > 256) co_return record(tg_error(400, "Bad Request: command description is invalid"));
        }
        menus.push_back(call.body);
        co_return record(tg_ok(true));
    }
    if (method == "setwebhook") {
        const auto url = str_arg(args, "url");
        if (!url.starts_with("https://") && !url.starts_with("http://"))  // the real one wants https
            co_return record(tg_error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"));
        const auto secret = str_arg(args, "secret_token");
        static const std::regex secret_shape("^[A-Za-z0-9_-]{0,256}$");
        if (!std::regex_match(secret, secret_shape)) co_return record(tg_error(400, "Bad Request: bad webhook: secret token contains unallowed characters"));
        webhook = url;
        webhook_secret = secret;
        if (args.contains("allowed_updates")) allowed_updates = args["allowed_updates"];
        wake_polls_locked();
        co_return record(tg_ok(true));
    }
    if (method == "deletewebhook") {
        webhook.clear();
        webhook_secret.clear();
        const auto drop = args.find("drop_pending_updates");
        if (drop != args.end() && drop->is_boolean() && drop->get<bool>()) updates.clear();
        co_return record(tg_ok(true));
    }
    if (method == "answercallbackquery") {
        const auto id = str_arg(args, "callback_query_id");
        auto it = presses.find(id);
        if (it == presses.end() || it->second.answered ||
            std::chrono::steady_clock::now() - it->second.at > opt.callback_answer_window)
            co_return record(tg_error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid"));
        it->second.answered = true;
        ++answered;
        co_return record(tg_ok(true));
    }
    if (method == "sendmessage" || method == "editmessagetext") {
        const auto chat = id_arg(args, "chat_id");
        if (!chat_known_locked(chat)) co_return record(tg_error(400, "Bad Request: chat not found"));
        if (!chat.starts_with('-') && blocked.count(std::stoll(chat))) co_return record(tg_error(403, "Forbidden: bot was blocked by the user"));
        const auto html = str_arg(args, "text");
        if (html.empty()) co_return record(tg_error(400, "Bad Request: message text is empty"));
        std::string text = html;
        if (str_arg(args, "parse_mode") == "HTML") {
            auto parsed = parse_telegram_html(html);
            if (!parsed) co_return record(tg_error(400, "Bad Request: " + parsed.error().message));
            text = *parsed;
        }
        if (utf16_units(text) > 4096) co_return record(tg_error(400, "Bad Request: message is too long"));
        auto buttons = keyboard_of(args);
        if (!buttons) co_return record(tg_error(400, buttons.error().message));
        if (method == "editmessagetext") {
            const auto id = id_arg(args, "message_id");
            auto target = std::find_if(messages.begin(), messages.end(), [&](const FakeTgMessage& x) {
                return x.chat_id == chat && std::to_string(x.message_id) == id;
            });
            if (target == messages.end()) co_return record(tg_error(400, "Bad Request: message to edit not found"));
            if (!target->from_bot) co_return record(tg_error(400, "Bad Request: message can't be edited"));
            if (target->text == text && same_buttons(target->buttons, *buttons))
                co_return record(tg_error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"));
            target->text = text;
            target->html = html;
            target->buttons = std::move(*buttons);
            ++target->edits;
            json result = {{"message_id", target->message_id}, {"chat", chat_json_locked(chat)}, {"text", text}, {"date", 1764921600}};
            co_return record(tg_ok(std::move(result)));
        }
        FakeTgMessage sent;
        sent.chat_id = chat;
        sent.message_id = new_message_id_locked(chat);
        sent.from_bot = true;
        sent.text = text;
        sent.html = html;
        sent.buttons = std::move(*buttons);
        if (args.contains("reply_parameters") && args["reply_parameters"].is_object())
            sent.reply_to = args["reply_parameters"].value("message_id", std::int64_t{0});
        json result = {{"message_id", sent.message_id},
                       {"from", {{"id", opt.bot_id}, {"is_bot", true}, {"first_name", "Frontline"}, {"username", opt.bot_username}}},
                       {"chat", chat_json_locked(chat)},
                       {"date", 1764921600},
                       {"text", text}};
        messages.push_back(std::move(sent));
        co_return record(tg_ok(std::move(result)));
    }
    if (method == "getfile") co_return record(get_file_locked(args));
    if (method == "getwebhookinfo") {
        co_return record(tg_ok({{"url", webhook}, {"has_custom_certificate", false}, {"pending_update_count", updates.size()}}));
    }
    co_return record(tg_error(404, "Not Found"));
}

}  // namespace frontline::fakes
