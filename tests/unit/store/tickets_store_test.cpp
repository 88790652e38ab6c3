#include <gtest/gtest.h>

#include <thread>

#include "backend_under_test.hpp"
#include "core/lifecycle.hpp"
#include "core/ticket_validation.hpp"
#include "store_test_support.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;
using testing::BackendUnderTest;
using testing::sample_ticket;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 9h;

// Every assertion here holds on both backends (backend_under_test.hpp).
class TicketsStore : public testing::BackendTest {};
FRONTLINE_ON_BOTH_BACKENDS(TicketsStore);

TEST_P(TicketsStore, ARequestersTicketsAreCountedOpenRecentAndAll) {
    auto* store = &backend().tickets();
    const Identity ada{"slack", "U100"};  // sample_ticket's requester
    auto add = [&](TimePoint at, TicketStatus status) {
        auto t = sample_ticket(*store->allocate_id(TicketType::incident), at, "printer");
        t.status = status;
        ASSERT_TRUE(store->save_ticket(t));
    };
    add(kT0 - 3h, TicketStatus::closed);
    add(kT0 - 30min, TicketStatus::resolved);
    add(kT0 - 10min, TicketStatus::escalated);
    auto someone_else = sample_ticket(*store->allocate_id(TicketType::incident), kT0, "wifi");
    someone_else.requester.identity = {"slack", "U200"};
    ASSERT_TRUE(store->save_ticket(someone_else));

    auto c = store->count_requester_tickets(ada, kT0 - 1h);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->total, 3);
    EXPECT_EQ(c->open, 1) << "escalated is open; resolved and closed are not";
    EXPECT_EQ(c->reported_since, 2);
    auto nobody = store->count_requester_tickets({"webchat", "nobody"}, kT0 - 1h);
    ASSERT_TRUE(nobody);
    EXPECT_EQ(nobody->total, 0);
}

TEST_P(TicketsStore, IncidentAndRequestSequencesAreSeparate) {
    auto* store = &backend().tickets();
    EXPECT_EQ(store->allocate_id(TicketType::incident)->str(), "INC-000001");
    EXPECT_EQ(store->allocate_id(TicketType::incident)->str(), "INC-000002");
    EXPECT_EQ(store->allocate_id(TicketType::request)->str(), "REQ-000001");
    EXPECT_EQ(store->allocate_id(TicketType::incident)->str(), "INC-000003");
}

TEST_P(TicketsStore, SaveAndFindRoundTripsAndSurvivesReopen) {
    Ticket t;
    {
        auto* store = &backend().tickets();
        t = sample_ticket(*store->allocate_id(TicketType::incident), kT0, "VPN drops every five minutes");
        t.symptoms = {{"since", "Since when?", "this morning"}};
        t.priority = Priority::p2;
        ASSERT_TRUE(store->save_ticket(t));
        t.status = TicketStatus::escalated;
        t.tier = Tier::l2;
        ASSERT_TRUE(store->save_ticket(t));  // update in place
    }
    backend().reopen();
    auto* store = &backend().tickets();
    auto found = store->find_ticket(t.id);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->status, TicketStatus::escalated);
    EXPECT_EQ((*found)->title, "VPN drops every five minutes");
    EXPECT_EQ((*found)->symptoms.at(0).answer, "this morning");
    EXPECT_EQ(backend().count("tickets"), 1);
    auto missing = store->find_ticket(TicketId{TicketType::incident, 99});
    ASSERT_TRUE(missing);
    EXPECT_FALSE(missing->has_value());
}

TEST_P(TicketsStore, ListFiltersByStatusAndRequester) {
    auto* store = &backend().tickets();
    for (int i = 0; i < 3; ++i) {
        auto t = sample_ticket(*store->allocate_id(TicketType::incident), kT0, "problem " + std::to_string(i));
        if (i == 1) t.status = TicketStatus::closed;
        if (i == 2) t.requester.identity = {"telegram", "77"};
        ASSERT_TRUE(store->save_ticket(t));
    }
    EXPECT_EQ(store->list_tickets({})->size(), 3u);
    EXPECT_EQ(store->list_tickets({TicketStatus::closed, {}, false, 100, {}})->size(), 1u);
    EXPECT_EQ(store->list_tickets({{}, Identity{"slack", "U100"}, true, 100, {}})->size(), 1u);
    EXPECT_EQ(store->list_tickets({{}, Identity{"telegram", "77"}, false, 100, {}})->at(0).title, "problem 2");
    EXPECT_EQ(store->list_tickets({{}, {}, false, 100, {TicketStatus::closed, TicketStatus::escalated}})->size(),
              store->list_tickets({TicketStatus::closed, {}, false, 100, {}})->size() +
                  store->list_tickets({TicketStatus::escalated, {}, false, 100, {}})->size());
}

