#include "adapters/alertmanager/alert_payload.hpp"

#include <gtest/gtest.h>

#include "tests/unit/alertmanager/fixture.hpp"

using namespace frontline;
using namespace frontline::alertmanager;

TEST(AlertPayload, FiringGroupWithItsLabelsAnnotationsAndStart) {
    auto n = parse_webhook_payload(fixture("alertmanager/vpn_firing.json"));
    ASSERT_TRUE(n) << n.error().message;
    EXPECT_EQ(n->group_key, "{}/{service=\"vpn\"}:{alertname=\"VpnGatewayDown\"}");
    EXPECT_EQ(n->receiver, "frontline");
    EXPECT_TRUE(n->firing);
    ASSERT_EQ(n->alerts.size(), 1u);
    const AlertItem& a = n->alerts[0];
    EXPECT_TRUE(a.firing);
    EXPECT_EQ(a.fingerprint, "5c1ae2f0e8b9a301");
    EXPECT_EQ(a.labels.at("service"), "vpn");
    EXPECT_EQ(a.annotations.at("runbook_url"), "https://wiki.example.org/runbooks/vpn-gateway");
    EXPECT_EQ(format_iso8601(a.starts_at), "2026-12-06T21:58:03Z");
    EXPECT_FALSE(a.ends_at);  // Go's zero time: still firing
    EXPECT_EQ(n->common_labels.at("severity"), "critical");
    EXPECT_EQ(n->common_annotations.at("summary"), "VPN gateway unreachable");
}

TEST(AlertPayload, ANewAlertJoiningTheGroupIsASecondAlertOfTheSameGroup) {
    auto first = parse_webhook_payload(fixture("alertmanager/vpn_firing.json"));
    auto joined = parse_webhook_payload(fixture("alertmanager/vpn_joined.json"));
    ASSERT_TRUE(first && joined);
    EXPECT_EQ(joined->group_key, first->group_key);
    ASSERT_EQ(joined->alerts.size(), 2u);
    EXPECT_EQ(joined->alerts[1].fingerprint, "9d04b7c61f2e5a88");
}

TEST(AlertPayload, ResolvedGroupCarriesEndTimes) {
    auto n = parse_webhook_payload(fixture("alertmanager/vpn_resolved.json"));
    ASSERT_TRUE(n) << n.error().message;
    EXPECT_FALSE(n->firing);
    for (const auto& a : n->alerts) {
        EXPECT_FALSE(a.firing);
        ASSERT_TRUE(a.ends_at);
        EXPECT_GT(*a.ends_at, a.starts_at);
    }
}

TEST(AlertPayload, MalformedPayloadsAreErrorsThatSayWhat) {
    auto truncated = parse_webhook_payload(fixture("alertmanager/malformed_truncated.json"));
    ASSERT_FALSE(truncated);
    EXPECT_EQ(truncated.error().code, Errc::parse);
    EXPECT_NE(truncated.error().message.find("not valid JSON"), std::string::npos);
    auto shape = parse_webhook_payload(fixture("alertmanager/malformed_alerts_not_array.json"));
    ASSERT_FALSE(shape);
    EXPECT_NE(shape.error().message.find("alerts"), std::string::npos);
    EXPECT_FALSE(parse_webhook_payload(R"({"version":"4","groupKey":"g","receiver":"r","status":"burning","alerts":[{"status":"firing","labels":{"a":"b"}}]})"));
    EXPECT_FALSE(parse_webhook_payload(R"({"version":"3","groupKey":"g","receiver":"r","status":"firing","alerts":[{"status":"firing","labels":{"a":"b"}}]})"));
    EXPECT_FALSE(parse_webhook_payload(R"({"version":"4","receiver":"r","status":"firing","alerts":[{"status":"firing","labels":{"a":"b"}}]})"));
    EXPECT_FALSE(parse_webhook_payload(R"({"version":"4","groupKey":"g","receiver":"r","status":"firing","alerts":[{"status":"firing","labels":{"a":1}}]})"));
    EXPECT_FALSE(parse_webhook_payload("[]"));
}

TEST(AlertPayload, Rfc3339TimesWithFractionsAndOffsets) {
    EXPECT_EQ(format_iso8601(*parse_rfc3339("2026-12-06T22:13:21.123456789Z")), "2026-12-06T22:13:21Z");
    EXPECT_EQ(format_iso8601(*parse_rfc3339("2026-12-06T23:13:21+01:00")), "2026-12-06T22:13:21Z");
    EXPECT_EQ(format_iso8601(*parse_rfc3339("2026-12-06T20:43:21.5-01:30")), "2026-12-06T22:13:21Z");
    EXPECT_FALSE(parse_rfc3339("0001-01-01T00:00:00Z"));
    EXPECT_FALSE(parse_rfc3339("2026-13-06T22:13:21Z"));
    EXPECT_FALSE(parse_rfc3339("2026-12-06 22:13:21"));
    EXPECT_FALSE(parse_rfc3339(""));
}
