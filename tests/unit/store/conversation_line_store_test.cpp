// The web chat's history in the store: numbered per conversation, idempotent by line id, paged, and
// pruned without ever reusing a seq a page may still show.
#include <gtest/gtest.h>

#include "backend_under_test.hpp"
#include "core/store/conversation_line_store.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;

/// A fresh store of each backend, reopened on demand (what a restart of the service does).
class ConversationLines : public testing::BackendTest {
protected:
    Store& store() { return backend().store(); }
    static constexpr auto kT0 = std::chrono::sys_days{std::chrono::year{2026} / 12 / 6} + 9h;
};

TEST_P(ConversationLines, NumberedPerConversationAndIdempotentById) {
    ConversationLineStore& lines = store().lines();
    auto a1 = lines.append("alice", "k1", "{\"text\":\"one\"}", kT0);
    ASSERT_TRUE(a1) << a1.error().message;
    EXPECT_TRUE(a1->added);
    EXPECT_EQ(a1->line.seq, 1);
    EXPECT_EQ(lines.append("bruno", "k1", "{}", kT0)->line.seq, 1);  // another conversation, its own numbering
    EXPECT_EQ(lines.append("alice", "k2", "{\"text\":\"two\"}", kT0)->line.seq, 2);
    // A redelivery of k1 (maybe with a newer timestamp in its entry): the stored line, unchanged.
    auto again = lines.append("alice", "k1", "{\"text\":\"changed\"}", kT0 + 1s);
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->added);
    EXPECT_EQ(again->line.seq, 1);
    EXPECT_EQ(again->line.entry, "{\"text\":\"one\"}");
    EXPECT_EQ(*lines.last_seq("alice"), 2);
    EXPECT_EQ(*lines.last_seq("nobody"), 0);
}

TEST_P(ConversationLines, AfterPagesInOrderAndSurvivesReopening) {
    ASSERT_TRUE(store().in_transaction([&]() -> Status {
        ConversationLineStore& lines = store().lines();
        for (int i = 1; i <= 250; ++i)
            if (auto a = lines.append("alice", "k" + std::to_string(i), std::to_string(i), kT0); !a) return a.error();
        return {};
    }));
    backend().reopen();
    ConversationLineStore& lines = store().lines();
    std::int64_t cursor = 40;
    std::vector<std::int64_t> seen;
    for (;;) {
        auto page = lines.after("alice", cursor, 100);
        ASSERT_TRUE(page) << page.error().message;
        for (const auto& l : *page) {
            seen.push_back(l.seq);
            EXPECT_EQ(l.entry, std::to_string(l.seq));
            EXPECT_EQ(l.line_id, "k" + std::to_string(l.seq));
        }
        if (page->size() < 100) break;
        cursor = page->back().seq;
    }
    ASSERT_EQ(seen.size(), 210u);
    EXPECT_EQ(seen.front(), 41);
    EXPECT_EQ(seen.back(), 250);
    EXPECT_TRUE(lines.after("alice", 250, 100)->empty());
}

TEST_P(ConversationLines, PruningKeepsEachConversationsNewestLineSoSeqsAreNeverReused) {
    ConversationLineStore& lines = store().lines();
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE(lines.append("alice", "a" + std::to_string(i), "{}", kT0));
    ASSERT_TRUE(lines.append("bruno", "b1", "{}", kT0));
    ASSERT_TRUE(lines.append("bruno", "b2", "{}", kT0 + 48h));
    // Chunked: two at a time until fewer than asked for are left.
    std::size_t total = 0;
    for (;;) {
        auto n = lines.prune(kT0 + 24h, 2);
        ASSERT_TRUE(n) << n.error().message;
        total += *n;
        if (*n < 2) break;
    }
    EXPECT_EQ(total, 5u);  // alice 1-4 and bruno's b1; alice's newest stays, old as it is
    EXPECT_EQ(lines.after("alice", 0, 100)->size(), 1u);
    EXPECT_EQ(*lines.last_seq("alice"), 5);
    EXPECT_EQ(lines.append("alice", "a6", "{}", kT0 + 48h)->line.seq, 6);
    EXPECT_EQ(lines.after("bruno", 0, 100)->front().line_id, "b2");
}

TEST_P(ConversationLines, AfterEachAnswersManyConversationsInOneCallInTheOrderAsked) {
    ConversationLineStore& lines = store().lines();
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE(lines.append("alice", "a" + std::to_string(i), "{}", kT0));
    for (int i = 1; i <= 2; ++i) ASSERT_TRUE(lines.append("bruno", "b" + std::to_string(i), "{}", kT0));
    ASSERT_TRUE(lines.append("carla", "c1", "{}", kT0));
    auto got = lines.after_each({{"bruno", 0}, {"nobody", 0}, {"alice", 1}, {"carla", 1}}, 2);
    ASSERT_TRUE(got) << got.error().message;
    std::vector<std::string> seen;
    for (const auto& [conversation, line] : *got) seen.push_back(conversation + ":" + line.line_id);
    EXPECT_EQ(seen, (std::vector<std::string>{"bruno:b1", "bruno:b2", "alice:a2", "alice:a3"}))
        << "each conversation's lines after its seq, oldest first, at most the limit per conversation";
    EXPECT_TRUE(lines.after_each({}, 10)->empty());
}

FRONTLINE_ON_BOTH_BACKENDS(ConversationLines);

}  // namespace
}  // namespace frontline
