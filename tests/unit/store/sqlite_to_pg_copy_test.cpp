// `frontline migrate`'s copier (core/store/pg/sqlite_to_pg_copy.hpp): a SQLite desk with rows in
// every table, copied into a fresh database on the test process's own PostgreSQL, read back through
// PgStore's ports and, table by table, row by row by SQL; ids continue after the copied ones; and
// each refusal leaves both sides as they were.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "core/store/migrations.hpp"
#include "core/store/pg/copy_tables.hpp"
#include "core/store/pg/pg_migrate.hpp"
#include "core/store/pg/pg_store.hpp"
#include "core/store/pg/sqlite_to_pg_copy.hpp"
#include "core/store/sqlite_store.hpp"
#include "core/ticket_json.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/unit/store/store_test_support.hpp"

namespace frontline {
namespace {

using testing::sample_ticket;
using testing::TempDir;
using testkit::PgCluster;

pg::ConnectOptions fresh_database() {
    auto& cluster = PgCluster::shared();
    const std::string name = cluster.unique_name();
    cluster.create_database(name);
    return {cluster.url(name), cluster.password()};
}

TimePoint at(long long s) { return TimePoint{std::chrono::seconds(1'780'000'000 + s)}; }

/// Every row of a table as text (NULL as nullopt), sorted: the same rows on both sides compare equal.
using TableRows = std::vector<std::vector<std::optional<std::string>>>;

std::vector<std::string> columns_of(SQLite::Database& db, const std::string& table) {
    std::vector<std::string> out;
    SQLite::Statement q(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
    q.bind(1, table);
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
}

TableRows sqlite_rows(SQLite::Database& db, const std::string& table, const std::vector<std::string>& columns) {
    std::string names;
    for (const auto& c : columns) names += (names.empty() ? "" : ", ") + pg::quoted(c);
    SQLite::Statement q(db, "SELECT " + names + " FROM " + pg::quoted(table));
    TableRows out;
    while (q.executeStep()) {
        auto& row = out.emplace_back();
        for (int i = 0; i < static_cast<int>(columns.size()); ++i)
            row.push_back(q.getColumn(i).isNull() ? std::nullopt : std::optional<std::string>(q.getColumn(i).getString()));
    }
    std::sort(out.begin(), out.end());
    return out;
}

TableRows pg_rows(pg::Connection& c, const std::string& table, const std::vector<std::string>& columns) {
    std::string names;
    for (const auto& col : columns) names += (names.empty() ? "" : ", ") + pg::quoted(col) + "::text";
    auto rows = c.query("SELECT " + names + " FROM " + pg::quoted(table));
    EXPECT_TRUE(rows) << (rows ? "" : rows.error().message);
    TableRows out;
    if (!rows) return out;
    for (int r = 0; r < rows->size(); ++r) {
        auto& row = out.emplace_back();
        for (int i = 0; i < rows->columns(); ++i)
            row.push_back(rows->null(r, i) ? std::nullopt : std::optional<std::string>(rows->text(r, i)));
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// Every copied table of a PostgreSQL database, for "nothing changed" checks.
std::map<std::string, std::int64_t> pg_counts(pg::Connection& c) {
    std::map<std::string, std::int64_t> out;
    for (const auto& t : pg::copied_tables()) {
        auto n = c.query("SELECT COUNT(*) FROM " + pg::quoted(t));
        out[t] = n ? n->integer(0, 0) : -1;
    }
    return out;
}

int sqlite_version(const std::filesystem::path& file) {
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT MAX(version) FROM schema_version");
    q.executeStep();
    return q.getColumn(0).getInt();
}

std::int64_t pg_table_count(pg::Connection& c) {
    auto n = c.query("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()");
    return n ? n->integer(0, 0) : -1;
}

std::string person_text(const Person& p) {
    std::string ids;
    auto sorted = p.identities;
    std::sort(sorted.begin(), sorted.end(), [](const Identity& a, const Identity& b) {
        return std::tie(a.platform, a.user_id) < std::tie(b.platform, b.user_id);
    });
    for (const auto& i : sorted) ids += i.platform + ":" + i.user_id + " ";
    return std::to_string(p.id) + "|" + p.name + "|" + p.locale + "|" + p.timezone + "|" + p.contact + "|" + p.phone + "|" +
           (p.contact_asked ? "asked" : "") + "|" + ids + "|" +
           (p.last_identity ? p.last_identity->platform + ":" + p.last_identity->user_id : "") + "|" +
           p.last_address.platform + ":" + p.last_address.conversation_id + ":" + p.last_address.thread + "|" +
           (p.updates_pinned ? "pinned" : "");
}

/// A desk with rows in every table: through the Store's repository ports where they exist, by SQL
/// for the inbox, outbox, timers, cursors and conversation lines.
struct SeededDesk {
    TempDir dir;
    std::filesystem::path file = dir.path() / "desk.db";
    std::vector<TicketId> tickets;
    Identity ada{"slack", "U100"}, ada_tg{"telegram", "4242"}, bea{"webchat", "w-bea"};

    SeededDesk() {
        auto opened = SqliteStore::open(file);
        if (!opened) throw std::runtime_error(opened.error().message);
        Store& s = **opened;
        must(s.upsert_person(ada, "Ada Lovelace", "ada@example.com"));
        must(s.link_person_identity(ada, ada_tg, "agent:bob", at(5)));
        must(s.set_time_zone(ada, "Europe/Rome"));
        must(s.set_locale(ada, "it"));
        must(s.set_contact(ada, "Ada Lovelace", "ada@example.org", "+39 02 1234567"));
        must(s.note_seen(ada_tg, {"telegram", "4242", ""}));
        must(s.upsert_person(bea, "Bea Rossi", ""));
        must(s.choose_updates_place(bea, {"webchat", "w-bea", ""}, true));
        must(s.save_link_code({"K7Q2-9XZ", bea, {"webchat", "w-bea", ""}, at(10), at(610)}));

        for (auto [type, title, status] : {std::tuple{TicketType::incident, "VPN drops every five minutes", TicketStatus::escalated},
                                           std::tuple{TicketType::incident, "VPN down for the whole floor", TicketStatus::in_progress},
                                           std::tuple{TicketType::request, "New laptop for a new hire", TicketStatus::closed}}) {
            auto id = s.allocate_id(type);
            if (!id) throw std::runtime_error(id.error().message);
            Ticket t = sample_ticket(*id, at(100 + static_cast<long long>(tickets.size())), title);
            t.status = status;
            t.symptoms = {{"since", "Since when?", "since this morning, ça coupe"}};
            t.assignee = status == TicketStatus::escalated ? "" : "bob";
            if (!tickets.empty() && type == TicketType::incident) t.parent = tickets.front();
            if (status == TicketStatus::closed) {
                t.resolution_notes = "laptop delivered";
                t.resolved_at = at(300);
            }
            must(s.save_ticket(t));
            for (const char* kind : {"created", "status", "note"}) {
                JournalEntry e{0, *id, "agent:bob", at(200), kind, R"({"text":"l'utente è d'accordo"})"};
                must(s.append_journal(e));
            }
            tickets.push_back(*id);
        }
        TicketAttachment shot{0, tickets[0], {"screenshot.png", "image/png", 2048, "", std::string(64, 'a'), "stored"}, at(120)};
        must(s.add_ticket_attachment(shot));
        must(s.hold_attachment(bea, {"log.txt", "text/plain", 12, "", std::string(64, 'b'), "quarantined"}, at(130)));
        must(s.hold_message(bea, "and the printer on floor 2 too", at(131)));
        must(s.save_session({ada, R"({"v":1,"phase":"flow","flow":"network","flow_version":"00000000000000aa"})", at(140)}));
        must(s.keep_flow_version("network", "00000000000000aa", R"({"nodes":[]})", at(140)));
        must(s.save_alert_group({"{}:{alertname=\"DiskFull\"}", tickets[1], {"fp1", "fp2"}, true}));
        Booking call{0, tickets[0], "bob", ada, at(3600), at(5400), "nonce-1", "https://meet.example.org/x", "Europe/Rome",
                     BookingStatus::booked, at(150)};
        must(s.insert_booking(call));
        Booking cancelled{0, tickets[0], "bob", ada, at(7200), at(9000), "nonce-2", "https://meet.example.org/y",
                          "Europe/Rome", BookingStatus::booked, at(151)};
        must(s.insert_booking(cancelled));
        cancelled.status = BookingStatus::cancelled;
        must(s.update_booking(cancelled));
        opened->reset();

        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
        db.exec("INSERT INTO inbox (event_key, received_at) VALUES ('slack:Ev1', 1), ('webchat:w-bea:7', 2)");
        db.exec("INSERT INTO outbox (idempotency_key, platform, conversation, priority, message, status, attempts,"
                " next_attempt_at, created_at, delivered_at, platform_message_id, message_key, last_error, sending_since) VALUES"
                " ('k1', 'slack', 'D100', 1, '{\"text\":\"Ciao\"}', 'pending', 0, 10, 10, NULL, NULL, 'm1', NULL, NULL),"
                " ('k2', 'slack', 'D100', 1, '{\"text\":\"Done\"}', 'delivered', 1, 10, 10, 11, '1700000000.000100', 'm2', NULL, 10),"
                " ('k3', 'telegram', '4242', 2, '{\"text\":\"x\"}', 'failed', 5, 99, 10, NULL, NULL, 'm3', 'chat not found', NULL),"
                " ('k4', 'webchat', 'w-bea', 2, '{\"text\":\"purged\"}', 'delivered', 1, 10, 10, 12, 'w4', 'm4', NULL, NULL)");
        // A delivered row purged since: its id is never handed out again, on either side.
        db.exec("DELETE FROM outbox WHERE idempotency_key = 'k4'");
        db.exec("INSERT INTO timers (key, due_at, kind, payload) VALUES ('sla:INC-000001', 5000, 'sla_warn', '{}'),"
                " ('close:REQ-000001', 6000, 'auto_close', '{\"t\":1}')");
        db.exec("INSERT INTO adapter_cursors (name, value, updated_at) VALUES ('matrix.since', 's72594_4483_1934', 3)");
        db.exec("INSERT INTO conversation_lines (conversation, seq, line_id, entry, created_at) VALUES"
                " ('w-bea', 1, 'l1', '{\"who\":\"bot\"}', 4), ('w-bea', 2, 'l2', '{\"who\":\"user\"}', 5)");
    }

    template <class R>
    static void must(const R& r) {
        if (!r) throw std::runtime_error(r.error().message);
    }
};

TEST(CopyTables, EveryTableOfBothSchemasIsCopiedOrLeftOutOnPurpose) {
    TempDir dir;
    auto store = SqliteStore::open(dir.path() / "fresh.db");
    ASSERT_TRUE(store) << store.error().message;
    SQLite::Database db((dir.path() / "fresh.db").string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(pg::uncovered_sqlite_tables(db), std::vector<std::string>{})
        << "a table the copy does not know: add it to copied_tables() in core/store/pg/copy_tables.cpp";
    auto pg = PgStore::open(fresh_database());
    ASSERT_TRUE(pg) << pg.error().message;
    auto unknown = pg::uncovered_pg_tables((*pg)->connection());
    ASSERT_TRUE(unknown) << unknown.error().message;
    EXPECT_EQ(*unknown, std::vector<std::string>{});
    for (const auto& t : pg::copied_tables()) {
        EXPECT_TRUE(db.tableExists(t)) << t << " is in the copy list but not in the SQLite schema";
        auto exists = (*pg)->connection().query("SELECT to_regclass($1) IS NOT NULL", {pg::text(t)});
        ASSERT_TRUE(exists);
        EXPECT_EQ(exists->text(0, 0), "t") << t << " is in the copy list but not in the PostgreSQL schema";
    }
}

TEST(CopyTables, AnUnknownTableInTheSourceIsReported) {
    TempDir dir;
    ASSERT_TRUE(SqliteStore::open(dir.path() / "desk.db"));
    SQLite::Database db((dir.path() / "desk.db").string(), SQLite::OPEN_READWRITE);
    db.exec("CREATE TABLE shiny_new_feature (id INTEGER PRIMARY KEY)");
    EXPECT_EQ(pg::uncovered_sqlite_tables(db), std::vector<std::string>{"shiny_new_feature"});
}

TEST(SqliteToPgCopy, EveryRowArrivesAsItWasAndNewIdsContinueAfterTheCopiedOnes) {
    SeededDesk desk;
    const auto target = fresh_database();
    auto report = pg::copy_sqlite_to_pg(desk.file, target);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->schema_version, latest_schema_version());
    EXPECT_EQ(report->indexed_tickets, 3);
    ASSERT_EQ(report->tables.size(), pg::copied_tables().size());

    auto pg = PgStore::open(target);
    ASSERT_TRUE(pg) << pg.error().message;
    SQLite::Database src(desk.file.string(), SQLite::OPEN_READONLY);
    for (const auto& t : report->tables) {
        EXPECT_GT(t.source_rows, 0) << t.name << ": the seeded desk must have rows in every table";
        EXPECT_EQ(t.source_rows, t.target_rows) << t.name;
        const auto columns = columns_of(src, t.name);
        EXPECT_EQ(sqlite_rows(src, t.name, columns), pg_rows((*pg)->connection(), t.name, columns)) << t.name;
    }

    // Through the ports: the same tickets, journals, persons and sessions.
    auto sqlite = SqliteStore::open(desk.file);
    ASSERT_TRUE(sqlite);
    for (const auto& id : desk.tickets) {
        auto a = (*sqlite)->find_ticket(id);
        auto b = (*pg)->find_ticket(id);
        ASSERT_TRUE(a && b && *a && *b) << id.str();
        EXPECT_EQ(ticket_to_json(**a), ticket_to_json(**b)) << id.str();
        auto ja = (*sqlite)->journal_of(id);
        auto jb = (*pg)->journal_of(id);
        ASSERT_TRUE(ja && jb);
        ASSERT_EQ(ja->size(), jb->size());
        for (std::size_t i = 0; i < ja->size(); ++i) {
            EXPECT_EQ((*ja)[i].seq, (*jb)[i].seq);
            EXPECT_EQ((*ja)[i].at, (*jb)[i].at);
            EXPECT_EQ((*ja)[i].kind, (*jb)[i].kind);
            EXPECT_EQ((*ja)[i].actor, (*jb)[i].actor);
            EXPECT_EQ((*ja)[i].details, (*jb)[i].details);
        }
    }
    for (const auto& who : {desk.ada, desk.ada_tg, desk.bea}) {
        auto a = (*sqlite)->find_person(who);
        auto b = (*pg)->find_person(who);
        ASSERT_TRUE(a && b && *a && *b) << who.user_id;
        EXPECT_EQ(person_text(**a), person_text(**b));
    }
    EXPECT_EQ((*pg)->find_person(desk.ada)->value().id, (*pg)->find_person(desk.ada_tg)->value().id);
    auto session = (*pg)->load_session(desk.ada);
    ASSERT_TRUE(session && *session);
    EXPECT_EQ((*session)->state, (*(*sqlite)->load_session(desk.ada))->state);
    EXPECT_EQ((*session)->updated_at, at(140));
    auto flow = (*pg)->find_flow_version("network", "00000000000000aa");
    ASSERT_TRUE(flow && *flow);
    EXPECT_EQ(**flow, R"({"nodes":[]})");

    // The search index was rebuilt: the copied open incident is found by its words.
    SimilarQuery q;
    q.text = "vpn drops";
    auto similar = (*pg)->find_similar(q);
    ASSERT_TRUE(similar) << similar.error().message;
    ASSERT_FALSE(similar->empty());
    EXPECT_EQ(similar->front().id, desk.tickets[0]);
    q.open_only = false;
    q.text = "vpn floor laptop";
    auto on_pg = (*pg)->find_similar(q);
    auto on_sqlite = (*sqlite)->find_similar(q);
    ASSERT_TRUE(on_pg && on_sqlite);
    ASSERT_EQ(on_pg->size(), on_sqlite->size());
    for (std::size_t i = 0; i < on_pg->size(); ++i) EXPECT_EQ((*on_pg)[i].id, (*on_sqlite)[i].id) << i;

    // New ids continue after the copied ones: the next incident, journal entry, person, outbox row.
    auto next = (*pg)->allocate_id(TicketType::incident);
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_EQ(next->str(), "INC-000003");
    auto next_request = (*pg)->allocate_id(TicketType::request);
    ASSERT_TRUE(next_request);
    EXPECT_EQ(next_request->str(), "REQ-000002");
    JournalEntry e{0, desk.tickets[0], "bot", at(400), "note", "{}"};
    ASSERT_TRUE((*pg)->append_journal(e));
    EXPECT_EQ(e.seq, 10) << "nine copied entries";
    auto carol = (*pg)->upsert_person({"slack", "U300"}, "Carol", "");
    ASSERT_TRUE(carol) << carol.error().message;
    EXPECT_GT(carol->id, (*pg)->find_person(desk.bea)->value().id);
    auto outbox = (*pg)->connection().query(
        "INSERT INTO outbox (idempotency_key, platform, conversation, priority, message, next_attempt_at, created_at)"
        " VALUES ('k5', 'slack', 'D100', 1, '{}', 1, 1) RETURNING id");
    ASSERT_TRUE(outbox) << outbox.error().message;
    EXPECT_EQ(outbox->integer(0, 0), 5) << "after the purged row 4, as SQLite's AUTOINCREMENT would";
}

TEST(SqliteToPgCopy, ARunningDeskIsCopiedAsItsLastCommitLeftItWhileABatchIsOpen) {
    SeededDesk desk;
    // The service mid-batch: its write transaction holds SQLite's write lock, uncommitted.
    auto service = SqliteStore::open(desk.file);
    ASSERT_TRUE(service);
    SQLite::Database writer(desk.file.string(), SQLite::OPEN_READWRITE);
    writer.exec("BEGIN IMMEDIATE");
    writer.exec("INSERT INTO inbox (event_key, received_at) VALUES ('slack:Ev-in-flight', 9)");
    writer.exec("DELETE FROM timers");

    const auto target = fresh_database();
    auto report = pg::copy_sqlite_to_pg(desk.file, target);
    ASSERT_TRUE(report) << report.error().message;
    writer.exec("COMMIT");
    auto c = pg::Connection::open(target);
    ASSERT_TRUE(c);
    auto inbox = (*c)->query("SELECT COUNT(*) FROM inbox WHERE event_key = 'slack:Ev-in-flight'");
    auto timers = (*c)->query("SELECT COUNT(*) FROM timers");
    ASSERT_TRUE(inbox && timers);
    EXPECT_EQ(inbox->integer(0, 0), 0) << "an uncommitted batch is not part of the copy";
    EXPECT_EQ(timers->integer(0, 0), 2);
    EXPECT_EQ(sqlite_version(desk.file), latest_schema_version());
}

TEST(SqliteToPgCopy, ATargetThatHoldsADeskIsRefusedAndLeftAsItWas) {
    SeededDesk desk;
    const auto target = fresh_database();
    ASSERT_TRUE(pg::copy_sqlite_to_pg(desk.file, target));
    auto c = pg::Connection::open(target);
    ASSERT_TRUE(c);
    const auto before = pg_counts(**c);
    auto again = pg::copy_sqlite_to_pg(desk.file, target);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, Errc::conflict);
    EXPECT_NE(again.error().message.find("not empty"), std::string::npos) << again.error().message;
    EXPECT_NE(again.error().message.find("tickets"), std::string::npos) << again.error().message;
    EXPECT_EQ(pg_counts(**c), before);
}

TEST(SqliteToPgCopy, AnOlderDeskInTheTargetIsRefusedBeforeItIsMigrated) {
    SeededDesk desk;
    const auto target = fresh_database();
    {
        auto old = PgStore::open(target, latest_schema_version() - 1);
        ASSERT_TRUE(old) << old.error().message;
        ASSERT_TRUE((*old)->upsert_person({"slack", "U9"}, "Someone", ""));
    }
    auto r = pg::copy_sqlite_to_pg(desk.file, target);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("persons"), std::string::npos) << r.error().message;
    auto c = pg::Connection::open(target);
    ASSERT_TRUE(c);
    auto version = pg::schema_version(**c);
    ASSERT_TRUE(version);
    EXPECT_EQ(*version, latest_schema_version() - 1) << "a refused target is not migrated";
}

TEST(SqliteToPgCopy, ASourceAtAnotherSchemaVersionIsRefusedAndNotMigrated) {
    TempDir dir;
    const auto older = dir.path() / "older.db";
    ASSERT_TRUE(SqliteStore::open(older, latest_schema_version() - 1));
    const auto target = fresh_database();
    auto r = pg::copy_sqlite_to_pg(older, target);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("older than this build's"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("run this build's frontline on it once"), std::string::npos);
    EXPECT_EQ(sqlite_version(older), latest_schema_version() - 1) << "the source is never migrated";

    const auto newer = dir.path() / "newer.db";
    ASSERT_TRUE(SqliteStore::open(newer));
    {
        SQLite::Database db(newer.string(), SQLite::OPEN_READWRITE);
        db.exec("INSERT INTO schema_version (version) VALUES (" + std::to_string(latest_schema_version() + 1) + ")");
    }
    auto n = pg::copy_sqlite_to_pg(newer, target);
    ASSERT_FALSE(n);
    EXPECT_NE(n.error().message.find("newer than this build knows"), std::string::npos) << n.error().message;

    auto c = pg::Connection::open(target);
    ASSERT_TRUE(c);
    EXPECT_EQ(pg_table_count(**c), 0) << "the source is checked before the target is touched";
}

TEST(SqliteToPgCopy, AMissingOrForeignSourceFileIsRefusedAndNothingIsCreated) {
    TempDir dir;
    const auto target = fresh_database();
    auto missing = pg::copy_sqlite_to_pg(dir.path() / "nope.db", target);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::not_found);
    EXPECT_NE(missing.error().message.find("no SQLite database at"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "nope.db"));

    const auto text = dir.path() / "notes.txt";
    std::ofstream(text) << "not a database at all, just some notes\n";
    auto foreign = pg::copy_sqlite_to_pg(text, target);
    ASSERT_FALSE(foreign);
    const auto other = dir.path() / "other.db";
    {
        SQLite::Database db(other.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE t (x INTEGER)");
    }
    auto not_ours = pg::copy_sqlite_to_pg(other, target);
    ASSERT_FALSE(not_ours);
    EXPECT_NE(not_ours.error().message.find("not a frontline database"), std::string::npos) << not_ours.error().message;

    auto c = pg::Connection::open(target);
    ASSERT_TRUE(c);
    EXPECT_EQ(pg_table_count(**c), 0);
}

TEST(SqliteToPgCopy, AWrongPasswordOrAnUnreachableServerIsAClearErrorThatDoesNotRepeatThePassword) {
    SeededDesk desk;
    auto target = fresh_database();
    const auto right = target.password;
    target.password = "Wr0ng-pa55word";
    auto r = pg::copy_sqlite_to_pg(desk.file, target);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("password authentication failed"), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find("Wr0ng-pa55word"), std::string::npos);
    target.password = right;
    auto c = pg::Connection::open(target);
    ASSERT_TRUE(c);
    EXPECT_EQ(pg_table_count(**c), 0);

    // Port 1 on loopback: nobody listens there.
    auto down = pg::copy_sqlite_to_pg(desk.file, {"host=127.0.0.1 port=1 dbname=frontline user=desk connect_timeout=5", right});
    ASSERT_FALSE(down);
    EXPECT_NE(down.error().message.find("cannot connect to PostgreSQL"), std::string::npos) << down.error().message;
    EXPECT_EQ(down.error().message.find(right), std::string::npos);
}

TEST(SqliteToPgCopy, AFailureMidCopyRollsBackEveryRowAndALaterCopySucceeds) {
    SeededDesk desk;
    {
        // Timers come after tickets, persons and the journal in the copy: by then most rows are in
        // the target's transaction. SQLite lets a TEXT column hold bytes; the copy refuses them.
        SQLite::Database db(desk.file.string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE timers SET payload = X'00FF' WHERE key = 'sla:INC-000001'");
    }
    const auto target = fresh_database();
    auto r = pg::copy_sqlite_to_pg(desk.file, target);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("timers"), std::string::npos) << r.error().message;
    auto c = pg::Connection::open(target);
    ASSERT_TRUE(c);
    for (const auto& [table, rows] : pg_counts(**c)) EXPECT_EQ(rows, 0) << table;
    auto index = (*c)->query("SELECT COUNT(*) FROM ticket_search");
    ASSERT_TRUE(index);
    EXPECT_EQ(index->integer(0, 0), 0);

    {
        SQLite::Database db(desk.file.string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE timers SET payload = '{}' WHERE key = 'sla:INC-000001'");
    }
    auto retry = pg::copy_sqlite_to_pg(desk.file, target);
    ASSERT_TRUE(retry) << retry.error().message;
}

}  // namespace
}  // namespace frontline
