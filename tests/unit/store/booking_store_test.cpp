// Booked calls in SQLite: one active booking per agent and start, one booking per link; a
// cancelled booking frees its slot but not its link; the overlap query finds what collides.
#include <gtest/gtest.h>

#include "core/store/sqlite_store.hpp"
#include "store_test_support.hpp"
#include "tests/support/temp_dir.hpp"

using namespace frontline;
using namespace std::chrono;

namespace {

const TimePoint kNow{sys_days{year{2026} / 11 / 25} + hours{9}};

struct Db {
    Db() {
        auto s = SqliteStore::open(dir.file("f.db"));
        if (!s) throw std::runtime_error(s.error().message);
        store = std::move(*s);
        const auto id = store->allocate_id(TicketType::incident).value();
        ticket = id;
        if (auto ok = store->save_ticket(frontline::testing::sample_ticket(id, kNow, "VPN drops")); !ok) throw std::runtime_error(ok.error().message);
    }
    testkit::TempDir dir;
    std::unique_ptr<Store> store;
    TicketId ticket;
};

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

TEST(BookingStore, OneActiveBookingPerAgentAndStart) {
    Db db;
    BookingRepository& repo = db.store->repositories().bookings;
    Booking a = booking(db.ticket, "rita", kNow + hours{2}, "n1");
    ASSERT_TRUE(repo.insert_booking(a));
    EXPECT_GT(a.id, 0);

    Booking same_slot = booking(db.ticket, "rita", kNow + hours{2}, "n2");
    auto refused = repo.insert_booking(same_slot);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, Errc::conflict);

    Booking same_link = booking(db.ticket, "leo", kNow + hours{3}, "n1");
    auto reused = repo.insert_booking(same_link);
    ASSERT_FALSE(reused);
    EXPECT_EQ(reused.error().code, Errc::conflict);

    Booking other_agent = booking(db.ticket, "leo", kNow + hours{2}, "n3");
    EXPECT_TRUE(repo.insert_booking(other_agent)) << "another agent's calendar";

    // Cancelled: the slot is free again, the link stays used.
    a.status = BookingStatus::cancelled;
    ASSERT_TRUE(repo.update_booking(a));
    Booking again = booking(db.ticket, "rita", kNow + hours{2}, "n4");
    EXPECT_TRUE(repo.insert_booking(again));
    auto by_link = repo.booking_by_nonce("n1");
    ASSERT_TRUE(by_link && *by_link);
    EXPECT_EQ((*by_link)->status, BookingStatus::cancelled);
    EXPECT_EQ((*by_link)->requester, (Identity{"telegram", "777"}));
    EXPECT_EQ((*by_link)->start, kNow + hours{2});
}

TEST(BookingStore, MovingOntoATakenStartIsAConflict) {
    Db db;
    BookingRepository& repo = db.store->repositories().bookings;
    Booking a = booking(db.ticket, "rita", kNow + hours{2}, "n1");
    Booking b = booking(db.ticket, "rita", kNow + hours{4}, "n2");
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

TEST(BookingStore, FindsTheActiveBookingsThatOverlapASpan) {
    Db db;
    BookingRepository& repo = db.store->repositories().bookings;
    Booking early = booking(db.ticket, "rita", kNow + hours{1}, "n1");
    Booking late = booking(db.ticket, "rita", kNow + hours{5}, "n2");
    Booking gone = booking(db.ticket, "rita", kNow + hours{3}, "n3");
    Booking leo = booking(db.ticket, "leo", kNow + hours{3}, "n4");
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
