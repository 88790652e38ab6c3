// The outbox's record of a send attempt (issue 12): written before a platform without idempotency
// keys is called, it tells the next attempt, after a crash, that the message may already be there.
#include <gtest/gtest.h>

#include "backend_under_test.hpp"
#include "core/store/outbox_store.hpp"

using namespace frontline;
using namespace std::chrono_literals;

namespace {

const TimePoint kNow{std::chrono::sys_days{std::chrono::year{2026} / 12 / 6}};

class OutboxSending : public frontline::testing::BackendTest {};

}  // namespace

TEST_P(OutboxSending, TheFirstAttemptsTimeIsKeptUntilTheRowIsSettled) {
    OutboxStore& outbox = backend().store().outbox();
    OutboundMessage m;
    m.to = {"slack", "D1", ""};
    m.text = "hello";
    m.idempotency_key = "k1";
    ASSERT_TRUE(*outbox.enqueue(m, kNow));

    auto rows = outbox.deliverable(kNow, 10);
    ASSERT_TRUE(rows && rows->size() == 1u);
    EXPECT_FALSE(rows->front().sending_since) << "never tried";
    const auto id = rows->front().id;

    ASSERT_TRUE(outbox.mark_sending(id, kNow + 1s));
    ASSERT_TRUE(outbox.mark_sending(id, kNow + 5s)) << "a later attempt";
    ASSERT_TRUE(outbox.mark_retry(id, kNow + 6s, "timeout"));
    rows = outbox.deliverable(kNow + 10s, 10);
    ASSERT_TRUE(rows && rows->size() == 1u);
    ASSERT_TRUE(rows->front().sending_since);
    EXPECT_EQ(*rows->front().sending_since, kNow + 1s) << "the earliest attempt: the search must start there";

    ASSERT_TRUE(outbox.mark_delivered(id, "D1:1.2", kNow + 11s));
    ASSERT_TRUE(outbox.mark_sending(id, kNow + 12s)) << "a settled row is left alone";
    EXPECT_EQ(*outbox.status_of("k1"), "delivered");
}

FRONTLINE_ON_BOTH_BACKENDS(OutboxSending);
