// Web API side of the fake: the methods the bot calls, with Slack's response shapes and error codes.
// Arguments arrive as query, form-urlencoded or JSON, like Slack accepts
// (https://docs.slack.dev/apis/web-api/#basics); errors are HTTP 200 with ok:false, except 429.
#include "tests/fakes/slack/fake_slack_impl.hpp"

#include <algorithm>
#include <cctype>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/text.hpp"

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
        if (!pair.empty()) args[percent_decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        form.remove_prefix(amp + 1);
    }
}

std::string arg(const json& args, const char* key) {
    const auto it = args.find(key);
    if (it == args.end() || it->is_null()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

net::HttpResponse answer(json body, int status = 200) {
    net::HttpResponse r = net::make_response(status, body.dump(), "application/json; charset=utf-8");
    return r;
}

net::HttpResponse fail(const std::string& error) { return answer({{"ok", false}, {"error", error}}); }

/// Block Kit checks Slack applies (invalid_blocks): limits from the Block Kit reference.
bool blocks_valid(const json& blocks) {
    if (!blocks.is_array() || blocks.size() > 50) return false;
    for (const auto& b : blocks) {
        if (!b.is_object() || !b.contains("type")) return false;
        const auto type = b.value("type", "");
        if (type == "section") {
            const auto text = b.contains("text") && b["text"].is_object() ? b["text"].value("text", "") : "";
            if (text.empty() || utf8_length(text) > 3000) return false;
        } else if (type == "actions") {
            if (!b.contains("elements") || !b["elements"].is_array() || b["elements"].empty() || b["elements"].size() > 25)
                return false;
            std::set<std::string> ids;
            for (const auto& e : b["elements"]) {
                if (!e.is_object() || e.value("type", "") != "button") return false;
                const auto label = e.contains("text") && e["text"].is_object() ? e["text"].value("text", "") : "";
                const auto action_id = e.value("action_id", "");
                if (label.empty() || utf8_length(label) > 75 || utf8_length(e.value("value", "")) > 2000 ||
                    action_id.size() > 255 || !ids.insert(action_id).second)
                    return false;
            }
        }
    }
    return true;
}

std::vector<FakeButton> buttons_of(const json& blocks) {
    std::vector<FakeButton> out;
    for (const auto& b : blocks)
        if (b.value("type", "") == "actions")
            for (const auto& e : b["elements"])
                out.push_back({e["text"].value("text", ""), e.value("action_id", ""), e.value("value", "")});
    return out;
}

}  // namespace

net::awaitable<net::HttpResponse> FakeSlack::Impl::handle(net::IncomingRequest req) {
    if (req.path.starts_with("/actions/")) co_return answer_response_url(req);
    if (req.path.starts_with("/files-pri/")) co_return co_await answer_file(shared_from_this(), std::move(req));
    const bool post = req.path == "/api/chat.postMessage";
    auto answer_of = answer_call(std::move(req));
    auto r = co_await std::move(answer_of);
    if (post && opt.post_answer_delay.count() > 0) {
        // Slack has the message already; its answer is slow to come back (a long network path).
        boost::asio::steady_timer wait(co_await boost::asio::this_coro::executor, opt.post_answer_delay);
        co_await wait.async_wait(boost::asio::use_awaitable);
    }
    co_return r;
}

net::awaitable<net::HttpResponse> FakeSlack::Impl::answer_call(net::IncomingRequest req) {
    const std::string prefix = "/api/";
    if (!req.path.starts_with(prefix)) co_return net::make_response(404, "not found");
    const auto method = req.path.substr(prefix.size());

    json args = json::object();
    add_form(args, req.query);
    const auto type = req.headers.get("Content-Type").value_or("");
    if (type.starts_with("application/json")) {
        auto body = json::parse(req.body, nullptr, false);
        if (!body.is_object()) co_return fail("invalid_json");
        for (auto& [k, v] : body.items()) args[k] = v;
    } else if (type.starts_with("application/x-www-form-urlencoded")) {
        add_form(args, req.body);
    }

    auto token = req.headers.get("Authorization").value_or("");
    token = token.starts_with("Bearer ") ? token.substr(7) : arg(args, "token");

    std::lock_guard lock(mu);
    FakeCall call{method, 200, "", token.empty() ? "none" : token == opt.bot_token ? "bot" : token == opt.app_token ? "app" : "wrong"};
    auto record = [&](net::HttpResponse r, std::string error = {}) {
        call.http_status = r.status;
        call.error = std::move(error);
        calls.push_back(call);
        changed_locked();
        return r;
    };

    for (const auto& key : {method, std::string("*")}) {
        auto it = rate_limits.find(key);
        if (it != rate_limits.end() && it->second.first > 0) {
            --it->second.first;
            auto r = answer({{"ok", false}, {"error", "ratelimited"}}, 429);
            r.headers.set("Retry-After", std::to_string(it->second.second));
            co_return record(std::move(r), "ratelimited");
        }
    }

    const bool wants_app = method == "apps.connections.open";
    const auto needed = wants_app ? "app" : "bot";
    if (call.token_kind == "none") co_return record(fail("not_authed"), "not_authed");
    if (call.token_kind == "wrong") co_return record(fail("invalid_auth"), "invalid_auth");
    if (call.token_kind != needed) co_return record(fail("not_allowed_token_type"), "not_allowed_token_type");

    if (method == "apps.connections.open") {
        const auto ticket = next_id_locked("tk-");
        tickets.insert(ticket);
        co_return record(answer({{"ok", true},
                                 {"url", "ws://127.0.0.1:" + std::to_string(port) + "/link/?ticket=" + ticket +
                                             "&app_id=" + opt.app_id}}));
    }
    if (method == "auth.test") {
        co_return record(answer({{"ok", true}, {"url", "https://fake.slack.invalid/"}, {"team", "Fake Workspace"},
                                 {"user", "frontline"}, {"team_id", opt.team_id}, {"user_id", opt.bot_user_id},
                                 {"bot_id", opt.bot_id}, {"is_enterprise_install", false}}));
    }
    if (method == "users.info") {
        auto it = users.find(arg(args, "user"));
        if (it == users.end()) co_return record(fail("user_not_found"), "user_not_found");
        const auto& u = it->second;
        json user = {{"id", u.id}, {"team_id", opt.team_id}, {"name", u.name}, {"deleted", false},
                     {"real_name", u.real_name}, {"tz", u.tz}, {"is_bot", u.is_bot}, {"is_admin", false},
                     {"profile", {{"real_name", u.real_name}, {"display_name", u.name}, {"email", u.email}, {"phone", u.phone}}}};
        if (arg(args, "include_locale") == "true") user["locale"] = u.locale;
        co_return record(answer({{"ok", true}, {"user", user}}));
    }
    if (method == "views.open") {
        // https://docs.slack.dev/reference/methods/views.open: a trigger is good once, for 3 s.
        const auto trigger = arg(args, "trigger_id");
        const auto it = triggers.find(trigger);
        if (trigger.empty() || it == triggers.end()) co_return record(fail("invalid_trigger_id"), "invalid_trigger_id");
        if (std::chrono::steady_clock::now() - it->second.second > std::chrono::seconds(3)) {
            triggers.erase(it);
            co_return record(fail("expired_trigger_id"), "expired_trigger_id");
        }
        json view = args.contains("view") && args["view"].is_string() ? json::parse(args["view"].get<std::string>(), nullptr, false)
                                                                       : args.value("view", json());
        const auto title = view.is_object() ? view.value("title", json()) : json();
        const bool valid = view.is_object() && view.value("type", "") == "modal" && title.is_object() &&
                           title.value("type", "") == "plain_text" && !title.value("text", "").empty() &&
                           title.value("text", "").size() <= 24 * 4 && view.contains("blocks") && view["blocks"].is_array() &&
                           view["blocks"].size() <= 100 && view.value("private_metadata", "").size() <= 3000 &&
                           view.value("callback_id", "").size() <= 255;
        if (!valid) co_return record(fail("invalid_arguments"), "invalid_arguments");
        FakeView v{next_id_locked("V"), it->second.first, view.value("callback_id", ""), view.value("private_metadata", ""),
                   view.dump(), false};
        triggers.erase(it);
        views.push_back(v);
        view["id"] = v.id;
        view["team_id"] = opt.team_id;
        co_return record(answer({{"ok", true}, {"view", view}}));
    }
    if (method == "conversations.open") {
        const auto who = arg(args, "users");
        if (who.empty()) co_return record(fail("users_list_not_supplied"), "users_list_not_supplied");
        if (!users.count(who)) co_return record(fail("user_not_found"), "user_not_found");
        const bool existed = dms.count(who) > 0;
        json body = {{"ok", true}, {"channel", {{"id", dm_of_locked(who)}}}};
        if (existed) {
            body["no_op"] = true;
            body["already_open"] = true;
        }
        co_return record(answer(body));
    }
    if (method == "conversations.history" || method == "conversations.replies") {
        // https://docs.slack.dev/reference/methods/conversations.history: newest first, from `oldest`;
        // conversations.replies: the thread's parent and replies, oldest first. Metadata only on request.
        if (opt.history_missing_scope) co_return record(fail("missing_scope"), "missing_scope");
        const auto channel = arg(args, "channel");
        bool known = channels.count(channel) > 0;
        for (const auto& [u, d] : dms) known = known || d == channel;
        if (!known) co_return record(fail("channel_not_found"), "channel_not_found");
        const auto oldest = arg(args, "oldest");
        const auto thread = arg(args, "ts");
        if (method == "conversations.replies" && thread.empty()) co_return record(fail("invalid_arguments"), "invalid_arguments");
        const bool with_metadata = arg(args, "include_all_metadata") == "true" || arg(args, "include_all_metadata") == "1";
        const auto newer_or_equal = [](const std::string& a, const std::string& b) {
            return std::stod(a) >= std::stod(b);
        };
        json messages = json::array();
        for (const auto& p : posts) {
            if (p.channel != channel || p.ephemeral) continue;
            if (!oldest.empty() && !newer_or_equal(p.ts, oldest)) continue;
            const bool top = p.thread_ts.empty() || p.thread_ts == p.ts;
            if (method == "conversations.history" ? !top : !(p.ts == thread || p.thread_ts == thread)) continue;
            json m = {{"type", "message"}, {"text", p.text}, {"user", opt.bot_user_id}, {"bot_id", opt.bot_id}, {"ts", p.ts}};
            if (!p.thread_ts.empty()) m["thread_ts"] = p.thread_ts;
            if (with_metadata && !p.metadata_json.empty()) m["metadata"] = json::parse(p.metadata_json);
            messages.push_back(std::move(m));
        }
        if (method == "conversations.history") std::reverse(messages.begin(), messages.end());
        co_return record(answer({{"ok", true}, {"messages", messages}, {"has_more", false}}));
    }
    if (method == "conversations.info") {
        // https://docs.slack.dev/reference/methods/conversations.info
        const auto channel = arg(args, "channel");
        if (channel.empty()) co_return record(fail("channel_not_found"), "channel_not_found");
        const bool member = channels.count(channel) > 0;
        if (member || foreign_channels.count(channel)) {
            const auto& name = member ? channels.at(channel) : foreign_channels.at(channel);
            co_return record(answer({{"ok", true},
                                     {"channel", {{"id", channel}, {"name", name}, {"is_channel", true},
                                                  {"is_private", false}, {"is_archived", false}, {"is_member", member}}}}));
        }
        for (const auto& [u, d] : dms)
            if (d == channel)
                co_return record(answer({{"ok", true}, {"channel", {{"id", d}, {"is_im", true}, {"user", u}}}}));
        co_return record(fail("channel_not_found"), "channel_not_found");
    }
    if (method == "chat.postMessage" || method == "chat.postEphemeral" || method == "chat.update") {
        auto channel = arg(args, "channel");
        if (method == "chat.postMessage" && users.count(channel)) channel = dm_of_locked(channel);  // posting to a user id DMs them
        if (foreign_channels.count(channel)) co_return record(fail("not_in_channel"), "not_in_channel");
        bool known = channels.count(channel) > 0;
        for (const auto& [u, d] : dms) known = known || d == channel;
        if (channel.empty() || !known) co_return record(fail("channel_not_found"), "channel_not_found");
        const auto text = arg(args, "text");
        json blocks;
        const bool has_blocks = args.contains("blocks");
        if (has_blocks) {
            blocks = args["blocks"].is_string() ? json::parse(args["blocks"].get<std::string>(), nullptr, false) : args["blocks"];
            if (!blocks_valid(blocks)) co_return record(fail("invalid_blocks"), "invalid_blocks");
        }
        if (text.empty() && (!has_blocks || blocks.empty())) co_return record(fail("no_text"), "no_text");
        if (utf8_length(text) > 40000) co_return record(fail("msg_too_long"), "msg_too_long");

        if (method == "chat.update") {
            const auto ts = arg(args, "ts");
            auto post = std::find_if(posts.begin(), posts.end(),
                                     [&](const FakePost& p) { return p.channel == channel && p.ts == ts && !p.ephemeral; });
            if (post == posts.end()) co_return record(fail("message_not_found"), "message_not_found");
            post->text = text;
            if (has_blocks) {  // absent blocks keep the old ones; an empty array removes them
                post->blocks_json = blocks.empty() ? "" : blocks.dump();
                post->buttons = buttons_of(blocks);
            }
            ++post->updates;
            co_return record(answer({{"ok", true}, {"channel", channel}, {"ts", ts}, {"text", text},
                                     {"message", {{"text", text}, {"user", opt.bot_user_id}, {"bot_id", opt.bot_id}}}}));
        }
        if (method == "chat.postMessage" && !take_channel_post_locked(channel)) {
            // https://docs.slack.dev/reference/methods/chat.postMessage#rate_limiting
            auto r = answer({{"ok", false}, {"error", "ratelimited"}}, 429);
            r.headers.set("Retry-After", "1");
            co_return record(std::move(r), "ratelimited");
        }
        FakePost post;
        post.channel = channel;
        post.ts = next_ts_locked();
        post.thread_ts = arg(args, "thread_ts");
        post.text = text;
        if (args.contains("metadata")) {
            // https://docs.slack.dev/messaging/message-metadata: an object with event_type and event_payload.
            const json meta = args["metadata"].is_string() ? json::parse(args["metadata"].get<std::string>(), nullptr, false)
                                                           : args["metadata"];
            if (!meta.is_object() || !meta.contains("event_type") || !meta["event_type"].is_string() ||
                !meta.contains("event_payload") || !meta["event_payload"].is_object())
                co_return record(fail("invalid_metadata_format"), "invalid_metadata_format");
            post.metadata_json = meta.dump();
        }
        if (has_blocks && !blocks.empty()) {
            post.blocks_json = blocks.dump();
            post.buttons = buttons_of(blocks);
        }
        if (method == "chat.postEphemeral") {
            post.ephemeral = true;
            post.ephemeral_user = arg(args, "user");
            if (!users.count(post.ephemeral_user)) co_return record(fail("user_not_in_channel"), "user_not_in_channel");
            posts.push_back(post);
            co_return record(answer({{"ok", true}, {"message_ts", post.ts}}));
        }
        posts.push_back(post);
        json message = {{"bot_id", opt.bot_id}, {"type", "message"}, {"text", text}, {"user", opt.bot_user_id},
                        {"ts", post.ts}, {"app_id", opt.app_id}, {"team", opt.team_id}};
        if (!post.blocks_json.empty()) message["blocks"] = blocks;
        if (!post.thread_ts.empty()) message["thread_ts"] = post.thread_ts;
        if (opt.echo_bot_messages) {
            // Slack tells the app about its own post (message.im / message.channels with bot_id).
            json event = message;
            event["channel"] = channel;
            event["event_ts"] = post.ts;
            event["channel_type"] = channel.starts_with('D') ? "im" : "channel";
            event["bot_profile"] = {{"id", opt.bot_id}, {"app_id", opt.app_id}, {"name", "frontline"}};
            enqueue_locked("events_api", event_callback_locked(std::move(event)), false);
        }
        co_return record(answer({{"ok", true}, {"channel", channel}, {"ts", post.ts}, {"message", message}}));
    }
    auto r = answer({{"ok", false}, {"error", "unknown_method"}}, 404);
    co_return record(std::move(r), "unknown_method");
}

}  // namespace frontline::fakes
