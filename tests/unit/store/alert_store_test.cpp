// Monitoring alert groups in the store: a group finds its incident and the alerts already
// journalled; only groups still firing are listed, most recently changed first. On both backends.
#include <gtest/gtest.h>

#include "backend_under_test.hpp"

using namespace frontline;

namespace {

class AlertStore : public frontline::testing::BackendTest {};
FRONTLINE_ON_BOTH_BACKENDS(AlertStore);

TicketId inc(int n) { return *TicketId::parse("INC-" + std::string(6 - std::to_string(n).size(), '0') + std::to_string(n)); }

}  // namespace

TEST_P(AlertStore, AGroupKeepsItsIncidentAndFingerprintsAndIsReplacedWhole) {
    AlertRepository& alerts = backend().alerts();
    auto none = alerts.find_alert_group("{}:{alertname=\"X\"}");
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
    ASSERT_TRUE(alerts.save_alert_group({"{}:{alertname=\"X\"}", inc(1), {"aa", "bb"}, true}));
    auto found = alerts.find_alert_group("{}:{alertname=\"X\"}");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->ticket, inc(1));
    EXPECT_EQ((*found)->fingerprints, (std::vector<std::string>{"aa", "bb"}));
    EXPECT_TRUE((*found)->firing);
    ASSERT_TRUE(alerts.save_alert_group({"{}:{alertname=\"X\"}", inc(3), {"cc"}, false}));
    found = alerts.find_alert_group("{}:{alertname=\"X\"}");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->ticket, inc(3));
    EXPECT_EQ((*found)->fingerprints, (std::vector<std::string>{"cc"}));
    EXPECT_FALSE((*found)->firing);
    backend().reopen();
    auto kept = backend().alerts().find_alert_group("{}:{alertname=\"X\"}");
    ASSERT_TRUE(kept && *kept);
    EXPECT_EQ((*kept)->ticket, inc(3));
    EXPECT_EQ((*kept)->fingerprints, (std::vector<std::string>{"cc"}));
}

TEST_P(AlertStore, FiringIncidentsNewestFirstWithoutResolvedGroups) {
    AlertRepository& alerts = backend().alerts();
    ASSERT_TRUE(alerts.save_alert_group({"a", inc(1), {"1"}, true}));
    ASSERT_TRUE(alerts.save_alert_group({"b", inc(2), {"2"}, true}));
    ASSERT_TRUE(alerts.save_alert_group({"c", inc(3), {"3"}, false}));
    ASSERT_TRUE(alerts.save_alert_group({"a", inc(1), {"1", "4"}, true}));  // changed last
    auto firing = alerts.firing_alert_incidents(10);
    ASSERT_TRUE(firing);
    EXPECT_EQ(*firing, (std::vector<TicketId>{inc(1), inc(2)}));
    auto one = alerts.firing_alert_incidents(1);
    ASSERT_TRUE(one);
    ASSERT_EQ(one->size(), 1u);
    EXPECT_EQ(one->front(), inc(1));
    // A resolved group that fires again is the newest change.
    ASSERT_TRUE(alerts.save_alert_group({"c", inc(3), {"3"}, true}));
    auto again = alerts.firing_alert_incidents(10);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, (std::vector<TicketId>{inc(3), inc(1), inc(2)}));
}

TEST_P(AlertStore, AGroupSavedInARolledBackBatchIsNotKept) {
    auto rolled = backend().in_transaction([&]() -> Status {
        if (auto ok = backend().alerts().save_alert_group({"a", inc(1), {"1"}, true}); !ok) return ok;
        return make_error(Errc::conflict, "the batch failed later");
    });
    EXPECT_FALSE(rolled);
    auto found = backend().alerts().find_alert_group("a");
    ASSERT_TRUE(found);
    EXPECT_FALSE(*found);
    auto firing = backend().alerts().firing_alert_incidents(10);
    ASSERT_TRUE(firing);
    EXPECT_TRUE(firing->empty());
}
