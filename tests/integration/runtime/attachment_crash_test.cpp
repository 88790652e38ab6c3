// Files through the real `frontline` process on the shipped configuration (issue 22): a web chat
// page uploads a screenshot and sends it with a message; the process is killed between the download
// into the vault and the commit that records it (FRONTLINE_FAULT=after_file_stored), restarted on
// the same database and vault, and the page resends: the file is on the ticket once and the journal
// names it once. And the scan hook: a file the scanner calls infected, or a scanner that fails, is
// quarantined and never served.
#include <gtest/gtest.h>

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <boost/asio/io_context.hpp>

#include "adapters/net/http_client.hpp"
#include "adapters/webchat/session_token.hpp"
#include "bot/runtime/fault_injection.hpp"
#include "tests/support/run_coroutine.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "adapters/net/wait.hpp"
#include "adapters/net/websocket_client.hpp"
#include "bot/files/file_vault.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using nlohmann::json;
using namespace std::string_literals;

const std::string kAgentSecret = "attachment-test-agent-secret";
const std::string kScreenshot = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR the pixels of an error dialog"s;

/// A web chat page as this test drives it: its session token is what an upload needs.
class Page {
public:
    Page(asio::io_context& io, std::uint16_t port, const std::string& session = "", const std::string& epoch = "") : io_(io) {
        net::WebSocketClient client(io_.get_executor(), nullptr);
        auto ws = testkit::run_coroutine(io_, client.connect("ws://127.0.0.1:" + std::to_string(port) + "/ws"));
        if (!ws) return;
        ws_ = *ws;
        ws_->send(json{{"type", "hello"}, {"v", 1}, {"session", session}, {"epoch", epoch}, {"last_seq", 0}, {"locale", "en"}}.dump());
        const json welcome = next();
        if (welcome.value("type", "") != "welcome") return;
        session_ = welcome.value("session", "");
        epoch_ = welcome.value("epoch", "");
    }
    bool ok() const { return !session_.empty(); }
    const std::string& session() const { return session_; }
    const std::string& epoch() const { return epoch_; }
    void send(const json& frame) { ws_->send(frame.dump()); }
    /// The next frame, or null when the connection ended or went quiet for 20 s.
    json next() {
        auto text = testkit::run_coroutine(io_, net::with_deadline(ws_->read(), std::chrono::seconds(20), "web chat frame"));
        return text ? json::parse(*text) : json();
    }
    /// Bot lines until one contains `needle` (false when the page went quiet or closed first).
    bool bot_says(const std::string& needle) {
        for (json f = next(); !f.is_null(); f = next())
            if (f.value("from", "") == "bot" && f.value("text", "").find(needle) != std::string::npos) return true;
        return false;
    }

private:
    asio::io_context& io_;
    net::WebSocketPtr ws_;
    std::string session_, epoch_;
};

json with_file(const std::string& id, const std::string& upload, const std::string& name) {
    return json{{"type", "message"}, {"id", id}, {"text", ""}, {"files", json::array({json{{"upload", upload}, {"name", name}}})}};
}

