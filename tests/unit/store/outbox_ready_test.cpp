// What a batch hands the dispatcher after its commit (issue 12: a reply goes out without the outbox
// being read again): the rows it queued that head their conversation, in order, edits with the
// platform id they replace, and nothing that could overtake a message still pending.
#include <gtest/gtest.h>

#include "backend_under_test.hpp"
#include "core/store/outbox_store.hpp"

using namespace frontline;
using namespace std::chrono_literals;

namespace {

const TimePoint kNow{std::chrono::sys_days{std::chrono::year{2026} / 12 / 6}};

OutboundMessage message(std::string conversation, std::string key, std::string message_key = {},
                        std::string replaces = {}) {
    OutboundMessage m;
    m.to = {"webchat", std::move(conversation), ""};
    m.text = "text of " + key;
    m.idempotency_key = std::move(key);
    m.message_key = std::move(message_key);
    m.replaces = std::move(replaces);
    return m;
}

class OutboxReady : public frontline::testing::BackendTest {
protected:
    Store& store() { return backend().store(); }
    OutboxRow queue(const OutboundMessage& m) {
        auto row = store().outbox().enqueue_row(m, kNow);
        EXPECT_TRUE(row && *row) << "queued";
        return row && *row ? **row : OutboxRow{};
    }
    std::vector<std::string> keys_ready(const std::vector<OutboxRow>& queued) {
        auto ready = store().outbox().ready_among(queued);
        EXPECT_TRUE(ready) << ready.error().message;
        std::vector<std::string> keys;
        if (ready)
            for (const auto& r : *ready) keys.push_back(r.message.idempotency_key);
        return keys;
    }
};

}  // namespace

TEST_P(OutboxReady, AQueuedRowKnowsItsIdAndASecondQueueingOfItsKeyIsNone) {
    const OutboxRow first = queue(message("c1", "k1"));
    EXPECT_GT(first.id, 0);
    EXPECT_EQ(first.message.text, "text of k1");
    auto again = store().outbox().enqueue_row(message("c1", "k1"), kNow);
    ASSERT_TRUE(again);
    EXPECT_FALSE(*again) << "the idempotency key was queued before";
}

TEST_P(OutboxReady, EachConversationsNewRowsAreReadyInOrderWhenNothingOlderIsPending) {
    const std::vector<OutboxRow> queued{queue(message("c1", "a1")), queue(message("c2", "b1")),
                                        queue(message("c1", "a2"))};
    EXPECT_EQ(keys_ready(queued), (std::vector<std::string>{"a1", "a2", "b1"}))
        << "grouped per conversation, each in the order queued";
}

TEST_P(OutboxReady, AConversationWithAnOlderPendingRowKeepsItsNewRowsForTheDispatchersLook) {
    const OutboxRow older = queue(message("c1", "old"));
    const std::vector<OutboxRow> queued{queue(message("c1", "new")), queue(message("c2", "other"))};
    EXPECT_EQ(keys_ready(queued), (std::vector<std::string>{"other"})) << "'new' must not overtake 'old'";

    ASSERT_TRUE(store().outbox().mark_delivered(older.id, "p-old", kNow));
    EXPECT_EQ(keys_ready(queued), (std::vector<std::string>{"new", "other"})) << "once 'old' is out, 'new' heads c1";
}

TEST_P(OutboxReady, AnEditLearnsThePlatformIdOfTheDeliveredMessageItReplaces) {
    const OutboxRow question = queue(message("c1", "q", "question-1"));
    ASSERT_TRUE(store().outbox().mark_delivered(question.id, "p-42", kNow));
    const std::vector<OutboxRow> queued{queue(message("c1", "edit", "", "question-1"))};
    auto ready = store().outbox().ready_among(queued);
    ASSERT_TRUE(ready && ready->size() == 1u);
    EXPECT_EQ(ready->front().replaces_platform_id, "p-42");
}

TEST_P(OutboxReady, AnEditOfAMessageQueuedInTheSameRunEndsTheRun) {
    // The edit's target has no platform id until it is delivered: the dispatcher's look sends it.
    const std::vector<OutboxRow> queued{queue(message("c1", "q", "question-1")),
                                        queue(message("c1", "edit", "", "question-1")),
                                        queue(message("c1", "after"))};
    EXPECT_EQ(keys_ready(queued), (std::vector<std::string>{"q"}));
}

FRONTLINE_ON_BOTH_BACKENDS(OutboxReady);

// A message's language (issue 17: the web chat page follows it) survives the outbox, and a row
// queued before the field existed reads as "unknown".
TEST(OutboxMessageText, TheLanguageRoundTripsAndIsOptional) {
    OutboundMessage m = message("c1", "k1");
    m.locale = "it";
    auto back = outbound_message_from_json_text(outbound_message_to_json_text(m));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->locale, "it");
    m.locale.clear();
    const std::string stored = outbound_message_to_json_text(m);
    EXPECT_EQ(stored.find("locale"), std::string::npos);
    auto old = outbound_message_from_json_text(stored);
    ASSERT_TRUE(old);
    EXPECT_EQ(old->locale, "");
}
