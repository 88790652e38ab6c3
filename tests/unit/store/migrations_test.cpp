#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/migrations.hpp"
#include "core/store/sqlite_store.hpp"
#include "store_test_support.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

bool has_table(SqliteStore& s, const std::string& name) {
    SQLite::Statement q(s.db(), "SELECT 1 FROM sqlite_master WHERE name = ?");
    q.bind(1, name);
    return q.executeStep();
}

TEST(Migrations, AreNumberedFromOneWithoutGaps) {
    int expected = 1;
    for (const auto& m : migrations()) {
        EXPECT_EQ(m.version, expected++);
        EXPECT_FALSE(m.description.empty());
    }
    EXPECT_EQ(latest_schema_version(), expected - 1);
}

TEST(Migrations, AnEmptyFileReachesTheLatestSchema) {
    TempDir dir;
    auto store = SqliteStore::open(dir.file("new.db"));
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ((*store)->schema_version(), latest_schema_version());
    for (const char* table : {"tickets", "journal", "persons", "identities", "tickets_fts", "sessions", "inbox", "outbox", "timers"})
        EXPECT_TRUE(has_table(**store, table)) << table;
    SQLite::Statement mode((*store)->db(), "PRAGMA journal_mode");
    mode.executeStep();
    EXPECT_EQ(mode.getColumn(0).getString(), "wal");
    SQLite::Statement fk((*store)->db(), "PRAGMA foreign_keys");
    fk.executeStep();
    EXPECT_EQ(fk.getColumn(0).getInt(), 1);
}

