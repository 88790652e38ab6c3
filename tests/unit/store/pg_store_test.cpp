// The PostgreSQL store's own parts: the connection (URL checks, TLS default, password, parameters,
// statement cache, transactions) and the migrations under the advisory lock, on the test process's
// own server (tests/support/pg_cluster.hpp).
#include <gtest/gtest.h>

#include <latch>
#include <map>
#include <thread>

#include "core/store/migrations.hpp"
#include "core/store/pg/pg_connection.hpp"
#include "core/store/pg/pg_migrate.hpp"
#include "core/store/pg/pg_store.hpp"
#include "tests/support/pg_cluster.hpp"

namespace frontline {
namespace {

using testkit::PgCluster;

/// A fresh database on the shared server, and how to reach it.
pg::ConnectOptions fresh_database() {
    auto& cluster = PgCluster::shared();
    const std::string name = cluster.unique_name();
    cluster.create_database(name);
    return {cluster.url(name), cluster.password()};
}

std::map<std::string, std::string> parameters_of(const pg::ConnectOptions& o) {
    auto p = pg::connection_parameters(o);
    EXPECT_TRUE(p) << (p ? "" : p.error().message);
    return p ? std::map<std::string, std::string>(p->begin(), p->end()) : std::map<std::string, std::string>{};
}

TEST(PgUrl, APasswordInTheUrlOrAnUnreadableUrlIsRefused) {
    EXPECT_TRUE(pg::check_url("host=db.example.org dbname=frontline user=desk"));
    EXPECT_TRUE(pg::check_url("postgresql://desk@db.example.org:5433/frontline"));
    auto key = pg::check_url("host=db dbname=frontline password=hunter2");
    ASSERT_FALSE(key);
    EXPECT_NE(key.error().message.find("store.password_env"), std::string::npos);
    EXPECT_EQ(key.error().message.find("hunter2"), std::string::npos) << "a refused password is never repeated";
    auto uri = pg::check_url("postgresql://desk:hunter2@db/frontline");
    ASSERT_FALSE(uri);
    EXPECT_EQ(uri.error().message.find("hunter2"), std::string::npos);
    auto garbage = pg::check_url("host=db nonsense_option=1");
    ASSERT_FALSE(garbage);
    EXPECT_NE(garbage.error().message.find("not a libpq connection string"), std::string::npos);
    EXPECT_FALSE(pg::check_url(""));
}

TEST(PgUrl, TlsIsPreferredAndVerifiedOnceACaIsNamed) {
    EXPECT_EQ(parameters_of({"host=db dbname=f", ""})["sslmode"], "prefer");
    EXPECT_EQ(parameters_of({"host=db dbname=f sslrootcert=/etc/ssl/db-ca.pem", ""})["sslmode"], "verify-full");
    EXPECT_EQ(parameters_of({"host=db dbname=f sslmode=require", ""})["sslmode"], "require") << "the admin's choice stands";
    auto with_password = parameters_of({"host=db dbname=f", "s3cret"});
    EXPECT_EQ(with_password["password"], "s3cret");
    EXPECT_EQ(parameters_of({"host=db dbname=f", ""}).count("password"), 0u);
}

TEST(PgConnection, AWrongPasswordIsAClearErrorThatDoesNotRepeatIt) {
    auto o = fresh_database();
    o.password = "not-the-password";
    auto c = pg::Connection::open(o);
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find("password authentication failed"), std::string::npos) << c.error().message;
    EXPECT_EQ(c.error().message.find("not-the-password"), std::string::npos);
}

TEST(PgConnection, ParametersTravelApartFromTheSqlAndStatementsArePreparedOnce) {
    auto c = pg::Connection::open(fresh_database());
    ASSERT_TRUE(c) << c.error().message;
    auto& db = **c;
    ASSERT_TRUE(db.execute_script("CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT)"));
    const std::string nasty = "'); DROP TABLE notes; --";
    for (int i = 1; i <= 3; ++i)
        ASSERT_TRUE(db.query("INSERT INTO notes (id, body) VALUES ($1, $2)", {pg::integer(i), pg::text(nasty)}));
    EXPECT_EQ(db.statements_prepared(), 1u) << "one statement, prepared once, run three times";
    auto rows = db.query("SELECT body, id FROM notes WHERE id = $1", {pg::integer(2)});
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1);
    EXPECT_EQ(rows->text(0, 0), nasty);
    EXPECT_EQ(rows->integer(0, 1), 2);

    auto nul = db.query("INSERT INTO notes (id, body) VALUES ($1, $2)", {pg::integer(9), pg::text(std::string("a\0b", 3))});
    ASSERT_FALSE(nul);
    EXPECT_EQ(nul.error().code, Errc::invalid_argument);
    auto twice = db.query("INSERT INTO notes (id, body) VALUES ($1, $2)", {pg::integer(1), pg::text("again")});
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, Errc::conflict) << twice.error().message;
    EXPECT_EQ(db.query("SELECT count(*) FROM notes")->integer(0, 0), 3);
}

