#include "tests/integration/handoff/desk_world.hpp"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "bot/runtime/apply_one.hpp"
#include "bot/runtime/undeliverable.hpp"
#include "core/lifecycle.hpp"
#include "core/store/outbox_store.hpp"
#include "core/store/sqlite_store.hpp"

namespace frontline::handoff::testing_support {

namespace {

OutboundMessage reply(const InboundEvent& e, std::string text) {
    OutboundMessage m;
    m.to = e.where;
    m.text = std::move(text);
    m.idempotency_key = "engine:" + e.event_id;
    return m;
}

}  // namespace

Result<Effects> FakeEngine::handle(const InboundEvent& e, Repositories& repos, TimePoint now) {
    ++calls;
    Effects fx;
    // "new problem: report …" (DeskWorld::report) reads like "report …".
    const auto report_at = e.text.find("report ");
    std::istringstream in(report_at == std::string::npos ? e.text : e.text.substr(report_at));
    std::string word, category, priority;
    in >> word >> category >> priority;
    const auto parsed_priority = parse_priority(priority);
    if (word != "report" || !parsed_priority) {  // "report" alone, the agents' command word, is chat here too
        fx.messages.push_back(reply(e, "engine: " + e.text));
        return fx;
    }
    std::string title;
    std::getline(in, title);
    auto id = repos.tickets.allocate_id(TicketType::incident);
    if (!id) return id.error();
    Ticket t;
    t.id = *id;
    t.category = category;
    t.priority = *parsed_priority;
    t.requester = {e.display_name.empty() ? e.from.user_id : e.display_name, e.from, e.contact, e.phone};
    t.address = e.where;
    t.locale = e.locale_hint.empty() ? "en" : e.locale_hint;
    t.title = title.empty() ? title : title.substr(1);
    t.description = t.title;
    t.reported_at = now;
    t.logged_at = now;
    t.restricted = category == "data_breach";
    // "… under INC-000001": linked to that incident as the engine links a report of a known outage.
    if (const auto under = t.title.rfind(" under "); under != std::string::npos)
        if (auto parent = TicketId::parse(t.title.substr(under + 7))) {
            t.parent = *parent;
            t.title.resize(under);
            t.description = t.title;
        }
    SlaPolicy{}.apply(t);
    auto entry = transition(t, TicketStatus::escalated, Actor::bot(), now);
    if (!entry) return entry.error();
    if (auto ok = repos.tickets.save_ticket(t); !ok) return ok.error();
    if (auto ok = repos.tickets.append_journal(*entry); !ok) return ok.error();
    // As the real engine: a promise of an agent, which the desk withdraws when no room can show the card.
    fx.messages.push_back(reply(e, "Logged " + t.id.str() + "; someone will get back to you"));
    fx.escalations.push_back({t.id, Tier::l2, "flow_end", fx.messages.back().idempotency_key});
    return fx;
}

DeskWorld::DeskWorld(DeskConfig config)
    : dir_(std::make_unique<testkit::TempDir>()), db_(dir_->file("frontline.db")),
      now_(std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} + std::chrono::hours{9}) {
    auto s = SqliteStore::open(db_);
    if (!s) throw std::runtime_error(s.error().message);
    store_ = std::move(*s);
    auto engine = std::make_unique<FakeEngine>();
    engine_ = engine.get();
    desk_ = std::make_unique<Desk>(std::move(config), std::move(engine));
}

DeskWorld::DeskWorld(std::unique_ptr<EventHandler> handler, std::unique_ptr<testkit::TempDir> dir)
    : dir_(std::move(dir)), db_(dir_->file("frontline.db")), desk_(std::move(handler)),
      now_(std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} + std::chrono::hours{9}) {
    auto s = SqliteStore::open(db_);
    if (!s) throw std::runtime_error(s.error().message);
    store_ = std::move(*s);
}

DeskWorld::~DeskWorld() = default;

void DeskWorld::restart_store() {
    store_.reset();
    auto s = SqliteStore::open(db_);
    if (!s) throw std::runtime_error(s.error().message);
    store_ = std::move(*s);
}

Effects DeskWorld::send(const InboundEvent& e) {
    auto applied = apply_one(*store_, *desk_, e, now_);
    if (!applied.status) throw std::runtime_error("handle failed: " + applied.status.error().message);
    deliver();
    return std::move(applied.effects);
}

Effects DeskWorld::text(const Identity& from, const Address& where, const std::string& text, const std::string& thread) {
    InboundEvent e;
    e.event_id = "ev" + std::to_string(++next_event_);
    e.kind = InboundKind::text;
    e.from = from;
    e.where = where;
    e.where.thread = thread;
    e.text = text;
    e.received_at = now_;
    return send(e);
}

