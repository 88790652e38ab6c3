// The store side of the hand-off: a platform message id leads back to its ticket through the
// outbox; a card's platform id is found by its key; children of a major incident come back; a
// requester's words are held until they say which ticket they are about. On both backends; the
// outbox path (OutboxStore's delivered marks) on SQLite, where the outbox store is today.
#include <gtest/gtest.h>

#include "backend_under_test.hpp"
#include "core/store/outbox_store.hpp"
#include "core/store/sqlite_store.hpp"
#include "store_test_support.hpp"
#include "tests/support/temp_dir.hpp"

using namespace frontline;

namespace {

using namespace std::chrono_literals;
using frontline::testing::BackendUnderTest;

const TimePoint kNow{std::chrono::sys_days{std::chrono::year{2026} / 11 / 25}};

class HandoffStore : public frontline::testing::BackendTest {};
FRONTLINE_ON_BOTH_BACKENDS(HandoffStore);

/// An outbox row as the dispatcher leaves it: delivered when `platform_id` is not empty.
void seed_outbox(BackendUnderTest& b, const std::string& key, const std::string& conversation, const std::string& message_key,
                 const std::string& platform_id) {
    const std::string delivered = platform_id.empty() ? "'pending', NULL" : "'delivered', '" + platform_id + "'";
    b.execute("INSERT INTO outbox (idempotency_key, platform, conversation, priority, message, next_attempt_at, created_at,"
              " status, platform_message_id, message_key) VALUES ('" + key + "', 'slack', '" + conversation +
              "', 1, '{}', 0, 0, " + delivered + ", '" + message_key + "')");
}

TEST_P(HandoffStore, FindsTheTicketOfADeliveredMessageAndTheCardsPlatformId) {
    HandoffRepository& hs = backend().handoffs();
    seed_outbox(backend(), "k0", "C1", "INC-000042/card/slack:C1", "");
    auto before = hs.platform_id_of("INC-000042/card/slack:C1");
    ASSERT_TRUE(before) << before.error().message;
    EXPECT_FALSE(*before);  // not delivered yet: no thread to post into

    seed_outbox(backend(), "k1", "C1", "INC-000042/card/slack:C1", "1700000000.000100");
    seed_outbox(backend(), "k2", "C1", "INC-000042/card/slack:C1", "1700000000.000900");  // a later copy: the first counts
    seed_outbox(backend(), "k3", "C1", "INC-000043/thread/k3", "C1:1700000000.000200");
    auto root = hs.platform_id_of("INC-000042/card/slack:C1");
    ASSERT_TRUE(root && *root);
    EXPECT_EQ(**root, "1700000000.000100");
    auto found = hs.ticket_of_message("slack", "C1", "1700000000.000100");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->str(), "INC-000042");
    auto other = hs.ticket_of_message("slack", "C2", "1700000000.000100");
    ASSERT_TRUE(other);
    EXPECT_FALSE(*other) << "another conversation with the same platform id is not the same message";
    auto other_platform = hs.ticket_of_message("telegram", "C1", "1700000000.000100");
    ASSERT_TRUE(other_platform);
    EXPECT_FALSE(*other_platform);
    // The reference is opaque: matched whole, never taken apart.
    auto whole = hs.ticket_of_message("slack", "C1", "C1:1700000000.000200");
    ASSERT_TRUE(whole && *whole);
    EXPECT_EQ((*whole)->str(), "INC-000043");
    auto part = hs.ticket_of_message("slack", "C1", "1700000000.000200");
    ASSERT_TRUE(part);
    EXPECT_FALSE(*part);
    // A delivered message whose key names no ticket leads nowhere.
    seed_outbox(backend(), "k4", "C1", "digest/monday", "1700000000.000300");
    auto digest = hs.ticket_of_message("slack", "C1", "1700000000.000300");
    ASSERT_TRUE(digest);
    EXPECT_FALSE(*digest);
    auto unknown = hs.platform_id_of("INC-000099/card/slack:C1");
    ASSERT_TRUE(unknown);
    EXPECT_FALSE(*unknown);
}

