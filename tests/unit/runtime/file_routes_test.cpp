// The files on tickets over HTTP on a real loopback server, a real SQLite file and a real vault
// folder: GET /files/<token> serves a file by its signed link with strict headers, refuses a
// tampered link (403) and an expired one (410) with a plain page and nothing served, never serves a
// quarantined file; GET /api/files lists a ticket's files with links for agents, and refuses a
// restricted ticket's to anyone but its assignee and the security officer (403).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/net/http_client.hpp"
#include "adapters/net/http_server.hpp"
#include "adapters/webchat/session_token.hpp"
#include "bot/files/file_token.hpp"
#include "bot/runtime/file_routes.hpp"
#include "bot/runtime/store_worker.hpp"
#include "core/store/sqlite_store.hpp"
#include "tests/support/run_coroutine.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/handoff/handoff_test_support.hpp"

namespace frontline {
namespace {

namespace asio = boost::asio;
using nlohmann::json;
using namespace std::string_literals;

const std::string kAgentSecret = "files-test-agent-secret";
const std::string kLinkSecret = "files-test-link-secret-0123456789";
const TimePoint kNow{Seconds{1'800'000'000}};
const std::string kPng = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR-a-screenshot"s;
const std::string kPdf = "%PDF-1.7\nan invoice"s;

class FileRoutesTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto png = vault_.store(kPng);
        auto pdf = vault_.store(kPdf);
        auto bad = vault_.store("EICAR-like test bytes");
        ASSERT_TRUE(png && pdf && bad);
        png_ = *png;
        pdf_ = *pdf;
        bad_ = *bad;
        auto s = SqliteStore::open(dir_.file("frontline.db"));
        ASSERT_TRUE(s) << s.error().message;
        ASSERT_TRUE((*s)->in_transaction([&]() -> Status {
            open_ = add_ticket(**s, false, "alice");
            breach_ = add_ticket(**s, true, "chiara");
            for (auto [ticket, sha, name, type, state] :
                 {std::tuple{open_, png_, "error.png", "image/png", "stored"}, std::tuple{open_, pdf_, "invoice.pdf", "application/pdf", "stored"},
                  std::tuple{open_, bad_, "virus.pdf", "application/pdf", "quarantined"},
                  std::tuple{breach_, png_, "leak.png", "image/png", "stored"}}) {
                TicketAttachment a{0, ticket, Attachment{name, type, 100, "ref", sha, state}, kNow};
                if (auto ok = (*s)->add_ticket_attachment(a); !ok) return ok.error();
            }
            return {};
        }));
        worker_ = std::make_unique<StoreWorker>(std::move(*s));
        ReportAccess access{"", kAgentSecret, {}};
        for (const auto& a : desk_.directory.agents())
            if (auto id = a.identity_on("webchat")) access.agents[id->user_id] = 0;
        const FileLinkKey key{kLinkSecret, Seconds{3600}};
        files_ = file_route(*worker_, vault_, key, clock_);
        list_ = agent_files_route(*worker_, desk_, access, key, clock_);
        server_.on_request([this](net::IncomingRequest r) {
            return r.path.starts_with("/files/") ? files_(std::move(r)) : list_(std::move(r));
        });
        ASSERT_TRUE(server_.listen("127.0.0.1:0"));
    }
    void TearDown() override {
        server_.stop();
        io_.restart();
        io_.run_for(std::chrono::milliseconds(50));
        worker_->stop();
    }

    TicketId add_ticket(Store& s, bool restricted, const std::string& assignee) {
        auto id = s.allocate_id(TicketType::incident);
        EXPECT_TRUE(id);
        Ticket t;
        t.id = *id;
        t.status = TicketStatus::in_progress;
        t.priority = Priority::p2;
        t.title = restricted ? "payroll sent outside" : "VPN drops";
        t.category = restricted ? "data_breach" : "network";
        t.restricted = restricted;
        t.assignee = assignee;
        t.requester = {"Rita", {"webchat", "rita"}, "", ""};
        t.address = {"webchat", "rita", ""};
        t.reported_at = kNow;
        t.logged_at = kNow;
        EXPECT_TRUE(s.save_ticket(t));
        return *id;
    }

    net::HttpResponse get(const std::string& path, const std::string& authorization = "") {
        net::HttpRequest r;
        r.url = "http://127.0.0.1:" + std::to_string(server_.port()) + path;
        if (!authorization.empty()) r.headers.set("Authorization", authorization);
        auto response = testkit::run_coroutine(io_, client_.request(std::move(r)));
        EXPECT_TRUE(response) << response.error().message;
        return response ? *response : net::HttpResponse{0, {}, {}};
    }
    std::string link(const TicketId& t, const std::string& sha, Seconds life = Seconds{600}) {
        return "/files/" + files::sign_file_token(kLinkSecret, {t, sha, kNow + life});
    }
    static std::string bearer(const std::string& agent) { return "Bearer " + webchat::agent_token_for(kAgentSecret, agent, 0); }

    testkit::TempDir dir_;
    files::FileVault vault_{dir_.file("files")};
    std::string png_, pdf_, bad_;
    TicketId open_, breach_;
    asio::io_context io_;
    ManualClock clock_{kNow};
    handoff::DeskConfig desk_ = handoff::testing_support::shipped_desk_config(handoff::testing_support::default_settings());
    std::unique_ptr<StoreWorker> worker_;
    net::HttpServer::Handler files_, list_;
    net::HttpServer server_{io_.get_executor()};
    net::HttpClient client_{io_.get_executor(), nullptr};
};

TEST_F(FileRoutesTest, AnImageIsServedInlineWithStrictHeaders) {
    auto r = get(link(open_, png_));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, kPng);
    EXPECT_EQ(r.headers.get("Content-Type").value_or(""), "image/png");
    EXPECT_EQ(r.headers.get("Content-Disposition").value_or(""), "inline; filename=\"error.png\"; filename*=UTF-8''error.png");
    EXPECT_EQ(r.headers.get("X-Content-Type-Options").value_or(""), "nosniff");
    EXPECT_NE(r.headers.get("Content-Security-Policy").value_or("").find("default-src 'none'"), std::string::npos);
    EXPECT_NE(r.headers.get("Content-Security-Policy").value_or("").find("sandbox"), std::string::npos);
}

TEST_F(FileRoutesTest, AnythingButAnImageIsADownload) {
    auto r = get(link(open_, pdf_));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers.get("Content-Type").value_or(""), "application/pdf");
    EXPECT_EQ(r.headers.get("Content-Disposition").value_or("").rfind("attachment; filename=\"invoice.pdf\"", 0), 0u);
}

