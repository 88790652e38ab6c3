#include "adapters/alertmanager/alertmanager_webhook.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "core/alert_notice.hpp"
#include "tests/support/run_coroutine.hpp"
#include "tests/unit/alertmanager/fixture.hpp"

using namespace frontline;
using namespace frontline::alertmanager;

namespace {

/// The engine loop's stand-in: records what was committed, or refuses like a failed store.
class RecordingSink final : public InboundSink {
public:
    boost::asio::awaitable<Status> commit(std::vector<InboundEvent> events) override {
        ++calls;
        if (fail) co_return make_error(Errc::storage, "disk full");
        for (auto& e : events) committed.push_back(std::move(e));
        co_return Status{};
    }
    std::vector<InboundEvent> committed;
    int calls = 0;
    bool fail = false;
};

struct Hook {
    boost::asio::io_context io;
    RecordingSink sink;
    std::vector<std::string> warnings;
    AlertmanagerWebhook hook{WebhookSettings{"/hooks/alertmanager", "s3cret-token", "FRONTLINE_ALERTMANAGER_TOKEN", 4096}, sink,
                             [] { return TimePoint{Seconds{1'800'000'000}}; },
                             [this](const std::string& m) { warnings.push_back(m); }};

    net::HttpResponse post(std::string body, std::optional<std::string> auth = "Bearer s3cret-token", std::string method = "POST") {
        net::IncomingRequest r;
        r.method = std::move(method);
        r.path = r.target = "/hooks/alertmanager";
        if (auth) r.headers.set("Authorization", *auth);
        r.body = std::move(body);
        r.remote_address = "127.0.0.1";
        return testkit::run_coroutine(io, hook.handle(std::move(r)));
    }
};

}  // namespace

TEST(AlertmanagerWebhook, FiringIsCommittedAsOneAlertEventBeforeThe200) {
    Hook h;
    auto r = h.post(fixture("alertmanager/vpn_firing.json"));
    EXPECT_EQ(r.status, 200);
    ASSERT_EQ(h.sink.committed.size(), 1u);
    const InboundEvent& e = h.sink.committed[0];
    EXPECT_EQ(e.kind, InboundKind::alert);
    EXPECT_EQ(e.from.platform, "alertmanager");
    EXPECT_EQ(e.from.user_id, "frontline");
    ASSERT_TRUE(e.alert);
    EXPECT_EQ(e.alert->alerts.size(), 1u);
    EXPECT_FALSE(e.event_id.empty());
}

TEST(AlertmanagerWebhook, ARepeatedNotificationHasTheSameEventIdAndAChangedOneAnother) {
    Hook h;
    ASSERT_EQ(h.post(fixture("alertmanager/vpn_firing.json")).status, 200);
    ASSERT_EQ(h.post(fixture("alertmanager/vpn_firing.json")).status, 200);
    ASSERT_EQ(h.post(fixture("alertmanager/vpn_joined.json")).status, 200);
    ASSERT_EQ(h.post(fixture("alertmanager/vpn_resolved.json")).status, 200);
    ASSERT_EQ(h.sink.committed.size(), 4u);
    // The inbox drops the repeat by this id; the joined and resolved ones are news.
    EXPECT_EQ(h.sink.committed[0].event_id, h.sink.committed[1].event_id);
    EXPECT_NE(h.sink.committed[0].event_id, h.sink.committed[2].event_id);
    EXPECT_NE(h.sink.committed[2].event_id, h.sink.committed[3].event_id);
    EXPECT_FALSE(h.sink.committed[3].alert->firing);
}

TEST(AlertmanagerWebhook, WrongOrMissingTokenIs401AndNothingRecorded) {
    Hook h;
    EXPECT_EQ(h.post(fixture("alertmanager/vpn_firing.json"), "Bearer wrong").status, 401);
    EXPECT_EQ(h.post(fixture("alertmanager/vpn_firing.json"), std::nullopt).status, 401);
    EXPECT_EQ(h.post(fixture("alertmanager/vpn_firing.json"), "s3cret-token").status, 401);
    EXPECT_EQ(h.sink.calls, 0);
    // The warning names the peer, never the token tried or the right one.
    ASSERT_FALSE(h.warnings.empty());
    for (const auto& w : h.warnings) EXPECT_EQ(w.find("s3cret"), std::string::npos) << w;
}

TEST(AlertmanagerWebhook, MalformedOrOversizeBodyIs400AndNothingRecorded) {
    Hook h;
    EXPECT_EQ(h.post(fixture("alertmanager/malformed_truncated.json")).status, 400);
    auto shape = h.post(fixture("alertmanager/malformed_alerts_not_array.json"));
    EXPECT_EQ(shape.status, 400);
    EXPECT_NE(shape.body.find("alerts"), std::string::npos);
    EXPECT_EQ(h.post(std::string(5000, ' ') + fixture("alertmanager/vpn_firing.json")).status, 400);
    EXPECT_EQ(h.sink.calls, 0);
}

TEST(AlertmanagerWebhook, OnlyPost) {
    Hook h;
    auto r = h.post("", "Bearer s3cret-token", "GET");
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.headers.get("Allow").value_or(""), "POST");
}

TEST(AlertmanagerWebhook, NotCommittedIs503SoAlertmanagerRetries) {
    Hook h;
    h.sink.fail = true;
    EXPECT_EQ(h.post(fixture("alertmanager/vpn_firing.json")).status, 503);
    EXPECT_TRUE(h.sink.committed.empty());
}