TEST_P(TicketsStore, JournalIsAppendOnlyAndOrdered) {
    auto* store = &backend().tickets();
    auto t = sample_ticket(*store->allocate_id(TicketType::incident), kT0, "printer jam");
    ASSERT_TRUE(backend().in_transaction([&]() -> Status {
        if (auto ok = store->save_ticket(t); !ok) return ok;
        JournalEntry created{0, t.id, "bot", kT0, "created", R"({"title":"printer jam"})"};
        if (auto ok = store->append_journal(created); !ok) return ok;
        auto step = transition(t, TicketStatus::in_diagnosis, Actor::bot(), kT0 + 1s);
        if (!step) return step.error();
        if (auto ok = store->save_ticket(t); !ok) return ok;
        return store->append_journal(*step);
    }));
    auto journal = store->journal_of(t.id);
    ASSERT_TRUE(journal);
    ASSERT_EQ(journal->size(), 2u);
    EXPECT_EQ(journal->at(0).kind, "created");
    EXPECT_EQ(journal->at(1).kind, "status");
    EXPECT_LT(journal->at(0).seq, journal->at(1).seq);
    EXPECT_EQ(journal->at(1).at, kT0 + 1s);

    JournalEntry not_json{0, t.id, "bot", kT0, "note", "not json"};
    EXPECT_FALSE(store->append_journal(not_json));
}

TEST_P(TicketsStore, AFailedBatchWritesNothing) {
    auto* store = &backend().tickets();
    auto status = backend().in_transaction([&]() -> Status {
        auto t = sample_ticket(*store->allocate_id(TicketType::incident), kT0, "first");
        if (auto ok = store->save_ticket(t); !ok) return ok;
        auto bad = sample_ticket(*store->allocate_id(TicketType::incident), kT0, "bad \xff title");
        return store->save_ticket(bad);
    });
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, Errc::invalid_argument);
    EXPECT_EQ(backend().count("tickets"), 0);
    EXPECT_EQ(backend().search_entries(), 0);
    EXPECT_EQ(store->allocate_id(TicketType::incident)->str(), "INC-000001") << "the sequence rolled back too";
}

TEST_P(TicketsStore, NestedTransactionRollsBackOnlyItsOwnPart) {
    auto* store = &backend().tickets();
    ASSERT_TRUE(backend().in_transaction([&]() -> Status {
        auto a = sample_ticket(*store->allocate_id(TicketType::incident), kT0, "kept");
        if (auto ok = store->save_ticket(a); !ok) return ok;
        auto inner = backend().in_transaction([&]() -> Status {
            auto b = sample_ticket(*store->allocate_id(TicketType::incident), kT0, "dropped");
            if (auto ok = store->save_ticket(b); !ok) return ok;
            return make_error(Errc::conflict, "changed my mind");
        });
        EXPECT_FALSE(inner);
        return {};
    }));
    auto all = store->list_tickets({});
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ(all->at(0).title, "kept");
}

TEST_P(TicketsStore, BadInputGivesAClearErrorAndWritesNothing) {
    auto* store = &backend().tickets();
    const TicketId id{TicketType::incident, 1};

    auto huge = sample_ticket(id, kT0, "huge");
    huge.description = std::string(1 << 20, 'x');  // 1 MB of text
    auto r1 = store->save_ticket(huge);
    ASSERT_FALSE(r1);
    EXPECT_NE(r1.error().message.find("too long"), std::string::npos);

    auto invalid = sample_ticket(id, kT0, "ok");
    invalid.symptoms = {{"since", "Since?", "\xc3\x28"}};
    auto r2 = store->save_ticket(invalid);
    ASSERT_FALSE(r2);
    EXPECT_NE(r2.error().message.find("UTF-8"), std::string::npos);

    auto unknown = sample_ticket(id, kT0, "ok", "astrology");
    auto r3 = validate_ticket(unknown, {"network", "printing"});
    ASSERT_FALSE(r3);
    EXPECT_NE(r3.error().message.find("unknown category 'astrology'"), std::string::npos);
    EXPECT_TRUE(validate_ticket(sample_ticket(id, kT0, "ok", "network"), {"network", "printing"}));

    auto no_id = sample_ticket(TicketId{}, kT0, "no id");
    EXPECT_FALSE(store->save_ticket(no_id));

    EXPECT_EQ(backend().count("tickets"), 0);
    EXPECT_EQ(backend().count("journal"), 0);
}

TEST_P(TicketsStore, TwoConnectionsWritingAtOnceLoseNothing) {
    constexpr int kPerWriter = 150;
    // Each writer has its own connection, opened here: on the test's thread, as the fixture's.
    auto alpha = backend().another_connection(), beta = backend().another_connection();
    auto writer = [&](BackendUnderTest* db, const std::string& who) {
        for (int i = 0; i < kPerWriter; ++i) {
            auto ok = db->in_transaction([&]() -> Status {
                auto id = db->tickets().allocate_id(TicketType::incident);
                if (!id) return id.error();
                auto t = sample_ticket(*id, kT0, who + " " + std::to_string(i));
                if (auto s = db->tickets().save_ticket(t); !s) return s;
                JournalEntry e{0, *id, who, kT0, "created", "{}"};
                return db->tickets().append_journal(e);
            });
            ASSERT_TRUE(ok) << ok.error().message;
        }
    };
    std::thread a(writer, alpha.get(), "alpha"), b(writer, beta.get(), "beta");
    a.join();
    b.join();
    EXPECT_EQ(backend().count("tickets"), 2 * kPerWriter);
    EXPECT_EQ(backend().count("journal"), 2 * kPerWriter);
    auto distinct = backend().rows("SELECT COUNT(DISTINCT number), MAX(number) FROM tickets");
    EXPECT_EQ(distinct.at(0).at(0), std::to_string(2 * kPerWriter));
    EXPECT_EQ(distinct.at(0).at(1), std::to_string(2 * kPerWriter)) << "ids are dense: no number handed out twice or lost";
}

}  // namespace
}  // namespace frontline
