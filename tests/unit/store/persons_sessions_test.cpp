#include <gtest/gtest.h>

#include "core/store/store.hpp"
#include "store_test_support.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 9h;

TEST(Persons, UpsertCreatesThenUpdatesWithoutErasingKnownFields) {
    TempDir dir;
    auto store = std::move(*Store::open(dir.file("p.db")));
    auto p = store->upsert_person({"slack", "U1"}, "Ada", "ada@example.com");
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->name, "Ada");
    auto again = store->upsert_person({"slack", "U1"}, "", "");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->id, p->id);
    EXPECT_EQ(again->contact, "ada@example.com");
    auto renamed = store->upsert_person({"slack", "U1"}, "Ada Lovelace", "");
    EXPECT_EQ(renamed->name, "Ada Lovelace");
}

TEST(Persons, LocaleIsRememberedAndIdentitiesLinkAcrossPlatforms) {
    TempDir dir;
    auto store = std::move(*Store::open(dir.file("p.db")));
    ASSERT_TRUE(store->upsert_person({"slack", "U1"}, "Giulia", ""));
    ASSERT_TRUE(store->set_locale({"slack", "U1"}, "it"));
    ASSERT_TRUE(store->link_identity({"slack", "U1"}, {"telegram", "555"}));
    auto via_telegram = store->find_person({"telegram", "555"});
    ASSERT_TRUE(via_telegram && *via_telegram);
    EXPECT_EQ((*via_telegram)->name, "Giulia");
    EXPECT_EQ((*via_telegram)->locale, "it");
    EXPECT_EQ((*via_telegram)->identities.size(), 2u);
    EXPECT_FALSE(store->set_locale({"slack", "nobody"}, "it"));
    EXPECT_FALSE(store->link_identity({"slack", "nobody"}, {"matrix", "@x:hs"}));
}

TEST(Persons, TheTimeZoneIsRememberedAndABadOneChangesNothing) {
    TempDir dir;
    auto store = std::move(*Store::open(dir.file("p.db")));
    ASSERT_TRUE(store->upsert_person({"webchat", "w1"}, "Ada", ""));
    ASSERT_TRUE(store->set_time_zone({"webchat", "w1"}, "America/New_York"));
    EXPECT_EQ((*store->find_person({"webchat", "w1"}))->timezone, "America/New_York");
    auto bad = store->set_time_zone({"webchat", "w1"}, "../../etc/passwd");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::invalid_argument);
    auto nobody = store->set_time_zone({"webchat", "nobody"}, "Europe/Rome");
    ASSERT_FALSE(nobody);
    EXPECT_EQ(nobody.error().code, Errc::not_found);
    EXPECT_EQ((*store->find_person({"webchat", "w1"}))->timezone, "America/New_York");
}

TEST(Persons, BadIdentitiesAndNamesAreRefused) {
    TempDir dir;
    auto store = std::move(*Store::open(dir.file("p.db")));
    EXPECT_FALSE(store->upsert_person({"", "U1"}, "x", ""));
    EXPECT_FALSE(store->upsert_person({"slack", ""}, "x", ""));
    EXPECT_FALSE(store->upsert_person({"slack", "U1"}, "bad \xff name", ""));
    EXPECT_FALSE(store->upsert_person({"slack", "U1"}, std::string(1 << 20, 'n'), ""));
    EXPECT_FALSE(store->find_person({"slack", "U1"})->has_value()) << "nothing was written";
}

TEST(Sessions, SaveLoadEraseAndSurviveReopen) {
    TempDir dir;
    const Identity user{"webchat", "abc"};
    {
        auto store = std::move(*Store::open(dir.file("s.db")));
        EXPECT_FALSE(store->load_session(user)->has_value());
        ASSERT_TRUE(store->save_session({user, R"({"node":"vpn_since"})", kT0}));
        ASSERT_TRUE(store->save_session({user, R"({"node":"vpn_error"})", kT0 + 1min}));
    }
    auto store = std::move(*Store::open(dir.file("s.db")));
    auto s = store->load_session(user);
    ASSERT_TRUE(s && *s);
    EXPECT_EQ((*s)->state, R"({"node":"vpn_error"})");
    EXPECT_EQ((*s)->updated_at, kT0 + 1min);
    ASSERT_TRUE(store->erase_session(user));
    EXPECT_FALSE(store->load_session(user)->has_value());
}

}  // namespace
}  // namespace frontline
