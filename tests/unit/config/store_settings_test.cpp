// store.backend and its keys: SQLite by default, PostgreSQL's URL and password variable checked
// without connecting, the keys of several processes sharing the work, and check-config on either.
#include "bot/config/store_settings.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "bot/cli/check_config.hpp"

namespace frontline {
namespace {

const char* kMinimal = R"({"store": {"path": "../var/x.db"}, "http": {"listen": "127.0.0.1:8080"}})";

Result<StoreSettings> settings(std::vector<std::string> overrides) {
    auto c = Config::from_text(kMinimal, "/etc/frontline/frontline.json", std::move(overrides));
    EXPECT_TRUE(c) << c.error().message;
    return read_store_settings(*c);
}

std::string error_of(std::vector<std::string> overrides) {
    auto s = settings(std::move(overrides));
    EXPECT_FALSE(s);
    return s ? std::string() : s.error().message;
}

TEST(StoreSettings, SqliteIsTheDefaultAndTakesStorePath) {
    auto s = settings({});
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->backend, StoreBackend::sqlite);
    EXPECT_EQ(s->sqlite_path, std::filesystem::path("/etc/frontline/../var/x.db"));
}

TEST(StoreSettings, PostgresqlNeedsAUrlWithoutAPasswordAndItsPasswordVariableSet) {
    EXPECT_NE(error_of({"store.backend=mysql"}).find("key 'store.backend': expected \"sqlite\" or \"postgresql\""),
              std::string::npos);
    EXPECT_NE(error_of({"store.backend=postgresql"}).find("key 'store.url'"), std::string::npos);
    EXPECT_NE(error_of({"store.backend=postgresql", "store.url=host=db bogus_key=1"}).find("key 'store.url'"),
              std::string::npos);
    const std::string with_password = error_of({"store.backend=postgresql", "store.url=host=db password=hunter2"});
    EXPECT_NE(with_password.find("store.password_env"), std::string::npos);
    EXPECT_EQ(with_password.find("hunter2"), std::string::npos) << "never repeated";

    ::unsetenv("FRONTLINE_TEST_PG_PASSWORD");
    const std::string unset = error_of({"store.backend=postgresql", "store.url=host=db dbname=desk",
                                        "store.password_env=FRONTLINE_TEST_PG_PASSWORD"});
    EXPECT_NE(unset.find("FRONTLINE_TEST_PG_PASSWORD, which is not set"), std::string::npos) << unset;

    ::setenv("FRONTLINE_TEST_PG_PASSWORD", "s3cret-value", 1);
    auto ok = settings({"store.backend=postgresql", "store.url=host=db dbname=desk",
                        "store.password_env=FRONTLINE_TEST_PG_PASSWORD"});
    ::unsetenv("FRONTLINE_TEST_PG_PASSWORD");
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->backend, StoreBackend::postgresql);
    EXPECT_EQ(ok->postgresql.url, "host=db dbname=desk");
    EXPECT_EQ(ok->postgresql.password, "s3cret-value");
}

TEST(StoreSettings, TheSharedWorkKeysHaveDefaultsAndRefuseValuesOutOfRange) {
    auto s = settings({"store.backend=postgresql", "store.url=host=db dbname=desk"});
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->claim_lease, Seconds{30});
    EXPECT_EQ(s->leader_lease, Seconds{3});
    EXPECT_EQ(s->follow_every, std::chrono::milliseconds{500});
    // Without attachments.dir the files go beside var/ under the config's folder, as SQLite's do.
    EXPECT_EQ(s->files_beside, std::filesystem::path("/etc/frontline/var/postgresql"));

    auto tuned = settings({"store.backend=postgresql", "store.url=host=db dbname=desk", "store.claim_seconds=120",
                           "store.leader_lease_seconds=10", "store.follow_ms=250"});
    ASSERT_TRUE(tuned) << tuned.error().message;
    EXPECT_EQ(tuned->claim_lease, Seconds{120});
    EXPECT_EQ(tuned->leader_lease, Seconds{10});
    EXPECT_EQ(tuned->follow_every, std::chrono::milliseconds{250});

    const std::vector<std::pair<std::string, std::string>> bad = {
        {"store.claim_seconds=4", "key 'store.claim_seconds'"},     {"store.claim_seconds=3601", "key 'store.claim_seconds'"},
        {"store.claim_seconds=soon", "key 'store.claim_seconds'"},  {"store.leader_lease_seconds=1", "key 'store.leader_lease_seconds'"},
        {"store.leader_lease_seconds=301", "key 'store.leader_lease_seconds'"}, {"store.follow_ms=49", "key 'store.follow_ms'"},
        {"store.follow_ms=10001", "key 'store.follow_ms'"}};
    for (const auto& [override_, key] : bad) {
        const std::string e = error_of({"store.backend=postgresql", "store.url=host=db dbname=desk", override_});
        EXPECT_NE(e.find(key), std::string::npos) << override_ << ": " << e;
    }
}

TEST(StoreSettings, CheckConfigAcceptsAPostgresqlStoreAndNamesABadKeyFirst) {
    auto shipped = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
                                {"store.backend=postgresql", "store.url=host=db.invalid dbname=desk"});
    ASSERT_TRUE(shipped) << shipped.error().message;
    std::ostringstream out, err;
    EXPECT_EQ(run_check_config(*shipped, out, err), 0) << err.str();

    std::ostringstream out2, err2;
    auto bad = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json", {"store.backend=postgresql"});
    ASSERT_TRUE(bad);
    EXPECT_EQ(run_check_config(*bad, out2, err2), 1);
    EXPECT_NE(err2.str().find("key 'store.url'"), std::string::npos) << err2.str();
}

}  // namespace
}  // namespace frontline
