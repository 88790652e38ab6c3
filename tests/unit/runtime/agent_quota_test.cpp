// Commands per agent per minute (issue 13): past the limit an agent's events never reach the desk
// (nothing changes, nothing is journalled), the agent is told once per minute in the agents'
// language, every refusal is counted, and requesters, other agents and the outbox's own reports
// are not affected.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "bot/runtime/agent_quota.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

class CountingDesk final : public EventHandler {
public:
    Result<Effects> handle(const InboundEvent&, Repositories&, TimePoint) override {
        ++calls;
        return Effects{};
    }
    Result<Effects> on_timer(const TimerRequest&, Repositories&, TimePoint) override { return Effects{}; }
    int calls = 0;
};

const Identity kAlice{"slack", "U0ALICE"};
const Identity kBruno{"webchat", "bruno"};
const Identity kMaria{"webchat", "w0123456789abcdef0123"};

class AgentQuotaTest : public ::testing::Test {
protected:
    Result<Effects> send(const Identity& who, TimePoint at, InboundKind kind = InboundKind::command) {
        InboundEvent e;
        e.event_id = who.user_id + ":" + std::to_string(++n_);
        e.kind = kind;
        e.from = who;
        e.where = Address{"slack", "C0SERVICEDESK", "thread-1"};
        e.text = "status INC-000001";
        Repositories repos = store_->repositories();
        return quota_.handle(e, repos, at);
    }
    AgentQuotaOptions options(int per_minute) {
        return AgentQuotaOptions{.per_minute = per_minute,
                                 .is_agent = [](const Identity& id) { return id == kAlice || id == kBruno; },
                                 .text = [](const std::string&) { return std::string("Piano, per favore"); },
                                 .refused = [this](const std::string& reason) { ++refused_[reason]; },
                                 .log = [this](const std::string& line) { logged_.push_back(line); }};
    }

    testkit::TempDir dir_;
    std::unique_ptr<Store> store_ = std::move(*SqliteStore::open(dir_.file("a.db")));
    CountingDesk desk_;
    std::map<std::string, int> refused_;
    std::vector<std::string> logged_;
    AgentQuota quota_{desk_, options(3)};
    int n_ = 0;
    const TimePoint t0_{Seconds{1'800'000'000}};
};

TEST_F(AgentQuotaTest, PastTheLimitTheDeskNeverSeesTheCommandAndTheAgentIsToldOnce) {
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(send(kAlice, t0_ + Seconds{i}));
    EXPECT_EQ(desk_.calls, 3);
    auto told = send(kAlice, t0_ + Seconds{4});
    ASSERT_TRUE(told);
    ASSERT_EQ(told->messages.size(), 1u);
    EXPECT_EQ(told->messages[0].text, "Piano, per favore");
    EXPECT_EQ(told->messages[0].to, (Address{"slack", "C0SERVICEDESK", "thread-1"})) << "where the agent wrote";
    auto quiet = send(kAlice, t0_ + Seconds{5}, InboundKind::choice);
    ASSERT_TRUE(quiet);
    EXPECT_TRUE(quiet->messages.empty()) << "a flood is not answered line by line";
    EXPECT_EQ(desk_.calls, 3);
    EXPECT_EQ(refused_["agent_commands"], 2);
    ASSERT_EQ(logged_.size(), 1u);
    EXPECT_NE(logged_[0].find("slack:U0ALICE"), std::string::npos);
}

TEST_F(AgentQuotaTest, AMinuteLaterTheAgentIsServedAgain) {
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(send(kAlice, t0_ + Seconds{i}));
    EXPECT_EQ(desk_.calls, 3);
    ASSERT_TRUE(send(kAlice, t0_ + Seconds{61}));  // the first two left the window
    EXPECT_EQ(desk_.calls, 4);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(send(kAlice, t0_ + Seconds{125}));  // nothing recent left
    EXPECT_EQ(desk_.calls, 7);
    auto again = send(kAlice, t0_ + Seconds{125});
    ASSERT_TRUE(again);
    EXPECT_EQ(desk_.calls, 7);
    EXPECT_EQ(again->messages.size(), 1u) << "told again: the last notice was over a minute ago";
}

TEST_F(AgentQuotaTest, RequestersOtherAgentsAndTheOutboxsReportsAreNotCounted) {
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(send(kAlice, t0_));
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(send(kMaria, t0_, InboundKind::text));
    EXPECT_EQ(desk_.calls, 13) << "a requester is not an agent: the ticket quota bounds them";
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(send(kBruno, t0_));
    EXPECT_EQ(desk_.calls, 16) << "each agent has their own budget";
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(send(kAlice, t0_, InboundKind::undeliverable));
    EXPECT_EQ(desk_.calls, 21);
    EXPECT_TRUE(refused_.empty());
}

TEST_F(AgentQuotaTest, ZeroMeansNoLimit) {
    AgentQuota unbounded(desk_, options(0));
    Repositories repos = store_->repositories();
    for (int i = 0; i < 100; ++i) {
        InboundEvent e;
        e.event_id = "e" + std::to_string(i);
        e.kind = InboundKind::command;
        e.from = kAlice;
        ASSERT_TRUE(unbounded.handle(e, repos, t0_));
    }
    EXPECT_EQ(desk_.calls, 100);
}

}  // namespace
}  // namespace frontline
