#include <gtest/gtest.h>

#include "core/store/cursor_store.hpp"
#include "core/store/sqlite_store.hpp"
#include "store_test_support.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 12 / 5} + 9h;

TEST(Cursors, SavedValuesAreReplacedAndSurviveReopening) {
    TempDir dir;
    {
        auto store = std::move(*SqliteStore::open(dir.file("c.db")));
        CursorStore& cursors = store->cursors();
        EXPECT_EQ(*cursors.load("matrix.since"), std::nullopt);
        ASSERT_TRUE(cursors.save("matrix.since", "s1", kT0));
        ASSERT_TRUE(cursors.save("matrix.since", "s2", kT0 + 1s));
    }
    auto store = std::move(*SqliteStore::open(dir.file("c.db")));
    EXPECT_EQ(*store->cursors().load("matrix.since"), std::optional<std::string>("s2"));
}

TEST(Cursors, KeepFirstNeverReplacesAValueAlreadyKept) {
    TempDir dir;
    {
        auto store = std::move(*SqliteStore::open(dir.file("c.db")));
        CursorStore& cursors = store->cursors();
        auto first = cursors.keep_first("webchat.session_key", "key-one", kT0);
        ASSERT_TRUE(first) << first.error().message;
        EXPECT_EQ(*first, "key-one");
        EXPECT_EQ(*cursors.keep_first("webchat.session_key", "key-two", kT0 + 1s), "key-one");
    }
    // A restart offers a new candidate; the key that signed the tokens already handed out stays.
    auto store = std::move(*SqliteStore::open(dir.file("c.db")));
    EXPECT_EQ(*store->cursors().keep_first("webchat.session_key", "key-three", kT0 + 2s), "key-one");
}

}  // namespace
}  // namespace frontline
