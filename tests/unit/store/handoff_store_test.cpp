// The SQLite side of the hand-off: a platform message id leads back to its ticket through the
// outbox; a card's platform id is found by its key; children of a major incident come back.
#include <gtest/gtest.h>

#include "core/store/outbox_store.hpp"
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
    testkit::TempDir dir;  // outlives the store: members are destroyed in reverse order
    std::unique_ptr<SqliteStore> store;
};

const TimePoint kNow{std::chrono::sys_days{std::chrono::year{2026} / 11 / 25}};

}  // namespace

TEST(HandoffStore, FindsTheTicketOfADeliveredMessageAndTheCardsPlatformId) {
    TempDb db;
    OutboxStore& outbox = db.store->outbox();
    OutboundMessage card;
    card.to = {"slack", "C1", ""};
    card.text = "card";
    card.idempotency_key = "k1";
    card.message_key = "INC-000042/card/slack:C1";
    ASSERT_TRUE(*outbox.enqueue(card, kNow));
    HandoffRepository& hs = db.store->repositories().handoff;
    auto before = hs.platform_id_of(card.message_key);
    ASSERT_TRUE(before);
    EXPECT_FALSE(*before);  // not delivered yet: no thread to post into
    auto rows = outbox.deliverable(kNow, 10);
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u);
    ASSERT_TRUE(outbox.mark_delivered(rows->front().id, "1700000000.000100", kNow));

    auto root = hs.platform_id_of(card.message_key);
    ASSERT_TRUE(root && *root);
    EXPECT_EQ(**root, "1700000000.000100");
    auto found = hs.ticket_of_message("slack", "C1", "1700000000.000100");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->str(), "INC-000042");
    // Another conversation with the same platform id is not the same message.
    auto other = hs.ticket_of_message("slack", "C2", "1700000000.000100");
    ASSERT_TRUE(other);
    EXPECT_FALSE(*other);
    // The reference is opaque: matched whole, never taken apart (an adapter that reports
    // "C1:<ts>" writes "C1:<ts>" in its inbound threads, not the bare ts).
    OutboundMessage relay = card;
    relay.idempotency_key = "k2";
    relay.message_key = "INC-000043/thread/k2";
    ASSERT_TRUE(*outbox.enqueue(relay, kNow));
    auto more = outbox.deliverable(kNow, 10);
    ASSERT_TRUE(more && more->size() == 1u);
    ASSERT_TRUE(outbox.mark_delivered(more->front().id, "C1:1700000000.000200", kNow));
    auto whole = hs.ticket_of_message("slack", "C1", "C1:1700000000.000200");
    ASSERT_TRUE(whole && *whole);
    EXPECT_EQ((*whole)->str(), "INC-000043");
    auto part = hs.ticket_of_message("slack", "C1", "1700000000.000200");
    ASSERT_TRUE(part);
    EXPECT_FALSE(*part);
    auto unknown = hs.ticket_of_message("slack", "C1", "nope");
    ASSERT_TRUE(unknown);
    EXPECT_FALSE(*unknown);
}

TEST(HandoffStore, MigrationFiveAddsTheLookupIndex) {
    TempDb db;
    EXPECT_GE(db.store->schema_version(), 5);
}
