#include <gtest/gtest.h>

#include "backend_under_test.hpp"
#include "core/store/cursor_store.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 12 / 5} + 9h;

class Cursors : public testing::BackendTest {};

TEST_P(Cursors, SavedValuesAreReplacedAndSurviveReopening) {
    {
        CursorStore& cursors = backend().store().cursors();
        EXPECT_EQ(*cursors.load("matrix.since"), std::nullopt);
        ASSERT_TRUE(cursors.save("matrix.since", "s1", kT0));
        ASSERT_TRUE(cursors.save("matrix.since", "s2", kT0 + 1s));
    }
    backend().reopen();
    EXPECT_EQ(*backend().store().cursors().load("matrix.since"), std::optional<std::string>("s2"));
}

TEST_P(Cursors, KeepFirstNeverReplacesAValueAlreadyKept) {
    {
        CursorStore& cursors = backend().store().cursors();
        auto first = cursors.keep_first("webchat.session_key", "key-one", kT0);
        ASSERT_TRUE(first) << first.error().message;
        EXPECT_EQ(*first, "key-one");
        EXPECT_EQ(*cursors.keep_first("webchat.session_key", "key-two", kT0 + 1s), "key-one");
    }
    // A restart offers a new candidate; the key that signed the tokens already handed out stays.
    backend().reopen();
    EXPECT_EQ(*backend().store().cursors().keep_first("webchat.session_key", "key-three", kT0 + 2s), "key-one");
}

FRONTLINE_ON_BOTH_BACKENDS(Cursors);

}  // namespace
}  // namespace frontline
