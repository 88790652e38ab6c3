// The web chat's history in the store: numbered per conversation, idempotent by line id, paged, and
// pruned without ever reusing a seq a page may still show.
#include <gtest/gtest.h>

#include "core/store/conversation_line_store.hpp"
#include "core/store/sqlite_store.hpp"
#include "store_test_support.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;

/// A fresh store file, reopened on demand (what a restart of the service does).
class ConversationLines : public ::testing::Test {
protected:
    void reopen() {
        store_.reset();
        store_ = std::move(*SqliteStore::open(dir_.file("lines.db")));
    }
    static constexpr auto kT0 = std::chrono::sys_days{std::chrono::year{2026} / 12 / 6} + 9h;
    testing::TempDir dir_;
    std::unique_ptr<Store> store_ = std::move(*SqliteStore::open(dir_.file("lines.db")));
};

TEST_F(ConversationLines, NumberedPerConversationAndIdempotentById) {
    ConversationLineStore& lines = store_->lines();
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

TEST_F(ConversationLines, AfterPagesInOrderAndSurvivesReopening) {
    ASSERT_TRUE(store_->in_transaction([&]() -> Status {
        ConversationLineStore& lines = store_->lines();
        for (int i = 1; i <= 250; ++i)
            if (auto a = lines.append("alice", "k" + std::to_string(i), std::to_string(i), kT0); !a) return a.error();
        return {};
    }));
    reopen();
    ConversationLineStore& lines = store_->lines();
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

TEST_F(ConversationLines, PruningKeepsEachConversationsNewestLineSoSeqsAreNeverReused) {
    ConversationLineStore& lines = store_->lines();
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

}  // namespace
}  // namespace frontline
