// `frontline --console` in process, on the shipped configuration and a real SQLite file: each line
// goes through the engine loop's batch, so the store holds what the service would hold (inbox,
// outbox rows the console delivered, armed timers).
#include "bot/cli/console_mode.hpp"

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <sstream>

#include "tests/support/temp_dir.hpp"

namespace frontline {
namespace {

/// The shipped configuration on a database of the test's own.
Config shipped_on(const std::filesystem::path& db) {
    auto config = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
                               {"store.path=\"" + db.string() + "\""});
    if (!config) throw std::runtime_error(config.error().message);
    return std::move(*config);
}

long long count(const std::filesystem::path& db, const std::string& sql) {
    SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(d, sql);
    q.executeStep();
    return q.getColumn(0).getInt64();
}

TEST(ConsoleMode, RecordsInboxOutboxAndTimersLikeTheService) {
    testkit::TempDir dir;
    const auto db = dir.file("console.db");
    std::istringstream in("my printer is jammed\n");
    std::ostringstream out;
    ASSERT_EQ(run_console(shipped_on(db), in, out), 0);
    EXPECT_FALSE(out.str().empty());

    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM inbox WHERE event_key LIKE 'console:%'"), 1);
    const long long to_console = count(db, "SELECT COUNT(*) FROM outbox WHERE platform = 'console'");
    EXPECT_GT(to_console, 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM outbox WHERE platform = 'console' AND status = 'delivered'"), to_console)
        << "what the console printed is marked delivered";
    EXPECT_GT(count(db, "SELECT COUNT(*) FROM timers"), 0) << "the idle reminder is armed, as in the service";
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM tickets"), 1);
}

TEST(ConsoleMode, AnsweredLinesAreNotAnsweredAgainAfterARestart) {
    testkit::TempDir dir;
    const auto db = dir.file("console.db");
    std::istringstream first("hello\n");
    std::ostringstream out1;
    ASSERT_EQ(run_console(shipped_on(db), first, out1), 0);
    std::istringstream none("");
    std::ostringstream out2;
    ASSERT_EQ(run_console(shipped_on(db), none, out2), 0);
    EXPECT_EQ(out2.str(), "") << "nothing left undelivered to print again";
}

}  // namespace
}  // namespace frontline
