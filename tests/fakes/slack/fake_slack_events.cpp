// Events API payloads the fake sends, in the shapes of Slack's documentation
// (https://docs.slack.dev/apis/events-api/#callback-field).
#include <algorithm>
#include <cstdio>
#include <ctime>

#include "tests/fakes/slack/fake_slack_impl.hpp"

namespace frontline::fakes {

std::string FakeSlack::Impl::next_ts_locked() {
    // Unique, increasing message timestamps in Slack's "seconds.micro" form.
    // The seconds are the wall clock's, as Slack's are: a history asked "since" a time finds them.
    const auto n = ++seq;
    const long long now = std::time(nullptr);
    last_ts_second = std::max(last_ts_second, now);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%lld.%06d", last_ts_second, static_cast<int>(n % 1000000));
    std::string ts = buf;
    if (ts <= last_ts) {  // the counter wrapped within one second: move to the next
        ++last_ts_second;
        std::snprintf(buf, sizeof buf, "%lld.%06d", last_ts_second, static_cast<int>(n % 1000000));
        ts = buf;
    }
    last_ts = ts;
    return ts;
}

std::string FakeSlack::Impl::next_id_locked(const std::string& prefix) {
    return prefix + std::to_string(++seq);
}

std::string FakeSlack::Impl::dm_of_locked(const std::string& user) {
    auto it = dms.find(user);
    if (it != dms.end()) return it->second;
    const auto id = "D" + user.substr(user.empty() ? 0 : 1);
    dms.emplace(user, id);
    return id;
}

std::string FakeSlack::Impl::issue_trigger_locked(const std::string& user) {
    auto id = next_id_locked("trig.");
    triggers[id] = {user, std::chrono::steady_clock::now()};
    return id;
}

json FakeSlack::Impl::event_callback_locked(json event) {
    const auto event_time = 1732690000 + static_cast<long long>(seq / 1000);
    return {{"token", "fake-verification-token"},
            {"team_id", opt.team_id},
            {"api_app_id", opt.app_id},
            {"event", std::move(event)},
            {"type", "event_callback"},
            {"event_id", next_id_locked("Ev0FAKE")},
            {"event_time", event_time},
            {"authorizations", json::array({{{"enterprise_id", nullptr},
                                             {"team_id", opt.team_id},
                                             {"user_id", opt.bot_user_id},
                                             {"is_bot", true},
                                             {"is_enterprise_install", false}}})},
            {"is_ext_shared_channel", false}};
}

std::string FakeSlack::Impl::message_event_locked(const std::string& user, const std::string& channel,
                                                  const std::string& channel_type, const std::string& text,
                                                  const std::string& thread_ts, const std::string& type) {
    const auto ts = next_ts_locked();
    json event = {{"client_msg_id", next_id_locked("cm-")},
                  {"type", type},
                  {"text", text},
                  {"user", user},
                  {"ts", ts},
                  {"team", opt.team_id},
                  {"channel", channel},
                  {"event_ts", ts}};
    if (type == "message") event["channel_type"] = channel_type;
    if (!thread_ts.empty()) event["thread_ts"] = thread_ts;
    enqueue_locked("events_api", event_callback_locked(std::move(event)), false);
    return ts;
}

}  // namespace frontline::fakes