class AttachmentProcessTest : public ::testing::Test {
protected:
    void TearDown() override {
        if (HasFailure()) std::cerr << "service.log:\n" << std::ifstream(dir_.file("service.log")).rdbuf();
    }
    std::unique_ptr<testing::ServiceProcess> start(const std::string& fault = "", const std::string& scan = "") {
        std::vector<std::string> args = {
            "--config", std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json",
            "--db", db_.string(),
            "--set", "http.listen=\"127.0.0.1:0\"",
        };
        if (!scan.empty()) args.insert(args.end(), {"--set", "attachments.scan_command=" + json(scan).dump()});
        std::map<std::string, std::string> env{{"FRONTLINE_WEBCHAT_AGENT_SECRET", kAgentSecret}};
        if (!fault.empty()) env["FRONTLINE_FAULT"] = fault;
        auto p = std::make_unique<testing::ServiceProcess>(FRONTLINE_BINARY, args, env, dir_.file("service.log"));
        EXPECT_NE(p->port(), 0) << "the service did not start";
        return p;
    }
    net::HttpResponse http(std::uint16_t port, const std::string& method, const std::string& path, const std::string& body = "",
                           const std::map<std::string, std::string>& headers = {}) {
        net::HttpClient client(io_.get_executor(), nullptr);
        net::HttpRequest r;
        r.method = method;
        r.url = "http://127.0.0.1:" + std::to_string(port) + path;
        r.body = body;
        for (const auto& [k, v] : headers) r.headers.set(k, v);
        auto response = testkit::run_coroutine(io_, client.request(std::move(r)));
        EXPECT_TRUE(response) << response.error().message;
        return response ? *response : net::HttpResponse{0, {}, {}};
    }
    /// POST /upload with the page's session token; the upload id.
    std::string upload(std::uint16_t port, const std::string& session, const std::string& bytes, const std::string& encoded_name) {
        auto r = http(port, "POST", "/upload", bytes, {{"Authorization", "Bearer " + session}, {"X-File-Name", encoded_name}});
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? json::parse(r.body).value("upload", "") : "";
    }
    json agent_files(std::uint16_t port, const std::string& ticket) {
        auto r = http(port, "GET", "/api/files?ticket=" + ticket, "",
                      {{"Authorization", "Bearer " + webchat::agent_token_for(kAgentSecret, "bruno", 0)}});
        EXPECT_EQ(r.status, 200) << r.body;
        return json::parse(r.body, nullptr, false);
    }
    std::string sql(const std::string& query) {
        SQLite::Database db(db_.string(), SQLite::OPEN_READONLY);
        SQLite::Statement q(db, query);
        if (!q.executeStep() || q.getColumn(0).isNull()) return "";
        return q.getColumn(0).getString();
    }
    std::string log() {
        std::ostringstream out;
        out << std::ifstream(dir_.file("service.log")).rdbuf();
        return out.str();
    }

    testkit::TempDir dir_;
    std::filesystem::path db_ = dir_.file("frontline.db");
    asio::io_context io_;
    const std::string sha_ = files::sha256_hex(kScreenshot);
};

TEST_F(AttachmentProcessTest, ACrashBetweenTheDownloadAndTheCommitKeepsTheFileOnTheTicketOnce) {
    auto service = start("after_file_stored");
    std::string session, epoch;
    const json message = [&] {
        Page page(io_, service->port());
        EXPECT_TRUE(page.ok());
        session = page.session();
        epoch = page.epoch();
        page.send(json{{"type", "message"}, {"id", "m1"}, {"text", "My VPN keeps dropping every five minutes"}});
        EXPECT_TRUE(page.bot_says("INC-000001"));
        const std::string id = upload(service->port(), session, kScreenshot, "error%20dialog.png");
        EXPECT_EQ(id, sha_);  // uploads are kept in the vault at once, named by their SHA-256
        const json m = with_file("m2", id, "error dialog.png");
        page.send(m);
        // The file is fetched, in the vault and scanned; then the process dies before the commit.
        EXPECT_FALSE(page.bot_says("kept"));
        return m;
    }();
    EXPECT_EQ(service->wait(), kFaultExitCode);
    EXPECT_TRUE(std::filesystem::exists(dir_.file("files") / sha_.substr(0, 2) / sha_.substr(2, 2) / sha_));
    EXPECT_EQ(sql("SELECT COUNT(*) FROM ticket_attachments"), "0");
    EXPECT_EQ(sql("SELECT COUNT(*) FROM journal WHERE kind = 'attachment'"), "0");

    // Restarted on the same database and vault; the page resends the line it never saw confirmed
    // (twice, as a flaky page might): fetched again, the same file, applied once.
    auto restarted = start();
    Page page(io_, restarted->port(), session, epoch);
    ASSERT_TRUE(page.ok());
    page.send(message);
    page.send(message);
    EXPECT_TRUE(page.bot_says("I've kept error dialog.png with your report"));
    EXPECT_EQ(sql("SELECT COUNT(*) FROM ticket_attachments WHERE ticket_id = 'INC-000001'"), "1");
    EXPECT_EQ(sql("SELECT COUNT(*) FROM journal WHERE kind = 'attachment' AND ticket_id = 'INC-000001'"), "1");
    EXPECT_EQ(sql("SELECT json_extract(details, '$.sha256') FROM journal WHERE kind = 'attachment'"), sha_);
    EXPECT_EQ(sql("SELECT media_type FROM ticket_attachments"), "image/png");

    // The agents' view lists it with a link that serves it.
    const json listed = agent_files(restarted->port(), "INC-000001");
    ASSERT_EQ(listed["files"].size(), 1u) << listed.dump();
    auto served = http(restarted->port(), "GET", listed["files"][0]["url"].get<std::string>());
    EXPECT_EQ(served.status, 200);
    EXPECT_EQ(served.body, kScreenshot);
    EXPECT_EQ(served.headers.get("Content-Type").value_or(""), "image/png");
    EXPECT_EQ(restarted->stop(SIGTERM), 0);
}

