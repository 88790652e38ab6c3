// The outbox dispatcher against a fake adapter, on a real SQLite file: priority order, one message
// at a time per conversation, retries with Retry-After, giving up, permanent refusals, updates in
// place, and bulk traffic that cannot hold up direct answers. Time is a manual clock: no sleeping.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "bot/runtime/metrics.hpp"
#include "bot/runtime/outbox_dispatcher.hpp"
#include "bot/runtime/store_worker.hpp"
#include "core/store/outbox_store.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/support/run_coroutine.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/runtime/fake_adapter.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using testing::FakeAdapter;

const TimePoint kStart{Seconds{1'800'000'000}};

OutboundMessage message(std::string key, std::string conversation, OutboxPriority p = OutboxPriority::direct) {
    OutboundMessage m;
    m.to = Address{"webchat", std::move(conversation), {}};
    m.text = key;
    m.idempotency_key = std::move(key);
    m.priority = p;
    return m;
}

/// The engine loop as the dispatcher sees it: records the undeliverable events, or refuses them.
class RecordingSink final : public InboundSink {
public:
    std::vector<InboundEvent> events;
    bool refuse = false;
    asio::awaitable<Status> commit(std::vector<InboundEvent> batch) override {
        if (refuse) co_return make_error(Errc::storage, "disk full");
        for (auto& e : batch) events.push_back(std::move(e));
        co_return Status{};
    }
};

class OutboxDispatcherTest : public ::testing::Test {
protected:
    /// Queues rows with a store that is then closed, as a previous run of the service would have.
    void queue(const std::vector<OutboundMessage>& messages) {
        auto s = SqliteStore::open(db_);
        ASSERT_TRUE(s);
        for (const auto& m : messages) ASSERT_TRUE(*(*s)->outbox().enqueue(m, clock_.now()));
    }
    /// `look`: run the dispatcher's looks at the outbox (without, only offered rows can go out).
    void start(OutboxDispatcherOptions options = {}, bool look = true) {
        auto s = SqliteStore::open(db_);
        ASSERT_TRUE(s);
        worker_ = std::make_unique<StoreWorker>(std::move(*s));
        options.jitter_seed = 7;
        options.steady_now = [this] { return real_start_ + (clock_.now() - kStart); };
        dispatcher_ = std::make_unique<OutboxDispatcher>(io_.get_executor(), *worker_,
                                                         std::map<std::string, Adapter*>{{"webchat", &adapter_}},
                                                         clock_, metrics_, options);
        dispatcher_->report_failures_to(&sink_);
        if (look) asio::co_spawn(io_, dispatcher_->run(), [this](std::exception_ptr) { finished_ = true; });
        else finished_ = true;
    }
    /// Queues rows through the running store as a batch does, and returns what it would offer.
    std::vector<OutboxRow> commit_batch(const std::vector<OutboundMessage>& messages) {
        auto job = [&](Store& s) -> Result<std::vector<OutboxRow>> {
            std::vector<OutboxRow> queued;
            for (const auto& m : messages) {
                auto row = s.outbox().enqueue_row(m, clock_.now());
                if (!row) return row.error();
                if (*row) queued.push_back(**row);
            }
            return s.outbox().ready_among(queued);
        };
        auto ready = testkit::run_coroutine(io_, worker_->run(job));
        EXPECT_TRUE(ready) << ready.error().message;
        return ready ? *ready : std::vector<OutboxRow>{};
    }
    /// Wakes the dispatcher and runs until it has nothing it could deliver now.
    void settle() {
        dispatcher_->wake();
        testkit::run_coroutine(io_, dispatcher_->until_idle());
    }
    template <class Pred>
    void run_until(Pred done) {
        io_.restart();
        while (!done() && io_.run_one() > 0) {
        }
    }
    void TearDown() override {
        if (dispatcher_) {
            adapter_.release();
            dispatcher_->stop();
            run_until([this] { return finished_; });
        }
        if (worker_) worker_->stop();
    }
    /// The platform answers 503 to the first attempt of the message `text`, and takes the rest.
    void fail_first_attempt_of(std::string text) {
        adapter_.script = [this, text = std::move(text)](const OutboxItem& item) {
            if (item.message.text == text && failed_attempts_++ == 0)
                return DeliveryOutcome{DeliveryOutcome::Kind::retry, {}, std::chrono::seconds(0), "503"};
            return DeliveryOutcome{DeliveryOutcome::Kind::delivered, "p", std::chrono::seconds(0), {}};
        };
    }
    std::string column(const std::string& sql) {
        SQLite::Database db(db_.string(), SQLite::OPEN_READONLY);
        SQLite::Statement q(db, sql);
        if (!q.executeStep() || q.getColumn(0).isNull()) return "";
        return q.getColumn(0).getString();
    }

    testkit::TempDir dir_;
    std::filesystem::path db_ = dir_.file("frontline.db");
    asio::io_context io_;
    ManualClock clock_{kStart};
    std::chrono::steady_clock::time_point real_start_ = std::chrono::steady_clock::now();
    Metrics metrics_;
    FakeAdapter adapter_{io_};
    RecordingSink sink_;
    std::unique_ptr<StoreWorker> worker_;
    std::unique_ptr<OutboxDispatcher> dispatcher_;
    bool finished_ = false;
    int failed_attempts_ = 0;
};

TEST_F(OutboxDispatcherTest, UrgentGoesBeforeDirectBeforeBulkThenByAge) {
    queue({message("bulk-1", "c1", OutboxPriority::bulk), message("direct-1", "c2"),
           message("urgent-1", "c3", OutboxPriority::urgent), message("direct-2", "c4")});
    OutboxDispatcherOptions o;
    o.max_in_flight = 1;
    start(o);
    settle();
    EXPECT_EQ(adapter_.delivered_texts(), (std::vector<std::string>{"urgent-1", "direct-1", "direct-2", "bulk-1"}));
    EXPECT_EQ(column("SELECT COUNT(*) FROM outbox WHERE status = 'delivered'"), "4");
    EXPECT_EQ(metrics_.messages_out.load(), 4u);
}

TEST_F(OutboxDispatcherTest, PendingRowsFromAnEarlierRunAreDeliveredAtStart) {
    queue({message("left-over", "c1")});
    start();
    settle();
    ASSERT_EQ(adapter_.calls.size(), 1u);
    EXPECT_EQ(adapter_.calls[0].message.idempotency_key, "left-over");
    EXPECT_EQ(adapter_.calls[0].attempt, 0);
    EXPECT_EQ(column("SELECT platform_message_id FROM outbox"), "p1");
}

TEST_F(OutboxDispatcherTest, AConversationsMessagesNeverOvertakeEachOther) {
    queue({message("first", "c1"), message("second", "c1")});
    fail_first_attempt_of("first");
    start();
    settle();
    EXPECT_EQ(adapter_.delivered_texts(), std::vector<std::string>{"first"});  // "second" waits
    clock_.advance(Seconds{5});
    settle();
    EXPECT_EQ(adapter_.delivered_texts(), (std::vector<std::string>{"first", "first", "second"}));
    EXPECT_EQ(adapter_.calls[1].attempt, 1);
    EXPECT_EQ(metrics_.delivery_retries.load(), 1u);
}

TEST_F(OutboxDispatcherTest, OfferedRowsGoOutInOrderWithoutALookAtTheOutbox) {
    start({}, /*look=*/false);
    dispatcher_->offer(commit_batch({message("answer", "c1"), message("next question", "c1"), message("other", "c2")}));
    run_until([&] { return metrics_.messages_out.load() == 3u; });
    EXPECT_EQ(adapter_.delivered_texts(), (std::vector<std::string>{"answer", "next question", "other"}));
    EXPECT_EQ(column("SELECT COUNT(*) FROM outbox WHERE status = 'delivered'"), "3");
}

TEST_F(OutboxDispatcherTest, AnOfferedRowALookAlreadyStartedIsNotSentTwice) {
    adapter_.hang_bulk = true;  // the look's delivery stays in flight while the offer arrives
    start();
    auto ready = commit_batch({message("bulk news", "c1", OutboxPriority::bulk)});
    ASSERT_EQ(ready.size(), 1u);
    dispatcher_->wake();
    run_until([&] { return adapter_.calls.size() == 1u; });
    ASSERT_EQ(adapter_.calls.size(), 1u) << "the look took it";
    dispatcher_->offer(ready);
    io_.restart();
    io_.poll();
    EXPECT_EQ(adapter_.calls.size(), 1u) << "the offer left the row to the delivery in flight";
}

TEST_F(OutboxDispatcherTest, AnOfferedRunStopsAtARetryAndTheRestWaitsBehindIt) {
    fail_first_attempt_of("first");
    start();
    dispatcher_->offer(commit_batch({message("first", "c1"), message("second", "c1")}));
    settle();
    EXPECT_EQ(adapter_.delivered_texts(), std::vector<std::string>{"first"}) << "'second' must not overtake";
    clock_.advance(Seconds{5});
    settle();
    EXPECT_EQ(adapter_.delivered_texts(), (std::vector<std::string>{"first", "first", "second"}));
}

TEST_F(OutboxDispatcherTest, RetryAfterIsHonoured) {
    queue({message("m", "c1")});
    adapter_.script = [&](const OutboxItem& item) {
        if (item.attempt == 0) return DeliveryOutcome{DeliveryOutcome::Kind::retry, {}, std::chrono::seconds(30), "429"};
        return DeliveryOutcome{DeliveryOutcome::Kind::delivered, "p", std::chrono::seconds(0), {}};
    };
    start();
    settle();
    ASSERT_EQ(adapter_.calls.size(), 1u);
    EXPECT_EQ(column("SELECT next_attempt_at - created_at FROM outbox"), "30");
    EXPECT_EQ(column("SELECT last_error FROM outbox"), "429");
    clock_.advance(Seconds{29});
    settle();
    EXPECT_EQ(adapter_.calls.size(), 1u);  // not a second early
    clock_.advance(Seconds{1});
    settle();
    ASSERT_EQ(adapter_.calls.size(), 2u);
    EXPECT_EQ(column("SELECT status FROM outbox"), "delivered");
}

TEST_F(OutboxDispatcherTest, GivesUpAfterTheAttemptCap) {
    queue({message("m", "c1")});
    adapter_.script = [](const OutboxItem&) {
        return DeliveryOutcome{DeliveryOutcome::Kind::retry, {}, std::chrono::seconds(0), "timeout"};
    };
    OutboxDispatcherOptions o;
    o.max_attempts = 3;
    o.retry_cap = std::chrono::seconds(4);
    start(o);
    for (int i = 0; i < 5; ++i) {
        settle();
        clock_.advance(Seconds{10});
    }
    EXPECT_EQ(adapter_.calls.size(), 3u);
    EXPECT_EQ(column("SELECT status FROM outbox"), "failed");
    EXPECT_EQ(metrics_.delivery_failures.load(), 1u);
}

TEST_F(OutboxDispatcherTest, APermanentRefusalIsNotRetried) {
    queue({message("m", "c1"), message("next", "c1")});
    adapter_.script = [](const OutboxItem& item) {
        if (item.message.text == "m")
            return DeliveryOutcome{DeliveryOutcome::Kind::rejected, {}, std::chrono::seconds(0), "channel_not_found"};
        return DeliveryOutcome{DeliveryOutcome::Kind::delivered, "p", std::chrono::seconds(0), {}};
    };
    start();
    settle();
    EXPECT_EQ(adapter_.delivered_texts(), (std::vector<std::string>{"m", "next"}));
    EXPECT_EQ(column("SELECT status FROM outbox WHERE idempotency_key = 'm'"), "failed");
    EXPECT_EQ(column("SELECT last_error FROM outbox WHERE idempotency_key = 'm'"), "channel_not_found");
}

TEST_F(OutboxDispatcherTest, APermanentRefusalIsReportedToTheHandlerAsUndeliverable) {
    auto card = message("card", "C0GONE");
    card.message_key = "INC-000001/card/webchat:C0GONE";
    queue({card});
    adapter_.script = [](const OutboxItem&) {
        return DeliveryOutcome{DeliveryOutcome::Kind::rejected, {}, std::chrono::seconds(0), "channel_not_found"};
    };
    start();
    settle();
    ASSERT_EQ(sink_.events.size(), 1u);
    const InboundEvent& e = sink_.events[0];
    EXPECT_EQ(e.kind, InboundKind::undeliverable);
    EXPECT_EQ(e.where, (Address{"webchat", "C0GONE", ""}));
    EXPECT_EQ(e.payload, "INC-000001/card/webchat:C0GONE");
    EXPECT_EQ(e.text, "channel_not_found");
    EXPECT_EQ(e.event_id, "undeliverable:card") << "one event per row, whatever the retries";
    EXPECT_FALSE(e.recipient_unreachable);
    EXPECT_EQ(column("SELECT status FROM outbox"), "failed");
}

TEST_F(OutboxDispatcherTest, ARecipientWhoBlockedTheBotIsReportedAsUnreachable) {
    auto note = message("claimed", "777001");
    note.message_key = "INC-000001/requester/k1";
    queue({note});
    adapter_.script = [](const OutboxItem&) {
        DeliveryOutcome o{DeliveryOutcome::Kind::rejected, {}, std::chrono::seconds(0), "Forbidden: bot was blocked by the user"};
        o.recipient_unreachable = true;
        return o;
    };
    start();
    settle();
    ASSERT_EQ(sink_.events.size(), 1u);
    EXPECT_EQ(sink_.events[0].kind, InboundKind::undeliverable);
    EXPECT_TRUE(sink_.events[0].recipient_unreachable);
    EXPECT_EQ(sink_.events[0].payload, "INC-000001/requester/k1");
    EXPECT_EQ(column("SELECT status FROM outbox"), "failed") << "never retried";
}

TEST_F(OutboxDispatcherTest, MessagesForAPlatformWithoutAnAdapterFailVisiblyInsteadOfWaiting) {
    auto lost = message("to-telegram", "-100123");
    lost.to.platform = "telegram";
    queue({lost, message("to-webchat", "c1")});
    start();
    settle();
    EXPECT_EQ(adapter_.delivered_texts(), (std::vector<std::string>{"to-webchat"}));
    EXPECT_EQ(column("SELECT status FROM outbox WHERE idempotency_key = 'to-telegram'"), "failed");
    EXPECT_EQ(column("SELECT last_error FROM outbox WHERE idempotency_key = 'to-telegram'"),
              "no adapter for platform 'telegram'");
    EXPECT_EQ(metrics_.no_adapter_failures.load(), 1u);
    ASSERT_EQ(sink_.events.size(), 1u);
    EXPECT_EQ(sink_.events[0].where.platform, "telegram");
    const std::string page = metrics_.render(StoreGauges{}, {});
    EXPECT_NE(page.find("frontline_delivery_no_adapter_total 1"), std::string::npos) << page;
}

TEST_F(OutboxDispatcherTest, AFailureTheHandlerCouldNotHearOfIsKeptAndReportedLater) {
    auto lost = message("to-telegram", "-100123");
    lost.to.platform = "telegram";
    queue({lost});
    sink_.refuse = true;
    start();
    settle();
    EXPECT_EQ(column("SELECT status FROM outbox"), "pending") << "not failed before the handler knows";
    EXPECT_TRUE(sink_.events.empty());
    sink_.refuse = false;
    clock_.advance(Seconds{5});
    settle();
    EXPECT_EQ(column("SELECT status FROM outbox"), "failed");
    ASSERT_EQ(sink_.events.size(), 1u);
}

TEST_F(OutboxDispatcherTest, AnUpdateCarriesThePlatformIdOfTheMessageItReplaces) {
    auto card = message("card-v1", "agents");
    card.message_key = "card:INC-000001";
    queue({card});
    start();
    settle();
    auto update = message("card-v2", "agents");
    update.replaces = "card:INC-000001";
    ASSERT_TRUE(testkit::run_coroutine(io_, worker_->run([&](Store& s) { return s.outbox().enqueue(update, clock_.now()); })));
    settle();
    ASSERT_EQ(adapter_.calls.size(), 2u);
    EXPECT_EQ(adapter_.calls[1].replaces_platform_id, "p1");
}

TEST_F(OutboxDispatcherTest, SlowBulkTrafficCannotHoldUpADirectAnswer) {
    std::vector<OutboundMessage> broadcast;
    for (int i = 0; i < 20; ++i) broadcast.push_back(message("bulk-" + std::to_string(i), "b" + std::to_string(i), OutboxPriority::bulk));
    queue(broadcast);
    adapter_.hang_bulk = true;
    OutboxDispatcherOptions o;
    o.max_in_flight = 4;
    o.max_bulk_in_flight = 2;
    start(o);
    run_until([&] { return adapter_.calls.size() >= 2; });
    queue({message("answer", "user-1")});
    dispatcher_->wake();
    run_until([&] { return adapter_.calls.size() >= 3 && dispatcher_->in_flight() <= 2; });
    ASSERT_EQ(adapter_.calls.size(), 3u);
    EXPECT_EQ(adapter_.calls[2].message.text, "answer");
    EXPECT_EQ(dispatcher_->in_flight(), 2u);  // the two hanging bulk deliveries, no more
}

/// Delivers after a real delay that grows with each call (10 ms, 20 ms, ...): deliveries that end
/// one by one, each asking for a look at the outbox.
class StaggeredAdapter final : public Adapter {
public:
    explicit StaggeredAdapter(asio::io_context& io) : io_(io) {}
    int calls = 0;
    std::string platform() const override { return "webchat"; }
    PlatformCapabilities capabilities() const override { return {}; }
    asio::awaitable<void> run(InboundSink&) override { co_return; }
    bool connected() const override { return true; }
    asio::awaitable<Result<std::vector<RoomProblem>>> verify_rooms(std::vector<std::string>) override {
        co_return std::vector<RoomProblem>{};
    }
    asio::awaitable<DeliveryOutcome> deliver(OutboxItem) override {
        asio::steady_timer delay(io_);
        delay.expires_after(std::chrono::milliseconds(10 * ++calls));
        co_await delay.async_wait(asio::as_tuple(asio::use_awaitable));
        co_return testing::outcome_of(DeliveryOutcome::Kind::delivered, "p" + std::to_string(calls), std::string());
    }

private:
    asio::io_context& io_;
};

TEST_F(OutboxDispatcherTest, DeliveriesEndingOneByOneShareTheLooksAtTheOutbox) {
    std::vector<OutboundMessage> rows;
    // 20: within the default pace's platform burst (25).
    for (int i = 0; i < 20; ++i) rows.push_back(message("m-" + std::to_string(i), "c" + std::to_string(i)));
    queue(rows);
    StaggeredAdapter staggered(io_);
    auto s = SqliteStore::open(db_);
    ASSERT_TRUE(s);
    worker_ = std::make_unique<StoreWorker>(std::move(*s));
    OutboxDispatcherOptions o;
    o.min_look_gap = std::chrono::milliseconds(100);
    dispatcher_ = std::make_unique<OutboxDispatcher>(io_.get_executor(), *worker_,
                                                     std::map<std::string, Adapter*>{{"webchat", &staggered}}, clock_,
                                                     metrics_, o);
    asio::co_spawn(io_, dispatcher_->run(), [this](std::exception_ptr) { finished_ = true; });
    settle();
    EXPECT_EQ(staggered.calls, 20);
    EXPECT_EQ(column("SELECT COUNT(*) FROM outbox WHERE status = 'delivered'"), "20");
    // The first look starts all 20; they end over 200 ms, each asking for a look. Without the
    // gap that is a look per delivery (21); with it, one per 100 ms.
    EXPECT_LE(metrics_.outbox_looks.load(), 5u);
    // A wake during the gap is not lost: the look after it finds the new row.
    queue({message("late", "c-late")});
    settle();
    EXPECT_EQ(staggered.calls, 21);
    EXPECT_EQ(column("SELECT status FROM outbox WHERE message LIKE '%late%'"), "delivered");
}

/// An adapter that folds: takes up to `max_fold` rows at once and delivers them as one message.
class FoldingFake final : public Adapter, public FoldingDelivery {
public:
    std::vector<std::vector<OutboxItem>> groups;
    std::size_t max_fold = 10;

    std::string platform() const override { return "slack"; }
    PlatformCapabilities capabilities() const override { return {}; }
    asio::awaitable<void> run(InboundSink&) override { co_return; }
    bool connected() const override { return true; }
    asio::awaitable<Result<std::vector<RoomProblem>>> verify_rooms(std::vector<std::string>) override {
        co_return std::vector<RoomProblem>{};
    }
    asio::awaitable<DeliveryOutcome> deliver(OutboxItem item) override {
        std::vector<OutboxItem> one{std::move(item)};
        auto together = deliver_together(std::move(one));
        auto outcomes = co_await std::move(together);
        co_return outcomes.front();
    }
    FoldingDelivery* folding() override { return this; }
    bool edits_use_conversation_pace() const override { return false; }
    std::size_t fold_count(const std::vector<OutboxItem>& items) const override { return std::min(items.size(), max_fold); }
    asio::awaitable<std::vector<DeliveryOutcome>> deliver_together(std::vector<OutboxItem> items) override {
        groups.push_back(items);
        std::vector<DeliveryOutcome> out;
        for (const auto& i : items)
            out.push_back(testing::outcome_of(DeliveryOutcome::Kind::delivered,
                                              i.replaces_platform_id.empty() ? "m" + std::to_string(groups.size())
                                                                             : i.replaces_platform_id,
                                              std::string()));
        co_return out;
    }
};

class FoldingDispatcherTest : public OutboxDispatcherTest {
protected:
    void start_folding(PaceLimits pace) {
        auto s = SqliteStore::open(db_);
        ASSERT_TRUE(s);
        worker_ = std::make_unique<StoreWorker>(std::move(*s));
        OutboxDispatcherOptions options;
        options.jitter_seed = 7;
        options.pace["slack"] = pace;
        options.steady_now = [this] { return real_start_ + (clock_.now() - kStart); };
        dispatcher_ = std::make_unique<OutboxDispatcher>(io_.get_executor(), *worker_,
                                                         std::map<std::string, Adapter*>{{"slack", &folding_}}, clock_,
                                                         metrics_, options);
        asio::co_spawn(io_, dispatcher_->run(), [this](std::exception_ptr) { finished_ = true; });
    }
    void enqueue(const OutboundMessage& m) {
        ASSERT_TRUE(testkit::run_coroutine(io_, worker_->run([&](Store& s) { return s.outbox().enqueue(m, clock_.now()); })));
    }
    static OutboundMessage slack(std::string key, std::string message_key = {}, std::string replaces = {}) {
        OutboundMessage m = message(std::move(key), "D1");
        m.to.platform = "slack";
        m.message_key = std::move(message_key);
        m.replaces = std::move(replaces);
        return m;
    }
    FoldingFake folding_;
};

TEST_F(FoldingDispatcherTest, RowsReadyTogetherGoOutAsOneMessage) {
    queue({slack("logged"), slack("category"), slack("question", "q1")});
    start_folding(PaceLimits{100, 100, 1, 1, 5});  // one post per conversation: the fold needs one
    settle();
    ASSERT_EQ(folding_.groups.size(), 1u);
    EXPECT_EQ(folding_.groups[0].size(), 3u);
    EXPECT_EQ(column("SELECT count(*) FROM outbox WHERE status = 'delivered' AND platform_message_id = 'm1'"), "3");
    // Retiring the question: the adapter learns what the message it changes holds.
    enqueue(slack("retire", "", "q1"));
    settle();
    ASSERT_EQ(folding_.groups.size(), 2u);
    ASSERT_EQ(folding_.groups[1].size(), 1u);
    EXPECT_EQ(folding_.groups[1][0].replaces_platform_id, "m1");
    EXPECT_EQ(folding_.groups[1][0].replaced_holds.size(), 3u);
    EXPECT_EQ(column("SELECT count(*) FROM outbox WHERE status = 'pending'"), "0") << "the edit took no post token";
}

TEST_F(FoldingDispatcherTest, APostBehindAnEditWaitsOnlyForItsOwnToken) {
    queue({slack("q1 asked", "q1")});
    start_folding(PaceLimits{100, 100, 1, 2, 5});
    settle();
    enqueue(slack("retire q1", "", "q1"));
    enqueue(slack("q2 asked", "q2"));
    settle();
    ASSERT_EQ(folding_.groups.size(), 2u);
    EXPECT_EQ(folding_.groups[1].size(), 2u) << "the edit and the next question together, one token";
    enqueue(slack("retire q2", "", "q2"));
    enqueue(slack("q3 asked", "q3"));
    // Not settle(): a post waiting for its token keeps the dispatcher from being idle.
    dispatcher_->wake();
    run_until([&] { return folding_.groups.size() == 3 && metrics_.messages_out.load() == 4u; });
    ASSERT_EQ(folding_.groups.size(), 3u);
    ASSERT_EQ(folding_.groups[2].size(), 1u) << "the burst is spent: the edit goes, the post waits";
    EXPECT_EQ(folding_.groups[2][0].message.text, "retire q2");
    clock_.advance(Seconds{1});
    dispatcher_->wake();
    run_until([&] { return folding_.groups.size() == 4; });
    ASSERT_EQ(folding_.groups.size(), 4u);
    EXPECT_EQ(folding_.groups[3][0].message.text, "q3 asked");
}

TEST(RetryDelay, GrowsWithJitterUpToTheCapAndHonoursRetryAfter) {
    std::mt19937_64 rng(1);
    for (int attempt = 1; attempt <= 12; ++attempt) {
        const long long full = std::min<long long>(300, 1LL << (attempt - 1));
        const auto d = retry_delay(attempt, std::chrono::seconds(1), std::chrono::seconds(300), std::chrono::seconds(0), rng);
        EXPECT_GE(d.count(), std::max<long long>(1, full / 2)) << attempt;
        EXPECT_LE(d.count(), std::max<long long>(1, full)) << attempt;
    }
    EXPECT_EQ(retry_delay(1, std::chrono::seconds(1), std::chrono::seconds(300), std::chrono::seconds(120), rng).count(), 120);
}

}  // namespace
}  // namespace frontline
