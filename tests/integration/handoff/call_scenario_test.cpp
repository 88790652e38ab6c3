// Calls through the whole Desk on a real SQLite file: `call INC` sends the requester a booking link;
// the booking page's actions (web_action events) book, move and cancel; both sides hear of each in
// their own time zone; the reminder fires from the timer table; `call cancel INC` is the agent's
// way out; and 100 confirms racing for one slot from 100 store connections book it exactly once.
#include <gtest/gtest.h>

#include <barrier>
#include <thread>

#include <nlohmann/json.hpp>

#include "bot/runtime/apply_one.hpp"
#include "core/handoff/calls.hpp"
#include "tests/integration/handoff/desk_world.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"
#include "core/store/sqlite_store.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;
using nlohmann::json;
using namespace std::chrono;

namespace {

// Rita works 08:30-17:30 in Rome. The world starts on Wednesday 2026-11-25 09:00 UTC.
const char* kAgents = R"({
  "teams": [{"id": "desk", "name": "Desk", "rooms": {"slack": "C0DESK"}}],
  "agents": [
    {"handle": "rita", "name": "Rita Neri", "tier": "L2", "teams": ["desk"], "identities": {"slack": "U0RITA"},
     "timezone": "Europe/Rome", "working_hours": {"days": ["mon","tue","wed","thu","fri"], "start": "08:30", "end": "17:30"}},
    {"handle": "leo", "name": "Leo Hart", "tier": "L2", "teams": ["desk"], "identities": {"slack": "U0LEO"}}
  ],
  "escalation": {"default": {"team": "desk", "tier": "L2", "mention": "team", "reping_minutes": 30,
                             "tier_up_after_minutes": 240}}
})";

const Identity kRita{"slack", "U0RITA"};
const Identity kLeo{"slack", "U0LEO"};
const Address kRoom{"slack", "C0DESK", ""};
const Identity kGiulia{"telegram", "777001"};

/// Links as plain text, so the test reads the seed back from the requester's message.
class PlainLinks final : public CallLinks {
public:
    std::string booking_link(const TicketId& t, const std::string& agent, Seconds d, TimePoint, const std::string& seed) const override {
        return "https://desk.test/call/book/" + t.str() + "/" + agent + "/" + std::to_string(d.count()) + "/" + seed + " ";
    }
    std::string manage_link(std::int64_t b, const TicketId&, TimePoint) const override {
        return "https://desk.test/call/manage/" + std::to_string(b);
    }
    std::string invite_link(std::int64_t b, const TicketId& t, TimePoint e) const override { return manage_link(b, t, e) + "/invite.ics"; }
    std::string meeting_room(const std::string& nonce) const override { return "room-" + std::to_string(std::hash<std::string>{}(nonce)); }
};

DeskConfig calls_config() {
    DeskConfig c = desk_config(kAgents);
    c.call_links = std::make_shared<PlainLinks>();
    return c;
}

std::string last_text(const DeskWorld& w, const std::string& platform, const std::string& conversation) {
    const auto got = w.received(platform, conversation);
    return got.empty() ? std::string() : got.back().message.text;
}

/// The seed (our nonce) in the booking link the requester received.
std::string nonce_in(const std::string& text) {
    const std::string marker = "https://desk.test/call/book/";
    const auto at = text.find(marker);
    if (at == std::string::npos) return "";
    const auto end = text.find(' ', at);
    const std::string link = text.substr(at, end - at);
    return link.substr(link.rfind('/') + 1);
}

InboundEvent page_event(const std::string& id, const json& action, TimePoint now) {
    InboundEvent e;
    e.event_id = id;
    e.kind = InboundKind::web_action;
    e.from = {"web", "booking"};
    e.where = {"web", "booking", ""};
    e.payload = action.dump();
    e.received_at = now;
    return e;
}

json book(const TicketId& t, const std::string& nonce, TimePoint start, const std::string& zone = "America/New_York") {
    return {{"action", "book"}, {"ticket", t.str()}, {"agent", "rita"}, {"nonce", nonce},
            {"start", start.time_since_epoch().count()}, {"duration", 1800}, {"zone", zone}};
}

std::vector<TimePoint> slots(DeskWorld& w, Seconds duration = minutes{30}) {
    auto& desk = static_cast<Desk&>(w.desk());
    const Agent* rita = desk.config().directory.agent_by_reference("rita");
    auto s = open_call_slots(desk.config(), w.store(), *rita, duration, w.now());
    EXPECT_TRUE(s) << s.error().message;
    return s ? *s : std::vector<TimePoint>{};
}

