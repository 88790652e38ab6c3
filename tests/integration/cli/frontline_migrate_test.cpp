// `frontline migrate` run as an admin would: the real binary copies a SQLite desk into a database on
// the test process's own PostgreSQL (tests/support/pg_cluster.hpp), the password from the variable
// named by --password-env; wrong arguments and a wrong password are explained and copy nothing.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include <sys/wait.h>

#include "core/store/pg/pg_store.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

using testkit::PgCluster;

struct Outcome {
    int code;
    std::string out;
};

/// Runs the binary from `cwd` with `env` ("NAME=value " assignments) before it: stdout and stderr.
Outcome run_in(const std::filesystem::path& cwd, const std::string& env, const std::string& args) {
    const std::string cmd = "cd '" + cwd.string() + "' && " + env + std::string(FRONTLINE_BINARY) + " " + args + " 2>&1";
    Outcome r{-1, {}};
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

class FrontlineMigrate : public ::testing::Test {
protected:
    void SetUp() override {
        auto& cluster = PgCluster::shared();
        const std::string name = cluster.unique_name();
        cluster.create_database(name);
        url_ = cluster.url(name);
        password_ = cluster.password();
        // A small desk: one person with a ticket and its journal.
        auto store = SqliteStore::open(temp_.path() / "desk.db");
        ASSERT_TRUE(store) << store.error().message;
        ASSERT_TRUE((*store)->upsert_person({"webchat", "w1"}, "Ada", "ada@example.org"));
        auto id = (*store)->allocate_id(TicketType::incident);
        ASSERT_TRUE(id);
        Ticket t;
        t.id = *id;
        t.type = TicketType::incident;
        t.category = "network";
        t.requester = {"Ada", {"webchat", "w1"}, "ada@example.org", ""};
        t.address = {"webchat", "w1", ""};
        t.title = "VPN drops every five minutes";
        t.description = t.title;
        ASSERT_TRUE((*store)->save_ticket(t));
        JournalEntry e{0, *id, "bot", TimePoint{}, "created", "{}"};
        ASSERT_TRUE((*store)->append_journal(e));
    }

    /// `frontline migrate` from the temp dir (no configuration file there) with the desk as source.
    Outcome migrate(const std::string& env, const std::string& to) {
        return run_in(temp_.path(), env, "migrate --from sqlite:desk.db --to '" + to + "' --password-env FRONTLINE_TEST_PG_PASSWORD");
    }
    std::string env(const std::string& password) const { return "FRONTLINE_TEST_PG_PASSWORD='" + password + "' "; }

    std::int64_t target_tickets() {
        auto c = pg::Connection::open({url_, password_});
        if (!c) return -1;
        auto exists = (*c)->query("SELECT to_regclass('tickets') IS NOT NULL");
        if (!exists || exists->text(0, 0) != "t") return 0;
        auto n = (*c)->query("SELECT COUNT(*) FROM tickets");
        return n ? n->integer(0, 0) : -1;
    }

    testkit::TempDir temp_;
    std::string url_, password_;
};

TEST_F(FrontlineMigrate, CopiesTheDeskAndPrintsEachTablesCountsOnBothSides) {
    auto r = migrate(env(password_), "postgresql:" + url_);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("tickets                          1           1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("journal                          1           1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("search index rebuilt for 1 tickets"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("every count equal on both sides"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find(password_), std::string::npos) << "the password is never printed";

    auto pg = PgStore::open({url_, password_});
    ASSERT_TRUE(pg) << pg.error().message;
    auto t = (*pg)->find_ticket(*TicketId::parse("INC-000001"));
    ASSERT_TRUE(t && *t);
    EXPECT_EQ((*t)->title, "VPN drops every five minutes");
    auto next = (*pg)->allocate_id(TicketType::incident);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->str(), "INC-000002");

    auto again = migrate(env(password_), "postgresql:" + url_);
    EXPECT_EQ(again.code, 1) << again.out;
    EXPECT_NE(again.out.find("not empty"), std::string::npos) << again.out;
}

TEST_F(FrontlineMigrate, AWrongPasswordIsExplainedNeverPrintedAndCopiesNothing) {
    auto r = migrate(env("n0t-the-Passw0rd"), "postgresql:" + url_);
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.out.find("password authentication failed"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("no rows were copied"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("n0t-the-Passw0rd"), std::string::npos) << r.out;
    EXPECT_EQ(target_tickets(), 0);
}

TEST_F(FrontlineMigrate, WrongArgumentsAreExplainedAndCopyNothing) {
    struct Case {
        std::string args, expected;
        int code;
    };
    const std::string to = "--to 'postgresql:" + url_ + "'";
    for (const auto& c : std::vector<Case>{
             {"migrate --from desk.db " + to, "--from takes sqlite:PATH", 2},
             {"migrate --from sqlite:desk.db --to 'mysql://root@db/desk'", "--to takes postgresql:URL", 2},
             {"migrate --from sqlite:desk.db", "'migrate' takes --from sqlite:PATH --to postgresql:URL", 2},
             {"migrate --from sqlite:desk.db --to 'postgresql://frontline:s3cr3t-in-url@127.0.0.1/x'",
              "put it in the environment variable named by --password-env", 2},
             {"migrate --from sqlite:desk.db " + to + " --password-env FRONTLINE_TEST_UNSET_VARIABLE",
              "--password-env names FRONTLINE_TEST_UNSET_VARIABLE, which is not set", 2},
             {"migrate --from sqlite:nowhere.db " + to, "no SQLite database at " + (temp_.path() / "nowhere.db").string(), 1},
         }) {
        auto r = run_in(temp_.path(), "unset FRONTLINE_TEST_UNSET_VARIABLE; ", c.args);
        EXPECT_EQ(r.code, c.code) << c.args << "\n" << r.out;
        EXPECT_NE(r.out.find(c.expected), std::string::npos) << c.args << "\n" << r.out;
        EXPECT_EQ(r.out.find("s3cr3t-in-url"), std::string::npos) << r.out;
    }
    EXPECT_FALSE(std::filesystem::exists(temp_.path() / "nowhere.db"));
    EXPECT_EQ(target_tickets(), 0);
}

}  // namespace
}  // namespace frontline
