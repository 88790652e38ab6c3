#include "backend_under_test.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/pg/pg_store.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/temp_dir.hpp"

namespace frontline::testing {
namespace {

class SqliteBackend final : public BackendUnderTest {
public:
    explicit SqliteBackend(std::shared_ptr<testkit::TempDir> dir) : dir_(std::move(dir)) { reopen(); }
    bool ok() const { return store_ != nullptr; }
    Store& store() override { return *store_; }
    TicketRepository& tickets() override { return *store_; }
    PersonRepository& persons() override { return *store_; }
    SessionRepository& sessions() override { return *store_; }
    HandoffRepository& handoffs() override { return *store_; }
    AlertRepository& alerts() override { return *store_; }
    BookingRepository& bookings() override { return *store_; }
    ReportSource& reports() override { return *store_; }
    AttachmentRepository& attachments() override { return *store_; }
    Result<std::vector<TicketCount>> count_tickets_by_status() override { return store_->count_tickets_by_status(); }
    Result<TicketMetrics> read_ticket_metrics(const std::vector<long long>& claim_bounds,
                                              const std::vector<long long>& resolve_bounds) override {
        return store_->read_ticket_metrics(claim_bounds, resolve_bounds);
    }
    Status in_transaction(const std::function<Status()>& fn) override { return store_->in_transaction(fn); }
    void reopen() override {
        store_.reset();
        auto s = SqliteStore::open(dir_->file("desk.db"));
        if (!s) ADD_FAILURE() << "cannot open the SQLite store: " << s.error().message;
        else store_ = std::move(*s);
    }
    std::unique_ptr<BackendUnderTest> another_connection() override { return std::make_unique<SqliteBackend>(dir_); }
    std::vector<std::vector<std::string>> rows(const std::string& sql) override {
        SQLite::Statement q(store_->db(), sql);
        std::vector<std::vector<std::string>> out;
        while (q.executeStep()) {
            out.emplace_back();
            for (int i = 0; i < q.getColumnCount(); ++i) out.back().push_back(q.getColumn(i).isNull() ? "" : q.getColumn(i).getString());
        }
        return out;
    }
    void execute(const std::string& sql) override {
        try {
            store_->db().exec(sql);
        } catch (const SQLite::Exception& e) {
            ADD_FAILURE() << sql << ": " << e.what();
        }
    }
    long long search_entries() override { return count("tickets_fts"); }

private:
    std::shared_ptr<testkit::TempDir> dir_;  // shared with another_connection()'s store
    std::unique_ptr<SqliteStore> store_;
};

class PostgresBackend final : public BackendUnderTest {
public:
    explicit PostgresBackend(pg::ConnectOptions options) : options_(std::move(options)) { reopen(); }
    bool ok() const { return store_ != nullptr; }
    Store& store() override { return *store_; }
    TicketRepository& tickets() override { return *store_; }
    PersonRepository& persons() override { return *store_; }
    SessionRepository& sessions() override { return *store_; }
    HandoffRepository& handoffs() override { return *store_; }
    AlertRepository& alerts() override { return *store_; }
    BookingRepository& bookings() override { return *store_; }
    ReportSource& reports() override { return *store_; }
    AttachmentRepository& attachments() override { return *store_; }
    Result<std::vector<TicketCount>> count_tickets_by_status() override { return store_->count_tickets_by_status(); }
    Result<TicketMetrics> read_ticket_metrics(const std::vector<long long>& claim_bounds,
                                              const std::vector<long long>& resolve_bounds) override {
        return store_->read_ticket_metrics(claim_bounds, resolve_bounds);
    }
    Status in_transaction(const std::function<Status()>& fn) override { return store_->in_transaction(fn); }
    void reopen() override {
        store_.reset();
        auto s = PgStore::open(options_);
        if (!s) ADD_FAILURE() << "cannot open the PostgreSQL store: " << s.error().message;
        else store_ = std::move(*s);
    }
    std::unique_ptr<BackendUnderTest> another_connection() override { return std::make_unique<PostgresBackend>(options_); }
    std::vector<std::vector<std::string>> rows(const std::string& sql) override {
        auto r = store_->connection().query(sql);
        if (!r) {
            ADD_FAILURE() << sql << ": " << r.error().message;
            return {};
        }
        std::vector<std::vector<std::string>> out;
        for (int i = 0; i < r->size(); ++i) {
            out.emplace_back();
            for (int c = 0; c < r->columns(); ++c) out.back().push_back(r->text(i, c));
        }
        return out;
    }
    void execute(const std::string& sql) override {
        if (auto r = store_->connection().query(sql); !r) ADD_FAILURE() << sql << ": " << r.error().message;
    }
    long long search_entries() override { return count("ticket_search"); }

private:
    pg::ConnectOptions options_;
    std::unique_ptr<PgStore> store_;
};

}  // namespace

std::unique_ptr<BackendUnderTest> open_backend(Backend backend) {
    if (backend == Backend::sqlite) {
        auto b = std::make_unique<SqliteBackend>(std::make_shared<testkit::TempDir>());
        return b->ok() ? std::move(b) : nullptr;
    }
    auto& cluster = testkit::PgCluster::shared();
    const std::string name = cluster.unique_name();
    cluster.create_database(name);
    auto b = std::make_unique<PostgresBackend>(pg::ConnectOptions{cluster.url(name), cluster.password()});
    return b->ok() ? std::move(b) : nullptr;
}

void BackendTest::SetUp() {
    store_ = open_backend(GetParam());
    ASSERT_TRUE(store_) << "the store did not open";
}

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::sqlite ? "sqlite" : "postgresql";
}

}  // namespace frontline::testing
