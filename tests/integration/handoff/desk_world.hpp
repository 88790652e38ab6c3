#pragma once
// A small multi-party world for Desk scenarios: a real SQLite file, the Desk over a fake L1 engine,
// each event applied through the engine loop's batch (apply_one: inbox, outbox, timers), and
// in-memory "adapters" that deliver each outbox row, give it a platform id (so thread replies find
// their ticket) and keep what every conversation received.
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/handoff/agent_command.hpp"
#include "core/handoff/desk.hpp"
#include "core/store/store.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline::handoff::testing_support {

/// The L1 engine stand-in: "report <category> <P1..P4> <title>" logs an escalated ticket and asks
/// for the hand-off ("<title> under INC-…" links it to that parent first); anything else gets
/// "engine: <text>".
class FakeEngine final : public EventHandler {
public:
    Result<Effects> handle(const InboundEvent& e, Repositories& repos, TimePoint now) override;
    Result<Effects> on_timer(const TimerRequest&, Repositories&, TimePoint) override { return Effects{}; }
    int calls = 0;
};

struct Delivered {
    OutboundMessage message;
    std::string platform_id;
};

class DeskWorld {
public:
    explicit DeskWorld(DeskConfig config);
    /// Around any top-level handler (e.g. make_desk's Desk over the real engine) on
    /// `dir`/frontline.db; the world keeps the folder until it ends.
    DeskWorld(std::unique_ptr<EventHandler> handler, std::unique_ptr<testkit::TempDir> dir);
    ~DeskWorld();

    /// Applies one event through the Desk (apply_one), then delivers the outbox.
    Effects send(const InboundEvent& e);
    Effects text(const Identity& from, const Address& where, const std::string& text, const std::string& thread = "");
    /// A button press; `text` is what a platform collected with it (the Reply button's text).
    Effects click(const Identity& from, const Address& where, const std::string& payload, const std::string& text = "");
    /// Fires every timer due at the clock's time (and those they arm that are due too).
    int fire_due_timers();
    void advance(Seconds by) { now_ += by; }
    /// From now on the "platform" refuses every message to this room (channel_not_found): the row
    /// is marked failed and the Desk hears of it, as the outbox dispatcher does it.
    void refuse_room(const std::string& platform, const std::string& room) { refusing_.insert(platform + ":" + room); }
    /// Messages to this conversation fail the way a platform answers for a user who blocked the bot
    /// (DeliveryOutcome::recipient_unreachable); unblock() lets them through again.
    void block_bot(const Address& conversation) { blocked_.insert(conversation.platform + ":" + conversation.conversation_id); }
    void unblock(const Address& conversation) { blocked_.erase(conversation.platform + ":" + conversation.conversation_id); }
    TimePoint now() const { return now_; }
    /// Closes the store and opens the same file again, as a process restart would (the Desk keeps
    /// nothing between events: everything it knows is in the store).
    void restart_store();

    /// A requester on `platform` reports a problem through the fake engine; returns the new ticket id.
    TicketId report(const Identity& requester, const std::string& category, const std::string& priority,
                    const std::string& title, const std::string& locale = "en");
    Ticket ticket(const TicketId& id);
    std::vector<JournalEntry> journal(const TicketId& id);
    int journal_count(const TicketId& id, const std::string& kind);

    /// Everything delivered to a conversation (any thread), in delivery order.
    std::vector<Delivered> received(const std::string& platform, const std::string& conversation) const;
    const std::vector<Delivered>& all_delivered() const { return delivered_; }
    void forget_delivered() { delivered_.clear(); }
    /// The platform id of the card of `id` in a room: what a thread reply carries.
    std::string card_thread(const TicketId& id, const std::string& platform, const std::string& room) const;

    Store& store() { return *store_; }
    EventHandler& desk() { return *desk_; }
    const std::filesystem::path& db_path() const { return db_; }
    FakeEngine& engine() { return *engine_; }  ///< only with the first constructor

private:
    void deliver();

    std::unique_ptr<testkit::TempDir> dir_;  ///< first: removed after the store closed
    std::filesystem::path db_;
    std::unique_ptr<Store> store_;
    FakeEngine* engine_ = nullptr;
    std::unique_ptr<EventHandler> desk_;
    TimePoint now_;
    int next_event_ = 0;
    int next_platform_id_ = 0;
    std::vector<Delivered> delivered_;
    std::vector<Delivered> history_;  ///< never forgotten: card ids for thread replies
    std::set<std::string> refusing_;  ///< rooms ("platform:room") whose messages fail
    std::set<std::string> blocked_;   ///< conversations ("platform:id") whose person blocked the bot
};

}  // namespace frontline::handoff::testing_support
