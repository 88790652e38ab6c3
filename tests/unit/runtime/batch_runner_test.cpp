// The batch transaction on a real SQLite file: inbox dedupe, isolation of a failing event,
// durable timers, deterministic idempotency keys.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "bot/runtime/batch_runner.hpp"

#include "bot/runtime/apply_one.hpp"
#include "core/store/outbox_store.hpp"
#include "core/store/sqlite_store.hpp"
#include "core/store/timer_store.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/runtime/scripted_handler.hpp"

namespace frontline {
namespace {

using testing::ScriptedHandler;
using testing::text_event;

const TimePoint kNow{Seconds{1'800'000'000}};

class BatchRunnerTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto s = SqliteStore::open(dir_.file("frontline.db"));
        ASSERT_TRUE(s) << s.error().message;
        store_ = std::move(*s);
    }
    BatchOutcome run(std::vector<InboundEvent> events, TimePoint now = kNow) {
        BatchInput input;
        input.events = std::move(events);
        input.now = now;
        return run_batch(*store_, handler_, input);
    }
    long long count(const std::string& sql) {
        SQLite::Statement q(store_->db(), sql);
        q.executeStep();
        return q.getColumn(0).getInt64();
    }

    testkit::TempDir dir_;
    std::unique_ptr<SqliteStore> store_;
    ScriptedHandler handler_;
};

TEST_F(BatchRunnerTest, ADuplicateEventIdProducesOneEffect) {
    auto first = run({text_event("e1", "u1", "hello"), text_event("e1", "u1", "hello")});
    ASSERT_TRUE(first.status) << first.status.error().message;
    EXPECT_EQ(first.report.duplicates, 1u);
    auto again = run({text_event("e1", "u1", "hello")});
    ASSERT_TRUE(again.status);
    EXPECT_EQ(again.report.duplicates, 1u);
    EXPECT_EQ(handler_.handled, 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 1);
}

TEST_F(BatchRunnerTest, TheSameIdOnAnotherPlatformIsADifferentEvent) {
    auto slack = text_event("e1", "u1", "hello");
    slack.from.platform = "slack";
    auto r = run({text_event("e1", "u1", "hello"), slack});
    ASSERT_TRUE(r.status);
    EXPECT_EQ(r.report.duplicates, 0u);
    EXPECT_EQ(handler_.handled, 2);
}

TEST_F(BatchRunnerTest, AFailingEventIsUndoneAloneAndTheOthersCommit) {
    auto r = run({text_event("a", "u1", "first"), text_event("b", "u2", "boom"), text_event("c", "u3", "throw"),
                  text_event("d", "u4", "last")});
    ASSERT_TRUE(r.status) << r.status.error().message;
    EXPECT_EQ(r.report.handler_errors, 2u);
    EXPECT_EQ(r.report.messages_queued, 2u);
    EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 2);
    // The session "boom" wrote before failing was rolled back with it.
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions"), 0);
    // The failed events are consumed: a redelivery does not run them again.
    auto again = run({text_event("b", "u2", "boom")});
    EXPECT_EQ(again.report.duplicates, 1u);
}

TEST_F(BatchRunnerTest, AnEventWithoutIdChangesNothing) {
    auto r = run({text_event("", "u1", "hello")});
    ASSERT_TRUE(r.status);
    EXPECT_EQ(r.report.handler_errors, 1u);
    EXPECT_EQ(handler_.handled, 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM inbox"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_F(BatchRunnerTest, MessagesWithoutAKeyGetOneDerivedFromTheirCause) {
    ASSERT_TRUE(run({text_event("e7", "u1", "hello")}).status);
    EXPECT_EQ(*store_->outbox().status_of("evt:webchat:e7#0"), "pending");
}

TEST_F(BatchRunnerTest, ATimerFiresOnceWhenDueAndNotBefore) {
    ASSERT_TRUE(run({text_event("e1", "u1", "remind 60")}).status);
    auto early = run({}, kNow + Seconds{59});
    ASSERT_TRUE(early.status);
    EXPECT_EQ(early.report.timers_fired, 0u);
    ASSERT_TRUE(early.report.next_timer);
    EXPECT_EQ(*early.report.next_timer, kNow + Seconds{60});
    auto due = run({}, kNow + Seconds{60});
    EXPECT_EQ(due.report.timers_fired, 1u);
    EXPECT_EQ(handler_.timers, 1);
    EXPECT_FALSE(due.report.next_timer);
    EXPECT_EQ(run({}, kNow + Seconds{600}).report.timers_fired, 0u);
    EXPECT_EQ(*store_->outbox().status_of("timer:remind:u1@" + std::to_string((kNow + Seconds{60}).time_since_epoch().count()) + "#0"),
              "pending");
}

TEST_F(BatchRunnerTest, ACancelledTimerNeverFires) {
    ASSERT_TRUE(run({text_event("e1", "u1", "remind 60")}).status);
    ASSERT_TRUE(run({text_event("e2", "u1", "cancel")}).status);
    EXPECT_EQ(run({}, kNow + Seconds{3600}).report.timers_fired, 0u);
    EXPECT_EQ(*store_->timers().count(), 0);
}

TEST_F(BatchRunnerTest, ApplyOneRecordsTheEventItsMessagesAndItsTimersLikeTheEngineLoop) {
    auto applied = apply_one(*store_, handler_, text_event("e1", "u1", "remind 60"), kNow);
    ASSERT_TRUE(applied.status) << applied.status.error().message;
    ASSERT_EQ(applied.effects.messages.size(), 1u);
    EXPECT_EQ(applied.effects.messages[0].idempotency_key, "evt:webchat:e1#0") << "the key as written";
    EXPECT_EQ(count("SELECT COUNT(*) FROM inbox"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM timers"), 1);
    // A redelivery is dropped by the inbox, as in the service.
    auto again = apply_one(*store_, handler_, text_event("e1", "u1", "remind 60"), kNow);
    ASSERT_TRUE(again.status);
    EXPECT_EQ(again.report.duplicates, 1u);
    EXPECT_TRUE(again.effects.messages.empty());
    EXPECT_EQ(handler_.handled, 1);
}

TEST_F(BatchRunnerTest, ApplyOneFiresNoTimerFireDueTimersFiresTheDueOnes) {
    ASSERT_TRUE(apply_one(*store_, handler_, text_event("e1", "u1", "remind 60"), kNow).status);
    EXPECT_EQ(apply_one(*store_, handler_, text_event("e2", "u2", "hi"), kNow + Seconds{120}).report.timers_fired, 0u);
    auto fired = fire_due_timers(*store_, handler_, kNow + Seconds{120});
    ASSERT_TRUE(fired.status);
    EXPECT_EQ(fired.report.timers_fired, 1u);
    ASSERT_EQ(fired.effects.messages.size(), 1u);
    EXPECT_EQ(fired.effects.messages[0].text, "reminder remind:u1");
    EXPECT_EQ(count("SELECT COUNT(*) FROM timers"), 0);
}

TEST_F(BatchRunnerTest, ApplyOneReportsAHandlerFailureAndUndoesItsWrites) {
    auto failed = apply_one(*store_, handler_, text_event("e1", "u1", "boom"), kNow);
    ASSERT_FALSE(failed.status);
    EXPECT_EQ(failed.status.error().message, "scripted failure");
    EXPECT_TRUE(failed.effects.messages.empty());
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_F(BatchRunnerTest, ApplyTimerFiresTheTimerAsGivenEvenIfTheTableHoldsNone) {
    auto fired = apply_timer(*store_, handler_, TimerRequest{"remind:u9", kNow, "reminder", "u9"}, kNow);
    ASSERT_TRUE(fired.status);
    EXPECT_EQ(fired.report.timers_fired, 1u);
    ASSERT_EQ(fired.effects.messages.size(), 1u);
    EXPECT_EQ(fired.effects.messages[0].to.conversation_id, "u9");
}

}  // namespace
}  // namespace frontline