/// A ticket claimed by Rita, with a booking link sent to Giulia; returns the link's nonce.
std::string offered(DeskWorld& w, TicketId& id, const std::string& locale = "en") {
    id = w.report(kGiulia, "network", "P2", "VPN drops every five minutes", locale);
    w.text(kRita, kRoom, "claim " + id.str());
    w.text(kRita, kRoom, "call " + id.str());
    return nonce_in(last_text(w, "telegram", "777001"));
}

}  // namespace

TEST(CallScenario, BookedRemindedMovedAndCancelled) {
    DeskWorld w(calls_config());
    TicketId id;
    const std::string nonce = offered(w, id);
    ASSERT_FALSE(nonce.empty()) << last_text(w, "telegram", "777001");
    EXPECT_NE(last_text(w, "telegram", "777001").find("Rita Neri would like to talk " + id.str()), std::string::npos);
    EXPECT_NE(last_text(w, "slack", "C0DESK").find("sent the requester of " + id.str()), std::string::npos);
    EXPECT_EQ(w.journal_count(id, "call_offered"), 1);

    // 09:00 UTC is 10:00 in Rome: with an hour's notice the first slot is 11:00 Rome = 10:00 UTC.
    const auto free = slots(w);
    ASSERT_FALSE(free.empty());
    EXPECT_EQ(free.front(), w.now() + hours{1});
    const TimePoint start = free.front();
    w.send(page_event("b1", book(id, nonce, start), w.now()));
    ASSERT_EQ(w.journal_count(id, "call_booked"), 1);
    auto booking = w.store().booking_by_nonce(nonce);
    ASSERT_TRUE(booking && *booking);
    EXPECT_EQ((*booking)->start, start);
    EXPECT_EQ((*booking)->end, start + minutes{30});
    // Each side in their own zone: 10:00 UTC is 05:00 in New York and 11:00 in Rome.
    const std::string to_giulia = last_text(w, "telegram", "777001");
    EXPECT_NE(to_giulia.find("booked for 05:00 today (New York time)"), std::string::npos) << to_giulia;
    EXPECT_NE(to_giulia.find((*booking)->meeting), std::string::npos);
    EXPECT_NE(to_giulia.find("https://desk.test/call/manage/" + std::to_string((*booking)->id) + "/invite.ics"), std::string::npos);
    const std::string to_rita = last_text(w, "slack", "U0RITA");
    EXPECT_NE(to_rita.find("11:00 today (Rome time)"), std::string::npos) << to_rita;
    EXPECT_NE(to_rita.find((*booking)->meeting), std::string::npos);
    EXPECT_EQ((*booking)->meeting.rfind("https://meet.jit.si/room-", 0), 0u);
    // The slot is gone from the page now.
    const auto after = slots(w);
    EXPECT_FALSE(std::binary_search(after.begin(), after.end(), start));

    // The same link again, another slot: it has booked once, nothing more happens.
    w.send(page_event("b2", book(id, nonce, free[3]), w.now()));
    EXPECT_EQ(w.journal_count(id, "call_booked"), 1);

    // Moved two hours later by the requester's page.
    const TimePoint moved = start + hours{2};
    w.send(page_event("m1", {{"action", "reschedule"}, {"booking", (*booking)->id}, {"start", moved.time_since_epoch().count()},
                             {"zone", "Europe/Rome"}}, w.now()));
    EXPECT_EQ(w.journal_count(id, "call_rescheduled"), 1);
    EXPECT_NE(last_text(w, "telegram", "777001").find("has moved to 13:00 today (Rome time)"), std::string::npos);
    EXPECT_NE(last_text(w, "slack", "U0RITA").find("has moved to 13:00 today (Rome time)"), std::string::npos);

    // Nothing fires at the old reminder time; 15 minutes before the new start, both hear of it.
    w.advance(minutes{45});
    w.fire_due_timers();
    EXPECT_EQ(w.journal_count(id, "call_reminder"), 0);
    w.advance(hours{2});  // 11:45 UTC: 15 minutes before 12:00
    w.fire_due_timers();
    EXPECT_EQ(w.journal_count(id, "call_reminder"), 1);
    EXPECT_NE(last_text(w, "telegram", "777001").find("starts in 15 min."), std::string::npos);
    EXPECT_NE(last_text(w, "slack", "U0RITA").find("starts in 15 min."), std::string::npos);

    // The agent calls it off.
    w.text(kRita, kRoom, "call cancel " + id.str());
    EXPECT_EQ(w.journal_count(id, "call_cancelled"), 1);
    EXPECT_NE(last_text(w, "telegram", "777001").find("is cancelled"), std::string::npos);
    EXPECT_NE(last_text(w, "slack", "C0DESK").find("is cancelled; the requester has been told"), std::string::npos);
    auto gone = w.store().booking_by_id((*booking)->id);
    ASSERT_TRUE(gone && *gone);
    EXPECT_EQ((*gone)->status, BookingStatus::cancelled);
    w.text(kRita, kRoom, "call cancel " + id.str());
    EXPECT_NE(last_text(w, "slack", "C0DESK").find("no call booked with you"), std::string::npos);
}

