// Booked calls in the store: one active booking per agent and start, one booking per link; a
// cancelled booking frees its slot but not its link; the overlap query finds what collides. On
// both backends.
#include <gtest/gtest.h>

#include "backend_under_test.hpp"
#include "store_test_support.hpp"

using namespace frontline;
using namespace std::chrono;

namespace {

const TimePoint kNow{sys_days{year{2026} / 11 / 25} + hours{9}};

class BookingStore : public frontline::testing::BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        ticket = backend().tickets().allocate_id(TicketType::incident).value();
        ASSERT_TRUE(backend().tickets().save_ticket(frontline::testing::sample_ticket(ticket, kNow, "VPN drops")));
    }
    TicketId ticket;
};
FRONTLINE_ON_BOTH_BACKENDS(BookingStore);

Booking booking(const TicketId& t, const std::string& agent, TimePoint start, const std::string& nonce) {
    Booking b;
    b.ticket = t;
    b.agent = agent;
    b.requester = {"telegram", "777"};
    b.start = start;
    b.end = start + minutes{30};
    b.nonce = nonce;
    b.meeting = "https://meet.jit.si/room";
    b.requester_zone = "Europe/Rome";
    b.created_at = kNow;
    return b;
}

}  // namespace

TEST_P(BookingStore, OneActiveBookingPerAgentAndStart) {
    BookingRepository& repo = backend().bookings();
    Booking a = booking(ticket, "rita", kNow + hours{2}, "n1");
    ASSERT_TRUE(repo.insert_booking(a));
    EXPECT_GT(a.id, 0);

    Booking same_slot = booking(ticket, "rita", kNow + hours{2}, "n2");
    auto refused = repo.insert_booking(same_slot);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, Errc::conflict);

    Booking same_link = booking(ticket, "leo", kNow + hours{3}, "n1");
    auto reused = repo.insert_booking(same_link);
    ASSERT_FALSE(reused);
    EXPECT_EQ(reused.error().code, Errc::conflict);

    Booking other_agent = booking(ticket, "leo", kNow + hours{2}, "n3");
    EXPECT_TRUE(repo.insert_booking(other_agent)) << "another agent's calendar";

    // Cancelled: the slot is free again, the link stays used.
    a.status = BookingStatus::cancelled;
    ASSERT_TRUE(repo.update_booking(a));
    Booking again = booking(ticket, "rita", kNow + hours{2}, "n4");
    EXPECT_TRUE(repo.insert_booking(again));
    auto by_link = repo.booking_by_nonce("n1");
    ASSERT_TRUE(by_link && *by_link);
    EXPECT_EQ((*by_link)->status, BookingStatus::cancelled);
    EXPECT_EQ((*by_link)->requester, (Identity{"telegram", "777"}));
    EXPECT_EQ((*by_link)->start, kNow + hours{2});
}

TEST_P(BookingStore, MovingOntoATakenStartIsAConflict) {
    BookingRepository& repo = backend().bookings();
    Booking a = booking(ticket, "rita", kNow + hours{2}, "n1");
    Booking b = booking(ticket, "rita", kNow + hours{4}, "n2");
    ASSERT_TRUE(repo.insert_booking(a));
    ASSERT_TRUE(repo.insert_booking(b));
    b.start = a.start;
    b.end = a.end;
    auto moved = repo.update_booking(b);
    ASSERT_FALSE(moved);
    EXPECT_EQ(moved.error().code, Errc::conflict);
    auto kept = repo.booking_by_id(b.id);
    ASSERT_TRUE(kept && *kept);
    EXPECT_EQ((*kept)->start, kNow + hours{4});
}

TEST_P(BookingStore, FindsTheActiveBookingsThatOverlapASpan) {
    BookingRepository& repo = backend().bookings();
    Booking early = booking(ticket, "rita", kNow + hours{1}, "n1");
    Booking late = booking(ticket, "rita", kNow + hours{5}, "n2");
    Booking gone = booking(ticket, "rita", kNow + hours{3}, "n3");
    Booking leo = booking(ticket, "leo", kNow + hours{3}, "n4");
    for (Booking* b : {&early, &late, &gone, &leo}) ASSERT_TRUE(repo.insert_booking(*b));
    gone.status = BookingStatus::cancelled;
    ASSERT_TRUE(repo.update_booking(gone));
    auto found = repo.agent_bookings("rita", kNow + hours{1} + minutes{29}, kNow + hours{5} + minutes{1});
    ASSERT_TRUE(found);
    ASSERT_EQ(found->size(), 2u);
    EXPECT_EQ((*found)[0].nonce, "n1");
    EXPECT_EQ((*found)[1].nonce, "n2");
    auto none = repo.agent_bookings("rita", kNow + hours{1} + minutes{30}, kNow + hours{5});
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty()) << "touching ends do not overlap";
}

