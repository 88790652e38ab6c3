// New tickets per requester per hour (issue 13): past the quota a requester with nothing open gets
// a polite answer in their language instead of another ticket; with a ticket open, or an hour
// later, or as someone else, lines go through.
#include <gtest/gtest.h>

#include "bot/runtime/ticket_quota.hpp"
#include "core/store/store.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

/// Logs a closed ticket for every typed line (the worst a requester can make the engine do).
class TicketPerLine final : public EventHandler {
public:
    Result<Effects> handle(const InboundEvent& e, Repositories& repos, TimePoint now) override {
        ++calls;
        auto id = repos.tickets.allocate_id(TicketType::incident);
        if (!id) return id.error();
        Ticket t;
        t.id = *id;
        t.title = e.text;
        t.requester = {"Someone", e.from, ""};
        t.address = e.where;
        t.status = keep_open ? TicketStatus::escalated : TicketStatus::closed;
        t.reported_at = now;
        if (auto s = repos.tickets.save_ticket(t); !s) return s.error();
        return Effects{};
    }
    Result<Effects> on_timer(const TimerRequest&, Repositories&, TimePoint) override { return Effects{}; }
    int calls = 0;
    bool keep_open = false;
};

class TicketQuotaTest : public ::testing::Test {
protected:
    Result<Effects> say(const Identity& who, const std::string& text, TimePoint at, const std::string& locale = "en") {
        InboundEvent e;
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
    std::unique_ptr<Store> store_ = std::move(*Store::open(dir_.file("q.db")));
    TicketPerLine inner_;
    int refused_ = 0;
    TicketQuota quota_{inner_, TicketQuotaOptions{3,
                                                  [](const std::string& locale) {
                                                      return locale == "it" ? std::string("Aspetta un po'") : std::string("Please wait");
                                                  },
                                                  [this] { ++refused_; }}};
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

}  // namespace
}  // namespace frontline