// From every earlier version, with data written at that version, to the latest: nothing lost.
TEST(Migrations, EveryEarlierVersionUpgradesKeepingItsData) {
    for (int from = 1; from < latest_schema_version(); ++from) {
        SCOPED_TRACE("from version " + std::to_string(from));
        TempDir dir;
        const auto path = dir.file("old.db");
        const TimePoint t0 = std::chrono::sys_days{std::chrono::year{2026} / 1 / 5} + 10h;
        {
            auto old = SqliteStore::open(path, from);
            ASSERT_TRUE(old) << old.error().message;
            EXPECT_EQ((*old)->schema_version(), from);
            // Write with plain SQL, as that version's code would have (the FTS table may not exist yet).
            auto t = testing::sample_ticket(TicketId{TicketType::incident, 1}, t0, "Outlook keeps asking for the password", "email");
            t.symptoms = {{"client", "Which client?", "Outlook desktop"}};
            (*old)->db().exec(
                "INSERT INTO ticket_sequences VALUES ('incident', 1);"
                "INSERT INTO persons (id, name) VALUES (1, 'Ada');"
                "INSERT INTO identities VALUES ('slack', 'U100', 1);");
            SQLite::Statement ins((*old)->db(),
                                  "INSERT INTO tickets (id, type, number, status, category, priority, tier,"
                                  " requester_platform, requester_user, reported_at, updated_at, record)"
                                  " VALUES ('INC-000001', 'incident', 1, 'new', 'email', 'P4', 'L1', 'slack', 'U100', ?, ?, ?)");
            ins.bind(1, static_cast<int64_t>(t0.time_since_epoch().count()));
            ins.bind(2, static_cast<int64_t>(t0.time_since_epoch().count()));
            ins.bind(3, R"({"id":"INC-000001","type":"incident","status":"new","category":"email","subcategory":"",)"
                        R"("impact":"low","urgency":"low","priority":"P4","tier":"L1",)"
                        R"("requester":{"name":"Ada","platform":"slack","user_id":"U100","contact":""},)"
                        R"("address":{"platform":"slack","conversation_id":"D1","thread":""},"locale":"en",)"
                        R"("title":"Outlook keeps asking for the password","description":"prompt loop",)"
                        R"("symptoms":[{"question":"client","label":"Which client?","answer":"Outlook desktop"}],)"
                        R"("affected_service":"","assignee":"","parent":null,"first_contact_resolution":false,)"
                        R"("restricted":false,"resolution_code":"","resolution_notes":"",)"
                        R"("reported_at":"2026-01-05T10:00:00Z","logged_at":"2026-01-05T10:00:00Z",)"
                        R"("first_response_at":null,"escalated_at":null,"claimed_at":null,"resolved_at":null,"closed_at":null,)"
                        R"("sla":{"response_due":null,"resolution_due":null,"paused_seconds":0,"paused_since":null}})");
            ins.exec();
            if (from >= 2)  // that version's code kept the search index itself (keyed by ticket from 7 on)
                (*old)->db().exec(std::string("INSERT INTO tickets_fts (rowid, ticket_id, title, description, symptoms, resolution)"
                                              " VALUES (") + (from >= 7 ? "16" : "NULL") +
                                  ", 'INC-000001', 'Outlook keeps asking for the password', 'prompt loop', 'Outlook desktop', '')");
            if (from >= 8)  // and the index of open tickets beside it
                (*old)->db().exec("INSERT INTO tickets_open_fts (rowid, ticket_id, title, description, symptoms, resolution)"
                                  " VALUES (16, 'INC-000001', 'Outlook keeps asking for the password', 'prompt loop', 'Outlook desktop', '')");
        }
        auto store = SqliteStore::open(path);
        ASSERT_TRUE(store) << store.error().message;
        EXPECT_EQ((*store)->schema_version(), latest_schema_version());
        auto t = (*store)->find_ticket(TicketId{TicketType::incident, 1});
        ASSERT_TRUE(t && *t);
        EXPECT_EQ((*t)->title, "Outlook keeps asking for the password");
        EXPECT_EQ((*store)->allocate_id(TicketType::incident)->str(), "INC-000002");
        auto person = (*store)->find_person({"slack", "U100"});
        ASSERT_TRUE(person && *person);
        EXPECT_EQ((*person)->name, "Ada");
        // The search index holds the old ticket (backfilled when it was written before the index existed).
        auto similar = (*store)->find_similar({"outlook password prompt", "", true, std::nullopt, std::nullopt, 5, {}, {}});
        ASSERT_TRUE(similar) << similar.error().message;
        ASSERT_EQ(similar->size(), 1u);
        EXPECT_EQ(similar->at(0).id.str(), "INC-000001");
        // Saved again after the upgrade, its entry is replaced (keyed by ticket since version 7), not doubled.
        Ticket edited = **t;
        edited.title = "Outlook keeps asking for the password after the update";
        ASSERT_TRUE((*store)->save_ticket(edited));
        similar = (*store)->find_similar({"outlook password", "", true, std::nullopt, std::nullopt, 5, {}, {}});
        ASSERT_TRUE(similar) << similar.error().message;
        ASSERT_EQ(similar->size(), 1u);
        EXPECT_EQ(similar->at(0).title, edited.title);
    }
}

TEST(Migrations, ReopeningDoesNotReapply) {
    TempDir dir;
    { ASSERT_TRUE(SqliteStore::open(dir.file("a.db"))); }
    auto again = SqliteStore::open(dir.file("a.db"));
    ASSERT_TRUE(again);
    SQLite::Statement q((*again)->db(), "SELECT COUNT(*) FROM schema_version");
    q.executeStep();
    EXPECT_EQ(q.getColumn(0).getInt(), latest_schema_version());
}

TEST(Migrations, ANewerFileIsRefusedClearly) {
    TempDir dir;
    {
        auto s = SqliteStore::open(dir.file("future.db"));
        ASSERT_TRUE(s);
        (*s)->db().exec("INSERT INTO schema_version VALUES (999)");
    }
    auto s = SqliteStore::open(dir.file("future.db"));
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("newer than this build"), std::string::npos);
}

TEST(Migrations, AFileThatIsNotADatabaseIsAClearError) {
    TempDir dir;
    {
        std::FILE* f = std::fopen(dir.file("junk.db").c_str(), "wb");
        std::fputs("this is not sqlite, just some text that is long enough to have a header", f);
        std::fclose(f);
    }
    auto s = SqliteStore::open(dir.file("junk.db"));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, Errc::storage);
    EXPECT_NE(s.error().message.find("junk.db"), std::string::npos);
}

}  // namespace
}  // namespace frontline
