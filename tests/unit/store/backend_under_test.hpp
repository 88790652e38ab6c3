#pragma once
// The store tests that hold on both backends run once per backend: a parameterised fixture over
// Backend, and one factory that gives each test a fresh database of that backend (a SQLite file
// in a temp dir, or a new database on the test process's own PostgreSQL server, tests/support).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/alert_repository.hpp"
#include "core/attachment_repository.hpp"
#include "core/booking_repository.hpp"
#include "core/handoff_repository.hpp"
#include "core/person_repository.hpp"
#include "core/report_source.hpp"
#include "core/session_repository.hpp"
#include "core/store/runtime_stats.hpp"
#include "core/store/store.hpp"
#include "core/ticket_repository.hpp"

namespace frontline::testing {

enum class Backend { sqlite, postgresql };

/// One backend's store for one test.
class BackendUnderTest {
public:
    virtual ~BackendUnderTest() = default;
    /// The whole store (the runtime's tables, transactions); the accessors below are its ports.
    virtual Store& store() = 0;
    virtual TicketRepository& tickets() = 0;
    virtual PersonRepository& persons() = 0;
    virtual SessionRepository& sessions() = 0;
    virtual HandoffRepository& handoffs() = 0;
    virtual AlertRepository& alerts() = 0;
    virtual BookingRepository& bookings() = 0;
    virtual ReportSource& reports() = 0;
    virtual AttachmentRepository& attachments() = 0;
    /// The /metrics figures of this backend (runtime_stats.hpp on SQLite, PgStore's on PostgreSQL).
    virtual Result<std::vector<TicketCount>> count_tickets_by_status() = 0;
    virtual Result<TicketMetrics> read_ticket_metrics(const std::vector<long long>& claim_bounds,
                                                      const std::vector<long long>& resolve_bounds) = 0;
    virtual Status in_transaction(const std::function<Status()>& fn) = 0;
    /// Closes the connection and opens the same database again, as a restart does.
    virtual void reopen() = 0;
    /// Another connection to the same database, as another thread or process has.
    virtual std::unique_ptr<BackendUnderTest> another_connection() = 0;
    /// Each row of `sql` (the same SQL on both backends, no parameters), NULL as "".
    virtual std::vector<std::vector<std::string>> rows(const std::string& sql) = 0;
    /// Runs one statement that returns no rows (seeding a table the ports only read); fails the test
    /// when the statement fails.
    virtual void execute(const std::string& sql) = 0;
    /// The entries of the similar-incident search index (FTS5 on SQLite, ticket_search on PostgreSQL).
    virtual long long search_entries() = 0;

    long long count(const std::string& table) { return std::stoll(rows("SELECT count(*) FROM " + table).at(0).at(0)); }
};

/// A fresh, migrated store of `backend`; fails the test (ASSERT-style, nullptr) when it cannot open.
std::unique_ptr<BackendUnderTest> open_backend(Backend backend);

/// The fixture: GetParam() is the backend, backend() its fresh store.
class BackendTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override;
    BackendUnderTest& backend() { return *store_; }
    std::unique_ptr<BackendUnderTest> store_;
};

/// "sqlite" / "postgresql": the suffix of each test's name.
std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

}  // namespace frontline::testing

/// Runs every TEST_P of `suite` on both backends.
#define FRONTLINE_ON_BOTH_BACKENDS(suite)                                                                      \
    INSTANTIATE_TEST_SUITE_P(Backend, suite,                                                                   \
                             ::testing::Values(::frontline::testing::Backend::sqlite,                        \
                                               ::frontline::testing::Backend::postgresql),                   \
                             ::frontline::testing::backend_name)