Effects DeskWorld::click(const Identity& from, const Address& where, const std::string& payload, const std::string& text) {
    InboundEvent e;
    e.event_id = "ev" + std::to_string(++next_event_);
    e.kind = InboundKind::choice;
    e.from = from;
    e.where = where;
    e.payload = payload;
    e.text = text;
    e.received_at = now_;
    return send(e);
}

int DeskWorld::fire_due_timers() {
    auto fired = frontline::fire_due_timers(*store_, *desk_, now_);
    if (!fired.status) throw std::runtime_error("timer failed: " + fired.status.error().message);
    deliver();
    return static_cast<int>(fired.report.timers_fired);
}

void DeskWorld::deliver() {
    OutboxStore& outbox = store_->outbox();
    for (;;) {
        auto rows = outbox.deliverable(now_ + std::chrono::hours{24 * 365}, 100000);
        if (!rows) throw std::runtime_error(rows.error().message);
        if (rows->empty()) return;
        std::vector<InboundEvent> refused;
        for (const auto& r : *rows) {
            if (refusing_.count(r.message.to.platform + ":" + r.message.to.conversation_id)) {
                if (auto ok = outbox.mark_failed(r.id, "channel_not_found"); !ok) throw std::runtime_error(ok.error().message);
                refused.push_back(undeliverable_event(r.message, "channel_not_found", now_));
                continue;
            }
            if (blocked_.count(r.message.to.platform + ":" + r.message.to.conversation_id)) {
                const std::string why = "Forbidden: bot was blocked by the user";
                if (auto ok = outbox.mark_failed(r.id, why); !ok) throw std::runtime_error(ok.error().message);
                refused.push_back(undeliverable_event(r.message, why, now_, true));
                continue;
            }
            // An opaque reference, as an adapter reports one; the world hands it back as the thread
            // or reply of later events, which is all core may do with it.
            const std::string id = r.message.to.conversation_id + "#pm-" + std::to_string(++next_platform_id_);
            if (std::getenv("FRONTLINE_HANDOFF_DUMP"))  // to read the conversation while writing texts
                std::fprintf(stderr, "-> %s:%s%s%s [%s]\n%s\n", r.message.to.platform.c_str(), r.message.to.conversation_id.c_str(),
                             r.message.to.thread.empty() ? "" : " thread ", r.message.to.thread.c_str(),
                             r.message.replaces.empty() ? "new" : "update", r.message.text.c_str());
            delivered_.push_back({r.message, id});
            history_.push_back({r.message, id});
            if (auto ok = outbox.mark_delivered(r.id, id, now_); !ok) throw std::runtime_error(ok.error().message);
        }
        for (const auto& e : refused) {
            auto applied = apply_one(*store_, *desk_, e, now_);
            if (!applied.status) throw std::runtime_error("undeliverable failed: " + applied.status.error().message);
        }
    }
}

TicketId DeskWorld::report(const Identity& requester, const std::string& category, const std::string& priority,
                           const std::string& title, const std::string& locale) {
    InboundEvent e;
    e.event_id = "ev" + std::to_string(++next_event_);
    e.from = requester;
    e.where = Address{requester.platform, requester.user_id, ""};
    // Announced as a new problem, so that a requester who already has a ticket with the people
    // reaches the engine too (the Desk would otherwise add it to that ticket).
    e.text = "new problem: report " + category + " " + priority + " " + title;
    e.locale_hint = locale;
    e.display_name = "Mario Bianchi";
    e.received_at = now_;
    send(e);
    TicketFilter f;
    f.requester = requester;
    auto list = store_->list_tickets(f);
    if (!list || list->empty()) throw std::runtime_error("report made no ticket");
    TicketId newest = list->front().id;
    for (const auto& t : *list)
        if (t.id.number() > newest.number()) newest = t.id;
    return newest;
}

Ticket DeskWorld::ticket(const TicketId& id) {
    auto t = store_->find_ticket(id);
    if (!t || !*t) throw std::runtime_error("no ticket " + id.str());
    return **t;
}

std::vector<JournalEntry> DeskWorld::journal(const TicketId& id) {
    auto j = store_->journal_of(id);
    if (!j) throw std::runtime_error(j.error().message);
    return *j;
}

int DeskWorld::journal_count(const TicketId& id, const std::string& kind) {
    int n = 0;
    for (const auto& e : journal(id)) n += e.kind == kind;
    return n;
}

std::vector<Delivered> DeskWorld::received(const std::string& platform, const std::string& conversation) const {
    std::vector<Delivered> out;
    for (const auto& d : delivered_)
        if (d.message.to.platform == platform && d.message.to.conversation_id == conversation) out.push_back(d);
    return out;
}

std::string DeskWorld::card_thread(const TicketId& id, const std::string& platform, const std::string& room) const {
    const std::string key = id.str() + "/card/" + platform + ":" + room;
    for (const auto& d : history_)
        if (d.message.message_key == key && d.message.replaces.empty()) return d.platform_id;
    return "";
}

}  // namespace frontline::handoff::testing_support