TEST_F(AttachmentProcessTest, AnInfectedFileIsQuarantinedAndNeverServed) {
    const auto script = dir_.file("scan.sh");
    std::ofstream(script) << "#!/bin/sh\ntest -f \"$1\" || exit 3\nexit 1\n";
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    auto service = start("", script.string());
    Page page(io_, service->port());
    ASSERT_TRUE(page.ok());
    page.send(json{{"type", "message"}, {"id", "m1"}, {"text", "My VPN keeps dropping every five minutes"}});
    ASSERT_TRUE(page.bot_says("INC-000001"));
    page.send(with_file("m2", upload(service->port(), page.session(), kScreenshot, "error.png"), "error.png"));
    ASSERT_TRUE(page.bot_says("I've kept error.png"));  // the requester is not told about the scan
    EXPECT_EQ(sql("SELECT state FROM ticket_attachments"), "quarantined");
    const json listed = agent_files(service->port(), "INC-000001");
    ASSERT_EQ(listed["files"].size(), 1u);
    EXPECT_EQ(listed["files"][0]["state"], "quarantined");
    EXPECT_FALSE(listed["files"][0].contains("url"));
    EXPECT_NE(log().find("failed the scan: quarantined"), std::string::npos);
    EXPECT_EQ(service->stop(SIGTERM), 0);
}

TEST_F(AttachmentProcessTest, AScannerThatCannotScanQuarantinesTooAndSaysSo) {
    // A scanner that exits 2 (clamdscan: "could not scan", e.g. its daemon is down): fail closed.
    const auto script = dir_.file("scan.sh");
    std::ofstream(script) << "#!/bin/sh\nexit 2\n";
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    auto service = start("", script.string());
    Page page(io_, service->port());
    ASSERT_TRUE(page.ok());
    page.send(json{{"type", "message"}, {"id", "m1"}, {"text", "My VPN keeps dropping every five minutes"}});
    ASSERT_TRUE(page.bot_says("INC-000001"));
    page.send(with_file("m2", upload(service->port(), page.session(), kScreenshot, "error.png"), "error.png"));
    ASSERT_TRUE(page.bot_says("I've kept error.png"));
    EXPECT_EQ(sql("SELECT state FROM ticket_attachments"), "quarantined");
    EXPECT_NE(log().find("scan hook failed"), std::string::npos) << log();
    EXPECT_EQ(service->stop(SIGTERM), 0);
}

TEST_F(AttachmentProcessTest, UploadsNeedTheSessionTokenAndRespectTheSizeLimit) {
    auto service = start();
    Page page(io_, service->port());
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(http(service->port(), "POST", "/upload", kScreenshot, {{"X-File-Name", "a.png"}}).status, 401);
    EXPECT_EQ(http(service->port(), "POST", "/upload", kScreenshot,
                   {{"Authorization", "Bearer " + std::string(64, 'a')}, {"X-File-Name", "a.png"}}).status, 401);
    EXPECT_EQ(http(service->port(), "POST", "/upload", std::string(10 * 1024 * 1024 + 1, 'x'),
                   {{"Authorization", "Bearer " + page.session()}, {"X-File-Name", "big.bin"}}).status, 413);
    EXPECT_EQ(http(service->port(), "GET", "/upload").status, 405);
    // Nothing refused reached the vault.
    EXPECT_FALSE(std::filesystem::exists(dir_.file("files")));
    EXPECT_EQ(service->stop(SIGTERM), 0);
}

}  // namespace
}  // namespace frontline
