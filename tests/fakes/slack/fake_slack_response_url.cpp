// A click's response_url in the fake, as Slack documents it: a POST of a message (JSON) to the url
// replaces the clicked message (replace_original), deletes it (delete_original) or adds a new one
// (ephemeral to the clicker unless response_type is in_channel); at most 5 uses within 30 minutes,
// then expired_url / used_url. https://docs.slack.dev/interactivity/handling-user-interaction
// Also chat.postMessage's per-channel limit (about 1 per second with short bursts).
#include "tests/fakes/slack/fake_slack_impl.hpp"

#include <algorithm>

namespace frontline::fakes {
namespace {

net::HttpResponse refuse(int status, const std::string& error) { return net::make_response(status, error, "text/plain"); }

std::vector<FakeButton> buttons_in(const json& blocks) {
    std::vector<FakeButton> out;
    for (const auto& b : blocks)
        if (b.is_object() && b.value("type", "") == "actions" && b.contains("elements"))
            for (const auto& e : b["elements"])
                out.push_back({e["text"].value("text", ""), e.value("action_id", ""), e.value("value", "")});
    return out;
}

}  // namespace

std::string FakeSlack::Impl::issue_response_url_locked(const std::string& channel, const std::string& ts,
                                                        const std::string& user) {
    const auto id = next_id_locked("ru");
    response_urls[id] = FakeResponseUrl{channel, ts, user, std::chrono::steady_clock::now() + opt.response_url_lifetime, 0};
    return "http://127.0.0.1:" + std::to_string(port) + "/actions/" + id;
}

net::HttpResponse FakeSlack::Impl::answer_response_url(const net::IncomingRequest& req) {
    std::lock_guard lock(mu);
    FakeCall call{"response_url", 200, "", "none"};
    auto record = [&](net::HttpResponse r, std::string error = {}) {
        call.http_status = r.status;
        call.error = std::move(error);
        calls.push_back(call);
        changed_locked();
        return r;
    };
    const auto id = req.path.substr(std::string("/actions/").size());
    const auto it = response_urls.find(id);
    if (req.method != "POST" || it == response_urls.end()) return record(refuse(404, "invalid_url"), "invalid_url");
    auto& url = it->second;
    if (std::chrono::steady_clock::now() >= url.expires) return record(refuse(404, "expired_url"), "expired_url");
    if (url.uses >= 5) return record(refuse(404, "used_url"), "used_url");
    const auto body = json::parse(req.body, nullptr, false);
    if (!body.is_object()) return record(refuse(400, "invalid_payload"), "invalid_payload");
    ++url.uses;
    const auto text = body.value("text", "");
    const json blocks = body.contains("blocks") ? body["blocks"] : json();
    if (!blocks.is_null() && (!blocks.is_array() || blocks.size() > 50))
        return record(refuse(400, "invalid_blocks"), "invalid_blocks");
    auto post = std::find_if(posts.begin(), posts.end(),
                             [&](const FakePost& p) { return p.channel == url.channel && p.ts == url.ts && !p.ephemeral; });
    if (body.value("delete_original", false)) {
        if (post != posts.end()) posts.erase(post);
        return record(net::make_response(200, "ok", "text/plain"));
    }
    if (body.value("replace_original", false)) {
        if (post == posts.end()) return record(refuse(404, "message_not_found"), "message_not_found");
        post->text = text;
        // As with chat.update, blocks absent keep the old ones; an empty array removes them.
        if (blocks.is_array()) {
            post->blocks_json = blocks.empty() ? "" : blocks.dump();
            post->buttons = buttons_in(blocks);
        }
        ++post->updates;
        return record(net::make_response(200, "ok", "text/plain"));
    }
    FakePost added;
    added.channel = url.channel;
    added.ts = next_ts_locked();
    added.text = text;
    if (blocks.is_array() && !blocks.empty()) {
        added.blocks_json = blocks.dump();
        added.buttons = buttons_in(blocks);
    }
    added.ephemeral = body.value("response_type", "ephemeral") != "in_channel";
    if (added.ephemeral) added.ephemeral_user = url.user;
    posts.push_back(std::move(added));
    return record(net::make_response(200, "ok", "text/plain"));
}

bool FakeSlack::Impl::take_channel_post_locked(const std::string& channel) {
    if (opt.channel_posts_per_second <= 0) return true;
    const auto now = std::chrono::steady_clock::now();
    auto [it, fresh] = channel_buckets.try_emplace(channel, FakeChannelBucket{opt.channel_post_burst, now});
    auto& b = it->second;
    if (!fresh) {
        const double refill = std::chrono::duration<double>(now - b.at).count() * opt.channel_posts_per_second;
        b.tokens = std::min(opt.channel_post_burst, b.tokens + refill);
        b.at = now;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
}

}  // namespace frontline::fakes
