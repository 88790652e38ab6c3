// New tickets per requester and per source address per hour (issue 13): past the quota a requester
// with nothing open gets a polite answer in their language instead of another ticket; with a ticket
// open, or an hour later, or as someone else (from another address), lines go through.
#include <gtest/gtest.h>

#include <map>

#include "bot/runtime/ticket_quota.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

/// Logs a closed ticket for every typed line (the worst a requester can make the engine do), or
/// an open one (`keep_open`), to which the requester's next lines then belong; with `opens` false
/// it logs nothing (a line answered without a ticket).
class TicketPerLine final : public EventHandler {
public:
    Result<Effects> handle(const InboundEvent& e, Repositories& repos, TimePoint now) override {
        ++calls;
        if (!opens) return Effects{};
        TicketFilter mine;
        mine.requester = e.from;
        auto existing = repos.tickets.list_tickets(mine);
        if (!existing) return existing.error();
        for (const auto& t : *existing)
            if (is_open(t.status)) return Effects{};
        auto id = repos.tickets.allocate_id(TicketType::incident);
        if (!id) return id.error();
        Ticket t;
        t.id = *id;
        t.title = e.text;
        t.requester = {"Someone", e.from, "", ""};
        t.address = e.where;
        t.status = keep_open ? TicketStatus::escalated : TicketStatus::closed;
        t.reported_at = now;
        if (auto s = repos.tickets.save_ticket(t); !s) return s.error();
        return Effects{};
    }
    Result<Effects> on_timer(const TimerRequest&, Repositories&, TimePoint) override { return Effects{}; }
    int calls = 0;
    bool keep_open = false;
    bool opens = true;
};

class TicketQuotaTest : public ::testing::Test {
protected:
    Result<Effects> say(const Identity& who, const std::string& text, TimePoint at, const std::string& locale = "en",
                        const std::string& address = "") {
        InboundEvent e;
        e.source_address = address;
        e.event_id = who.user_id + ":" + std::to_string(++n_);
        e.kind = InboundKind::text;
        e.from = who;
        e.where = Address{who.platform, who.user_id, ""};
        e.text = text;
        e.locale_hint = locale;
        Repositories repos = store_->repositories();
        return quota_.handle(e, repos, at);
    }