TEST_P(HandoffStore, ChildrenOfAMajorIncidentOldestFirst) {
    TicketRepository& tickets = backend().tickets();
    const Ticket parent = frontline::testing::sample_ticket(*tickets.allocate_id(TicketType::incident), kNow, "Mail is down");
    ASSERT_TRUE(tickets.save_ticket(parent));
    std::vector<TicketId> ids;
    for (TimePoint at : {kNow + 2h, kNow + 1h, kNow + 1h}) {  // the same time: the lower number first
        Ticket child = frontline::testing::sample_ticket(*tickets.allocate_id(TicketType::incident), at, "no mail");
        child.parent = parent.id;
        ASSERT_TRUE(tickets.save_ticket(child));
        ids.push_back(child.id);
    }
    const Ticket unrelated = frontline::testing::sample_ticket(*tickets.allocate_id(TicketType::incident), kNow, "printer");
    ASSERT_TRUE(tickets.save_ticket(unrelated));

    auto children = backend().handoffs().children_of(parent.id);
    ASSERT_TRUE(children) << children.error().message;
    ASSERT_EQ(children->size(), 3u);
    EXPECT_EQ((*children)[0].id, ids[1]);
    EXPECT_EQ((*children)[1].id, ids[2]);
    EXPECT_EQ((*children)[2].id, ids[0]);
    EXPECT_EQ((*children)[0].parent, parent.id);
    auto none = backend().handoffs().children_of(unrelated.id);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
}

TEST_P(HandoffStore, HeldWordsAddUpUntilTakenOncePerPerson) {
    HandoffRepository& hs = backend().handoffs();
    const Identity ada{"slack", "U1"}, bob{"slack", "U2"};
    auto empty = hs.take_held_message(ada);
    ASSERT_TRUE(empty);
    EXPECT_FALSE(*empty);

    auto first = hs.hold_message(ada, "VPN drops", kNow);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_FALSE(*first) << "nothing was held before";
    auto second = hs.hold_message(ada, "since this morning", kNow + 1min);
    ASSERT_TRUE(second);
    EXPECT_TRUE(*second);
    auto other = hs.hold_message(bob, "printer", kNow);
    ASSERT_TRUE(other);
    EXPECT_FALSE(*other) << "held per person";
    // An empty line held after something is still "something held before".
    auto blank = hs.hold_message(bob, "", kNow);
    ASSERT_TRUE(blank);
    EXPECT_TRUE(*blank);

    backend().reopen();
    auto taken = backend().handoffs().take_held_message(ada);
    ASSERT_TRUE(taken && *taken);
    EXPECT_EQ(**taken, "VPN drops\nsince this morning");
    auto again = backend().handoffs().take_held_message(ada);
    ASSERT_TRUE(again);
    EXPECT_FALSE(*again) << "taken once";
    auto bobs = backend().handoffs().take_held_message(bob);
    ASSERT_TRUE(bobs && *bobs);
    EXPECT_EQ(**bobs, "printer\n");
    auto fresh = backend().handoffs().hold_message(ada, "new words", kNow + 2min);
    ASSERT_TRUE(fresh);
    EXPECT_FALSE(*fresh) << "after a take, nothing is held";
}

TEST_P(HandoffStore, AHeldMessageRolledBackWithItsBatchIsNotKept) {
    auto rolled = backend().in_transaction([&]() -> Status {
        auto held = backend().handoffs().hold_message({"slack", "U1"}, "lost", kNow);
        if (!held) return held.error();
        return make_error(Errc::conflict, "the batch failed later");
    });
    EXPECT_FALSE(rolled);
    auto taken = backend().handoffs().take_held_message({"slack", "U1"});
    ASSERT_TRUE(taken);
    EXPECT_FALSE(*taken);
}

struct TempDb {
    TempDb() {
        auto s = SqliteStore::open(dir.file("f.db"));
        if (!s) throw std::runtime_error(s.error().message);
        store = std::move(*s);
    }
    testkit::TempDir dir;  // outlives the store: members are destroyed in reverse order
    std::unique_ptr<SqliteStore> store;
};

}  // namespace

// The outbox's own path to the platform reference (enqueue, deliver, mark delivered) through
// SQLite's outbox.
TEST(HandoffStoreSqlite, TheOutboxsDeliveredMarkIsWhatTheLookUpsRead) {
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
    EXPECT_FALSE(*before);
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
}

TEST(HandoffStoreSqlite, MigrationFiveAddsTheLookupIndex) {
    TempDb db;
    EXPECT_GE(db.store->schema_version(), 5);
}