TEST(PgConnection, ANestedTransactionRollsBackOnlyItsOwnPartAndAFailedOneWritesNothing) {
    auto c = pg::Connection::open(fresh_database());
    ASSERT_TRUE(c) << c.error().message;
    auto& db = **c;
    ASSERT_TRUE(db.execute_script("CREATE TABLE notes (id BIGINT PRIMARY KEY)"));
    auto add = [&](int id) -> Status {
        auto r = db.query("INSERT INTO notes (id) VALUES ($1)", {pg::integer(id)});
        if (!r) return r.error();
        return {};
    };
    ASSERT_TRUE(db.in_transaction([&]() -> Status {
        if (auto ok = add(1); !ok) return ok;
        // The inner part fails in the server (a duplicate key): only it is undone.
        EXPECT_FALSE(db.in_transaction([&]() -> Status {
            if (auto ok = add(2); !ok) return ok;
            return add(1);
        }));
        return add(3);
    }));
    auto failed = db.in_transaction([&]() -> Status {
        if (auto ok = add(4); !ok) return ok;
        return make_error(Errc::conflict, "changed my mind");
    });
    EXPECT_FALSE(failed);
    EXPECT_FALSE(db.inside_transaction());
    auto ids = db.query("SELECT string_agg(id::text, ',' ORDER BY id) FROM notes");
    ASSERT_TRUE(ids);
    EXPECT_EQ(ids->text(0, 0), "1,3");
}

TEST(PgMigrations, EveryStepHasItsPostgresqlSql) {
    for (const auto& m : migrations()) EXPECT_FALSE(m.postgresql.empty()) << "migration " << m.version;
}

TEST(PgMigrations, AnEmptyDatabaseReachesTheLatestSchemaAndAStoreStoppedEarlierCatchesUp) {
    const auto o = fresh_database();
    {
        auto early = PgStore::open(o, 5);
        ASSERT_TRUE(early) << early.error().message;
        EXPECT_EQ(*(*early)->schema_version(), 5);
    }
    auto store = PgStore::open(o);
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ(*(*store)->schema_version(), latest_schema_version());
    auto tables = (*store)->connection().query("SELECT count(*) FROM information_schema.tables WHERE table_name = ANY($1::text[])",
                                               {pg::text_array({"tickets", "journal", "persons", "identities", "sessions",
                                                                "inbox", "outbox", "timers", "ticket_search", "link_codes"})});
    ASSERT_TRUE(tables);
    EXPECT_EQ(tables->integer(0, 0), 10);
    auto versions = (*store)->connection().query("SELECT count(*) FROM schema_version");
    EXPECT_EQ(versions->integer(0, 0), latest_schema_version()) << "each step recorded once";
}

TEST(PgMigrations, ADatabaseNewerThanThisBuildIsRefused) {
    const auto o = fresh_database();
    {
        auto store = PgStore::open(o);
        ASSERT_TRUE(store) << store.error().message;
        ASSERT_TRUE((*store)->connection().query("INSERT INTO schema_version (version) VALUES ($1)",
                                                 {pg::integer(latest_schema_version() + 1)}));
    }
    auto newer = PgStore::open(o);
    ASSERT_FALSE(newer);
    EXPECT_NE(newer.error().message.find("newer than this build"), std::string::npos) << newer.error().message;
}

// Two processes starting together on one empty database: one migrates under the advisory lock,
// the other waits and finds the work done. Without the lock one of them fails (a table created
// twice) or the steps are recorded twice.
TEST(PgMigrations, TwoStoresMigratingOneEmptyDatabaseAtTheSameInstantMigrateOnce) {
    const auto o = fresh_database();
    constexpr int kStores = 4;
    // Connected first, then released together: the migrations start at the same instant.
    std::vector<std::unique_ptr<pg::Connection>> connections;
    for (int i = 0; i < kStores; ++i) {
        auto c = pg::Connection::open(o);
        ASSERT_TRUE(c) << c.error().message;
        connections.push_back(std::move(*c));
    }
    std::latch start(kStores);
    std::vector<Status> results(kStores);
    std::vector<std::thread> threads;
    for (int i = 0; i < kStores; ++i)
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            results[i] = pg::migrate(*connections[i]);
        });
    for (auto& t : threads) t.join();
    for (int i = 0; i < kStores; ++i) EXPECT_TRUE(results[i]) << i << ": " << results[i].error().message;
    auto versions = connections[0]->query("SELECT count(*), count(DISTINCT version), max(version) FROM schema_version");
    ASSERT_TRUE(versions);
    EXPECT_EQ(versions->integer(0, 0), latest_schema_version());
    EXPECT_EQ(versions->integer(0, 1), latest_schema_version());
    EXPECT_EQ(versions->integer(0, 2), latest_schema_version());
    auto held = connections[0]->query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'");
    EXPECT_EQ(held->integer(0, 0), 0) << "every store let the lock go";
}

}  // namespace
}  // namespace frontline