    testkit::TempDir dir_;
    std::unique_ptr<Store> store_ = std::move(*SqliteStore::open(dir_.file("q.db")));
    TicketPerLine inner_;
    int refused_ = 0;
    std::map<std::string, int> refused_by_reason_;
    TicketQuota quota_{inner_, TicketQuotaOptions{
                                   .per_hour = 3,
                                   .per_address_per_hour = 5,
                                   .text = [](const std::string& locale) {
                                       return locale == "it" ? std::string("Aspetta un po'") : std::string("Please wait");
                                   },
                                   .address_text = [](const std::string& locale) {
                                       return locale == "it" ? std::string("Troppe dalla tua rete") : std::string("Too many from your network");
                                   },
                                   .refused = [this](const std::string& reason) {
                                       ++refused_;
                                       ++refused_by_reason_[reason];
                                   }}};
    int n_ = 0;
    const TimePoint t0_{Seconds{1'800'000'000}};
};

TEST_F(TicketQuotaTest, PastTheQuotaARequesterWithNothingOpenIsAnsweredPolitely) {
    const Identity anna{"webchat", "wanna"};
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(say(anna, "problem " + std::to_string(i), t0_ + Seconds{i * 60}));
    auto refused = say(anna, "problema numero quattro", t0_ + Seconds{600}, "it");
    ASSERT_TRUE(refused);
    ASSERT_EQ(refused->messages.size(), 1u);
    EXPECT_EQ(refused->messages[0].text, "Aspetta un po'");
    EXPECT_EQ(refused->messages[0].to.conversation_id, "wanna");
    EXPECT_EQ(inner_.calls, 3);
    EXPECT_EQ(refused_, 1);

    // Someone else is not affected; an hour after the first ones, Anna may report again.
    ASSERT_TRUE(say(Identity{"webchat", "wbruno"}, "printer", t0_ + Seconds{600}));
    EXPECT_EQ(inner_.calls, 4);
    ASSERT_TRUE(say(anna, "new problem", t0_ + Seconds{3600 + 61}));
    EXPECT_EQ(inner_.calls, 5);
}

TEST_F(TicketQuotaTest, WithATicketOpenLinesAlwaysGoThrough) {
    const Identity anna{"webchat", "wanna"};
    inner_.keep_open = true;
    for (int i = 0; i < 6; ++i) ASSERT_TRUE(say(anna, "more details " + std::to_string(i), t0_ + Seconds{i}));
    EXPECT_EQ(inner_.calls, 6);
    EXPECT_EQ(refused_, 0);
}

TEST_F(TicketQuotaTest, ManySessionsFromOneAddressShareAnHourlyCapWithAPoliteAnswer) {
    // A script opening a new web chat conversation for every ticket: five tickets from one address,
    // each by a different requester (under the per-requester quota), then the sixth is refused.
    const std::string office = "203.0.113.7";
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(say(Identity{"webchat", "w" + std::to_string(i)}, "problem", t0_ + Seconds{i}, "en", office));
    EXPECT_EQ(inner_.calls, 5);
    auto refused = say(Identity{"webchat", "w5"}, "un altro problema", t0_ + Seconds{10}, "it", office);
    ASSERT_TRUE(refused);
    ASSERT_EQ(refused->messages.size(), 1u);
    EXPECT_EQ(refused->messages[0].text, "Troppe dalla tua rete");
    EXPECT_EQ(refused->messages[0].to.conversation_id, "w5");
    auto english = say(Identity{"webchat", "w6"}, "printer", t0_ + Seconds{11}, "en", office);
    ASSERT_TRUE(english);
    ASSERT_EQ(english->messages.size(), 1u);
    EXPECT_EQ(english->messages[0].text, "Too many from your network");
    EXPECT_EQ(inner_.calls, 5) << "refused lines never reach the engine";
    EXPECT_EQ(refused_by_reason_["tickets_per_ip"], 2);
    EXPECT_EQ(refused_by_reason_["tickets"], 0);

    // Another address, and an event without one (Slack, Telegram, Matrix relay their users), go through.
    ASSERT_TRUE(say(Identity{"webchat", "w7"}, "vpn", t0_ + Seconds{12}, "en", "198.51.100.1"));
    ASSERT_TRUE(say(Identity{"slack", "U7"}, "vpn", t0_ + Seconds{12}));
    EXPECT_EQ(inner_.calls, 7);
    // An hour after the first ticket from the office, one slot is free again (and then none).
    ASSERT_TRUE(say(Identity{"webchat", "w8"}, "mouse", t0_ + Seconds{3600}, "en", office));
    EXPECT_EQ(inner_.calls, 8);
    ASSERT_TRUE(say(Identity{"webchat", "w9"}, "keyboard", t0_ + Seconds{3600}, "en", office));
    EXPECT_EQ(inner_.calls, 8);
}

TEST_F(TicketQuotaTest, OnlyLinesThatOpenATicketCountAgainstTheAddress) {
    // Lines that open nothing (questions answered without a ticket, lines to an open ticket) do not
    // use the address's allowance, and lines to an open ticket are never refused once it is used up.
    const std::string office = "203.0.113.7";
    inner_.opens = false;
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(say(Identity{"webchat", "q" + std::to_string(i)}, "how do I?", t0_, "en", office));
    EXPECT_EQ(inner_.calls, 10);
    inner_.calls = 0;
    inner_.opens = true;
    inner_.keep_open = true;
    const Identity anna{"webchat", "wanna"};
    ASSERT_TRUE(say(anna, "first", t0_, "en", office));  // opens Anna's ticket: 1 of 5
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(say(anna, "more details", t0_ + Seconds{1 + i}, "en", office));
    EXPECT_EQ(inner_.calls, 11);
    for (int i = 0; i < 4; ++i)
        ASSERT_TRUE(say(Identity{"webchat", "w" + std::to_string(i)}, "problem", t0_ + Seconds{20 + i}, "en", office));
    EXPECT_EQ(inner_.calls, 15);
    ASSERT_TRUE(say(Identity{"webchat", "late"}, "problem", t0_ + Seconds{30}, "en", office));
    EXPECT_EQ(inner_.calls, 15);
    EXPECT_EQ(refused_by_reason_["tickets_per_ip"], 1);
    ASSERT_TRUE(say(anna, "still typing into my open ticket", t0_ + Seconds{40}, "en", office));
    EXPECT_EQ(inner_.calls, 16);
}

}  // namespace
}  // namespace frontline
