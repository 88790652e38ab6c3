// store.backend and its keys: SQLite by default, PostgreSQL's URL and password variable checked
// without connecting, and every mode refusing PostgreSQL while this build cannot run on it whole.
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

TEST(StoreSettings, EveryModeRefusesPostgresqlUntilThisBuildRunsOnItWhole) {
    auto c = Config::from_text(kMinimal, "/etc/frontline/frontline.json",
                               {"store.backend=postgresql", "store.url=host=db dbname=desk"});
    ASSERT_TRUE(c);
    auto path = sqlite_store_path(*c);
    ASSERT_FALSE(path);
    EXPECT_NE(path.error().message.find("the PostgreSQL store is not complete in this build"), std::string::npos);

    auto shipped = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
                                {"store.backend=postgresql", "store.url=host=db dbname=desk"});
    ASSERT_TRUE(shipped) << shipped.error().message;
    std::ostringstream out, err;
    EXPECT_EQ(run_check_config(*shipped, out, err), 1);
    EXPECT_NE(err.str().find("the PostgreSQL store is not complete in this build"), std::string::npos) << err.str();
    // A bad key is named first: the admin fixes the config before learning the build's limit.
    std::ostringstream out2, err2;
    auto bad = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json", {"store.backend=postgresql"});
    ASSERT_TRUE(bad);
    EXPECT_EQ(run_check_config(*bad, out2, err2), 1);
    EXPECT_NE(err2.str().find("key 'store.url'"), std::string::npos) << err2.str();
}

}  // namespace
}  // namespace frontline