TEST_F(FileRoutesTest, ATamperedLinkIs403AndAnExpiredOne410WithNothingServed) {
    std::string tampered = link(open_, png_);
    tampered.back() = tampered.back() == '0' ? '1' : '0';
    auto forged = get(tampered);
    EXPECT_EQ(forged.status, 403);
    EXPECT_EQ(forged.body.find("PNG"), std::string::npos);
    EXPECT_NE(forged.body.find("not valid"), std::string::npos) << forged.body;
    EXPECT_EQ(forged.headers.get("Content-Type").value_or(""), "text/plain; charset=utf-8");
    // The same link for another ticket's file: the MAC no longer fits.
    std::string moved = link(open_, png_);
    moved.replace(moved.find(open_.str()), open_.str().size(), breach_.str());
    EXPECT_EQ(get(moved).status, 403);

    const std::string soon = link(open_, png_, Seconds{60});
    EXPECT_EQ(get(soon).status, 200);
    clock_.advance(Seconds{61});
    auto late = get(soon);
    EXPECT_EQ(late.status, 410);
    EXPECT_NE(late.body.find("expired"), std::string::npos) << late.body;
    EXPECT_EQ(late.body.find("PNG"), std::string::npos);
}

TEST_F(FileRoutesTest, AQuarantinedFileIsNeverServedEvenWithAValidLink) {
    auto r = get(link(open_, bad_));
    EXPECT_EQ(r.status, 403);
    EXPECT_NE(r.body.find("quarantined"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("EICAR"), std::string::npos);
    // A valid link to a file that is not on that ticket.
    EXPECT_EQ(get(link(open_, std::string(64, 'f'))).status, 404);
}

TEST_F(FileRoutesTest, TheAgentsViewListsFilesWithLinksButNoneForQuarantinedOnes) {
    EXPECT_EQ(get("/api/files?ticket=" + open_.str()).status, 401);
    auto r = get("/api/files?ticket=" + open_.str(), bearer("bruno"));
    ASSERT_EQ(r.status, 200) << r.body;
    const json j = json::parse(r.body);
    ASSERT_EQ(j["files"].size(), 3u);
    EXPECT_EQ(j["files"][0]["name"], "error.png");
    EXPECT_TRUE(j["files"][0]["image"].get<bool>());
    const std::string url = j["files"][0]["url"].get<std::string>();
    EXPECT_EQ(get(url).status, 200);
    EXPECT_FALSE(j["files"][1]["image"].get<bool>());
    EXPECT_EQ(j["files"][2]["state"], "quarantined");
    EXPECT_FALSE(j["files"][2].contains("url"));
    EXPECT_EQ(get("/api/files?ticket=NOT-A-TICKET", bearer("bruno")).status, 400);
    EXPECT_EQ(get("/api/files?ticket=INC-000099", bearer("bruno")).status, 404);
}

TEST_F(FileRoutesTest, ARestrictedTicketsFilesAreRefusedToAnyoneButItsAssigneeAndTheSecurityOfficer) {
    auto other = get("/api/files?ticket=" + breach_.str(), bearer("bruno"));
    EXPECT_EQ(other.status, 403);
    EXPECT_EQ(other.body.find("leak.png"), std::string::npos) << other.body;
    EXPECT_EQ(get("/api/files?ticket=" + breach_.str(), bearer("alice")).status, 403);
    EXPECT_EQ(get("/api/files?ticket=" + breach_.str(), bearer("chiara")).status, 200);  // the assignee
    auto officer = get("/api/files?ticket=" + breach_.str(), bearer("dana"));         // the security officer
    ASSERT_EQ(officer.status, 200);
    EXPECT_NE(officer.body.find("leak.png"), std::string::npos);
}

}  // namespace
}  // namespace frontline