TEST(CallScenario, TheRequesterCancelsAndTheReminderNeverFires) {
    DeskWorld w(calls_config());
    TicketId id;
    const std::string nonce = offered(w, id, "it");
    EXPECT_NE(last_text(w, "telegram", "777001").find("videochiamata"), std::string::npos) << "the requester's language";
    const TimePoint start = slots(w).front();
    w.send(page_event("b1", book(id, nonce, start, "Europe/Rome"), w.now()));
    auto booking = w.store().booking_by_nonce(nonce);
    ASSERT_TRUE(booking && *booking);
    w.send(page_event("c1", {{"action", "cancel"}, {"booking", (*booking)->id}}, w.now()));
    EXPECT_EQ(w.journal_count(id, "call_cancelled"), 1);
    EXPECT_NE(last_text(w, "telegram", "777001").find("annullata"), std::string::npos);
    EXPECT_NE(last_text(w, "slack", "U0RITA").find("was cancelled by"), std::string::npos);
    w.advance(hours{3});
    w.fire_due_timers();
    EXPECT_EQ(w.journal_count(id, "call_reminder"), 0);
}

TEST(CallScenario, RefusedWithoutAClaimOrWithABadLength) {
    DeskWorld w(calls_config());
    const TicketId id = w.report(kGiulia, "network", "P2", "VPN drops");
    w.text(kRita, kRoom, "call " + id.str());
    EXPECT_NE(last_text(w, "slack", "C0DESK").find("Claim " + id.str() + " first"), std::string::npos);
    w.text(kRita, kRoom, "claim " + id.str());
    w.text(kLeo, kRoom, "call " + id.str());
    EXPECT_NE(last_text(w, "slack", "C0DESK").find("Claim " + id.str() + " first"), std::string::npos) << "Leo does not have it";
    w.text(kRita, kRoom, "call " + id.str() + " 999");
    EXPECT_NE(last_text(w, "slack", "C0DESK").find("from 5 to 180 min"), std::string::npos);
    EXPECT_EQ(w.journal_count(id, "call_offered"), 0);
    EXPECT_EQ(nonce_in(last_text(w, "telegram", "777001")), "");

    DeskWorld off(desk_config(kAgents));  // no public URL or secret: calls are off
    const TicketId other = off.report(kGiulia, "network", "P2", "VPN drops");
    off.text(kRita, kRoom, "claim " + other.str());
    off.text(kRita, kRoom, "call " + other.str());
    EXPECT_NE(last_text(off, "slack", "C0DESK").find("Calls are not set up"), std::string::npos);
}

TEST(CallScenario, AHundredConfirmsRacingForOneSlotBookItOnce) {
    DeskWorld w(calls_config());
    TicketId id;
    offered(w, id);
    const TimePoint start = slots(w).front();
    constexpr int kRacers = 100;
    std::vector<std::unique_ptr<Store>> connections;
    for (int i = 0; i < kRacers; ++i) {
        auto s = SqliteStore::open(w.db_path());
        ASSERT_TRUE(s) << s.error().message;
        connections.push_back(std::move(*s));
    }
    std::vector<Status> results(kRacers);
    std::barrier go(kRacers);
    std::vector<std::thread> threads;
    for (int i = 0; i < kRacers; ++i)
        threads.emplace_back([&, i] {
            // Each its own link (nonce), as 100 requesters' pages or tabs would be.
            const InboundEvent e = page_event("race" + std::to_string(i), book(id, "nonce-" + std::to_string(i), start), w.now());
            go.arrive_and_wait();
            // SQLite's busy timeout may run out with a hundred writers queued on a loaded machine:
            // then nothing was written, and the page's confirm would be sent again.
            for (int attempt = 0; attempt < 100; ++attempt) {
                results[i] = apply_one(*connections[i], w.desk(), e, w.now()).status;
                if (results[i] || results[i].error().message.find("locked") == std::string::npos) break;
            }
        });
    for (auto& t : threads) t.join();
    for (int i = 0; i < kRacers; ++i) EXPECT_TRUE(results[i]) << results[i].error().message;
    auto booked = w.store().agent_bookings("rita", start - hours{1}, start + hours{1});
    ASSERT_TRUE(booked);
    ASSERT_EQ(booked->size(), 1u);
    EXPECT_EQ(w.journal_count(id, "call_booked"), 1);
    EXPECT_EQ(w.journal_count(id, "call_slot_taken"), kRacers - 1);
}