TEST_P(BookingStore, EveryFieldComesBackAsWritten) {
    BookingRepository& repo = backend().bookings();
    Booking a = booking(ticket, "rita", kNow + hours{2}, "n1");
    a.end = a.start + minutes{45};
    a.meeting = "Call +39 02 1234 5678, PIN 42";
    a.requester_zone = "America/New_York";
    a.created_at = kNow - minutes{3};
    ASSERT_TRUE(repo.insert_booking(a));
    Booking b = booking(ticket, "rita", kNow + hours{3}, "n2");
    ASSERT_TRUE(repo.insert_booking(b));
    EXPECT_NE(a.id, b.id);
    backend().reopen();
    auto found = backend().bookings().booking_by_id(a.id);
    ASSERT_TRUE(found && *found);
    const Booking& f = **found;
    EXPECT_EQ(f.id, a.id);
    EXPECT_EQ(f.ticket, ticket);
    EXPECT_EQ(f.agent, "rita");
    EXPECT_EQ(f.requester, (Identity{"telegram", "777"}));
    EXPECT_EQ(f.start, kNow + hours{2});
    EXPECT_EQ(f.end, kNow + hours{2} + minutes{45});
    EXPECT_EQ(f.nonce, "n1");
    EXPECT_EQ(f.meeting, "Call +39 02 1234 5678, PIN 42");
    EXPECT_EQ(f.requester_zone, "America/New_York");
    EXPECT_EQ(f.status, BookingStatus::booked);
    EXPECT_EQ(f.created_at, kNow - minutes{3});
    auto missing = backend().bookings().booking_by_id(a.id + b.id + 100);
    ASSERT_TRUE(missing);
    EXPECT_FALSE(*missing);
    auto no_link = backend().bookings().booking_by_nonce("n9");
    ASSERT_TRUE(no_link);
    EXPECT_FALSE(*no_link);
}

// The desk books inside the batch's transaction and goes on after a refusal (it tells the
// requester the slot is gone): a conflict must fail that one write, not the batch.
TEST_P(BookingStore, AConflictInsideABatchLeavesTheRestOfTheBatchStanding) {
    Booking a = booking(ticket, "rita", kNow + hours{2}, "n1");
    Booking taken = booking(ticket, "rita", kNow + hours{2}, "n2");
    Booking b = booking(ticket, "rita", kNow + hours{4}, "n3");
    Booking later = booking(ticket, "leo", kNow + hours{5}, "n4");
    ASSERT_TRUE(backend().in_transaction([&]() -> Status {
        BookingRepository& repo = backend().bookings();
        if (auto ok = repo.insert_booking(a); !ok) return ok;
        if (auto refused = repo.insert_booking(taken); refused || refused.error().code != Errc::conflict)
            return make_error(Errc::storage, "the taken slot was not refused as a conflict");
        if (auto ok = repo.insert_booking(b); !ok) return ok;
        Booking moved = b;
        moved.start = a.start;
        moved.end = a.end;
        if (auto refused = repo.update_booking(moved); refused || refused.error().code != Errc::conflict)
            return make_error(Errc::storage, "the move onto a taken start was not refused as a conflict");
        return repo.insert_booking(later);
    }));
    auto rita = backend().bookings().agent_bookings("rita", kNow, kNow + hours{24});
    ASSERT_TRUE(rita);
    ASSERT_EQ(rita->size(), 2u);
    EXPECT_EQ((*rita)[0].nonce, "n1");
    EXPECT_EQ((*rita)[1].nonce, "n3");
    EXPECT_EQ((*rita)[1].start, kNow + hours{4}) << "the refused move changed nothing";
    auto leo = backend().bookings().booking_by_nonce("n4");
    ASSERT_TRUE(leo && *leo);
    auto refused_link = backend().bookings().booking_by_nonce("n2");
    ASSERT_TRUE(refused_link);
    EXPECT_FALSE(*refused_link);
}
