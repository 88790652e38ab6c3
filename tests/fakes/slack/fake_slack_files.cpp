// Files in the fake Slack: shared in a DM as Slack's file objects, served at url_private /
// url_private_download with the bot token (https://docs.slack.dev/messaging/working-with-files#authentication),
// refused like Slack without it, and failing or slow on demand.
#include <algorithm>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "tests/fakes/slack/fake_slack_impl.hpp"

namespace frontline::fakes {

namespace {

json file_object(const FakeSlackFile& f, const std::string& user, long long created) {
    const auto dot = f.name.rfind('.');
    return {{"id", f.id},
            {"created", created},
            {"timestamp", created},
            {"name", f.name},
            {"title", f.name},
            {"mimetype", f.mimetype},
            {"filetype", dot == std::string::npos ? "binary" : f.name.substr(dot + 1)},
            {"pretty_type", f.mimetype},
            {"user", user},
            {"mode", "hosted"},
            {"editable", false},
            {"is_external", false},
            {"external_type", ""},
            {"is_public", false},
            {"size", f.bytes.size()},
            {"url_private", f.url_private},
            {"url_private_download", f.url_private_download},
            {"permalink", "https://fake.slack.invalid/files/" + user + "/" + f.id + "/" + f.name}};
}

}  // namespace

FakeSlackFile FakeSlack::make_file(const std::string& name, const std::string& mimetype, std::string bytes) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    FakeSlackFile f;
    f.id = s.next_id_locked("F0FILE");
    f.name = name;
    f.mimetype = mimetype;
    f.bytes = std::move(bytes);
    const auto key = s.opt.team_id + "-" + f.id;
    const auto base = "http://127.0.0.1:" + std::to_string(s.port) + "/files-pri/" + key + "/";
    f.url_private = base + name;
    f.url_private_download = base + "download/" + name;
    s.files[key] = f;
    return f;
}

std::string FakeSlack::user_dm_files(const std::string& user, const std::string& text, const std::vector<FakeSlackFile>& files) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    const auto channel = s.dm_of_locked(user);
    const auto ts = s.next_ts_locked();
    json objects = json::array();
    for (const auto& f : files) objects.push_back(file_object(f, user, std::stoll(ts)));
    // https://docs.slack.dev/reference/events/message/file_share
    json event = {{"type", "message"},       {"subtype", "file_share"}, {"text", text},   {"files", objects},
                  {"upload", false},         {"user", user},            {"display_as_bot", false},
                  {"ts", ts},                {"team", s.opt.team_id},   {"channel", channel},
                  {"event_ts", ts},          {"channel_type", "im"}};
    s.enqueue_locked("events_api", s.event_callback_locked(std::move(event)), false);
    return ts;
}

void FakeSlack::fail_file_downloads(int count, int status) {
    std::lock_guard lock(impl_->mu);
    impl_->file_failures = count;
    impl_->file_failure_status = status;
}

void FakeSlack::delay_file_downloads(std::chrono::milliseconds delay) {
    std::lock_guard lock(impl_->mu);
    impl_->file_delay = delay;
}

int FakeSlack::files_served() const {
    std::lock_guard lock(impl_->mu);
    return impl_->files_served;
}

int FakeSlack::file_requests() const {
    std::lock_guard lock(impl_->mu);
    return static_cast<int>(std::count_if(impl_->calls.begin(), impl_->calls.end(), [](const FakeCall& c) { return c.method == "file"; }));
}

net::awaitable<net::HttpResponse> FakeSlack::Impl::answer_file(std::shared_ptr<Impl> self, net::IncomingRequest req) {
    std::chrono::milliseconds delay{0};
    {
        std::lock_guard lock(self->mu);
        delay = self->file_delay;
    }
    if (delay.count() > 0) {
        boost::asio::steady_timer wait(co_await boost::asio::this_coro::executor, delay);
        co_await wait.async_wait(boost::asio::use_awaitable);
    }
    std::lock_guard lock(self->mu);
    auto& s = *self;
    auto token = req.headers.get("Authorization").value_or("");
    token = token.starts_with("Bearer ") ? token.substr(7) : "";
    FakeCall call{"file", 200, "", token.empty() ? "none" : token == s.opt.bot_token ? "bot" : token == s.opt.app_token ? "app" : "wrong"};
    auto record = [&](net::HttpResponse r) {
        call.http_status = r.status;
        s.calls.push_back(call);
        s.changed_locked();
        return r;
    };
    // /files-pri/<team>-<id>/<name> or /files-pri/<team>-<id>/download/<name>
    const std::string rest = req.path.substr(std::string("/files-pri/").size());
    const auto slash = rest.find('/');
    const auto key = rest.substr(0, slash);
    const bool download = slash != std::string::npos && rest.compare(slash + 1, 9, "download/") == 0;
    if (req.method != "GET" && req.method != "HEAD") co_return record(net::make_response(405, "method not allowed"));
    if (s.file_failures > 0) {
        --s.file_failures;
        co_return record(net::make_response(s.file_failure_status, "<html><body>Slack is having trouble</body></html>",
                                            "text/html; charset=utf-8"));
    }
    if (call.token_kind != "bot") {
        // Without a token that may read the file Slack does not say "unauthorized" in JSON: it
        // answers its sign-in page (or a bare 403/404), which a client must not take for the file.
        if (s.opt.file_refusal_status != 200) co_return record(net::make_response(s.opt.file_refusal_status, "", "text/plain"));
        co_return record(net::make_response(200, "<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Fake Workspace</body></html>",
                                            "text/html; charset=utf-8"));
    }
    const auto it = s.files.find(key);
    if (it == s.files.end()) co_return record(net::make_response(404, "", "text/plain"));
    if (download && s.opt.file_download_redirects) {
        net::HttpResponse r = net::make_response(302, "");
        r.headers.set("Location", s.opt.file_redirect_elsewhere ? "http://127.0.0.2:" + std::to_string(s.port) + "/files-pri/" + key + "/" + it->second.name
                                                                : it->second.url_private);
        co_return record(std::move(r));
    }
    ++s.files_served;
    net::HttpResponse r = net::make_response(200, it->second.bytes, it->second.mimetype);
    r.headers.set("Content-Disposition", "attachment; filename=\"" + it->second.name + "\"");
    co_return record(std::move(r));
}

}  // namespace frontline::fakes
