// Monitoring alert groups in SQLite: a group finds its incident and the alerts already journalled;
// only groups still firing are listed, most recently changed first.
#include <gtest/gtest.h>

#include "core/store/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

using namespace frontline;

namespace {

struct TempDb {
    TempDb() {
        auto s = SqliteStore::open(dir.file("f.db"));
        if (!s) throw std::runtime_error(s.error().message);
        store = std::move(*s);
    }
    testkit::TempDir dir;
    std::unique_ptr<Store> store;
};

TicketId inc(int n) { return *TicketId::parse("INC-" + std::string(6 - std::to_string(n).size(), '0') + std::to_string(n)); }

}  // namespace

TEST(AlertStore, AGroupKeepsItsIncidentAndFingerprintsAndIsReplacedWhole) {
    TempDb db;
    AlertRepository& alerts = db.store->repositories().alerts;
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
}

TEST(AlertStore, FiringIncidentsNewestFirstWithoutResolvedGroups) {
    TempDb db;
    AlertRepository& alerts = db.store->repositories().alerts;
    ASSERT_TRUE(alerts.save_alert_group({"a", inc(1), {"1"}, true}));
    ASSERT_TRUE(alerts.save_alert_group({"b", inc(2), {"2"}, true}));
    ASSERT_TRUE(alerts.save_alert_group({"c", inc(3), {"3"}, false}));
    ASSERT_TRUE(alerts.save_alert_group({"a", inc(1), {"1", "4"}, true}));  // changed last
    auto firing = alerts.firing_alert_incidents(10);
    ASSERT_TRUE(firing);
    EXPECT_EQ(*firing, (std::vector<TicketId>{inc(1), inc(2)}));
    auto one = alerts.firing_alert_incidents(1);
    ASSERT_TRUE(one);
    EXPECT_EQ(one->size(), 1u);
}
