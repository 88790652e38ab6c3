// Issue 13, holes 1 and 2 and the small HTTP ones, reproduced against the real service process:
// a client that floods and never reads, sockets that never say hello, too many sockets from one
// address or in all, accept() out of file descriptors. Each time the bound holds and a polite
// conversation still works during and after.
#include <sys/resource.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/integration/hostile/hostile_test_base.hpp"

namespace frontline::testing {
namespace {

class ConnectionLimits : public HostileTest {};

TEST_F(ConnectionLimits, AClientThatFloodsAndNeverReadsIsClosedAndMemoryStaysBounded) {
    start({{"http", {{"ws_max_queued_bytes", 1 << 20}}}});
    ASSERT_EQ(converse("127.0.0.2"), "");
    const long before = rss_kib();
    ASSERT_GT(before, 0);

    // Every frame is bad JSON: the server answers each with an error frame about ten times its size.
    // Without a bound the replies pile up in memory (issue 13: 47 MB -> 656 MB in 12 s).
    RawClient flood;
    ASSERT_TRUE(flood.connect(port()));
    ASSERT_FALSE(hello(flood).is_null());
    std::string burst;
    for (int i = 0; i < 4096; ++i) burst += RawClient::text_frame("x");
    std::atomic<long> peak{before};
    std::atomic<bool> closed{false};
    std::thread flooder([&] {
        // 4096 frames a burst, up to 2,000 bursts (8 million error replies, ~600 MB without a bound).
        for (int i = 0; i < 2000; ++i) {
            if (!flood.send_all(burst)) {
                closed = true;
                return;
            }
            if (i % 20 == 0) peak = std::max(peak.load(), rss_kib());
        }
    });
    // A polite user on another machine keeps being served during the flood.
    EXPECT_EQ(converse("127.0.0.3"), "");
    flooder.join();
    const long after = rss_kib();
    EXPECT_TRUE(closed) << "the server never closed the flooding connection";
    EXPECT_LT(peak - before, 64 * 1024) << "RSS grew from " << before << " KiB to " << peak << " KiB";
    EXPECT_LT(after - before, 64 * 1024) << "RSS after the flood: " << after << " KiB, before " << before << " KiB";
    EXPECT_EQ(log_count("the peer is not reading"), 1u) << log();  // logged once
    EXPECT_EQ(converse("127.0.0.2"), "");
}

TEST_F(ConnectionLimits, SocketsThatNeverSayHelloAreClosedByTheDeadline) {
    start({{"http", {{"ws_first_frame_seconds", 1}}}});
    std::vector<RawClient> silent(20);
    for (auto& s : silent) {
        ASSERT_TRUE(s.connect(port()));
        ASSERT_EQ(s.upgrade(), 101);
    }
    EXPECT_EQ(converse("127.0.0.2"), "");  // the deadline does not touch a client that says hello
    for (auto& s : silent) EXPECT_EQ(s.wait_for_close(20'000), 1008);
    EXPECT_EQ(converse("127.0.0.2"), "");
}

TEST_F(ConnectionLimits, TooManyConnectionsFromOneAddressOrInAllGet503BeforeTheUpgrade) {
    start({{"http", {{"max_connections_per_ip", 4}, {"max_connections", 6}}}});
    std::vector<RawClient> held(4);
    for (auto& c : held) {
        ASSERT_TRUE(c.connect(port()));
        ASSERT_FALSE(hello(c).is_null());
    }
    RawClient fifth;
    ASSERT_TRUE(fifth.connect(port()));
    EXPECT_EQ(fifth.upgrade(), 503) << "a fifth socket from the same address";
    RawClient other_machine;  // another address is still served, and stays connected
    EXPECT_EQ(converse_on(other_machine, "127.0.0.2"), "");

    RawClient from_three, from_four;
    ASSERT_TRUE(from_three.connect(port(), "127.0.0.3"));
    ASSERT_FALSE(hello(from_three).is_null());  // the sixth connection in all
    ASSERT_TRUE(from_four.connect(port(), "127.0.0.4"));
    EXPECT_EQ(from_four.upgrade(), 503) << "the seventh connection in all";

    held[0].close();
    from_three.close();
    EXPECT_EQ(converse_soon("127.0.0.1"), "");  // freed slots serve again
    EXPECT_EQ(converse_soon("127.0.0.4"), "");
    const std::string m = metrics();
    // Two refusals above, and any while the freed slots were being released.
    EXPECT_GE(sample(m, "frontline_refused_total{reason=\"http_connections\"}"), 2) << m;
}

TEST_F(ConnectionLimits, OutOfFileDescriptorsTheListenerBacksOffAndLogsRarely) {
    start({{"http", {{"max_connections", 5000}, {"max_connections_per_ip", 5000}}}});
    // The service may open 48 files: connections past that fail in accept() with EMFILE.
    rlimit limit{48, 48};
    ASSERT_EQ(prlimit(service_->pid(), RLIMIT_NOFILE, &limit, nullptr), 0);
    std::vector<RawClient> hogs(120);
    for (auto& h : hogs) ASSERT_TRUE(h.connect(port()));  // the kernel completes them in the backlog
    std::this_thread::sleep_for(std::chrono::seconds(3));  // saturated for a while: watch the log
    const std::size_t lines = log_count("accept: Too many open files");
    EXPECT_GE(lines, 1u) << "the test did not exhaust the descriptors: " << log();
    EXPECT_LE(lines, 2u) << "accept errors must be logged at a bounded rate:\n" << log();
    hogs.clear();  // the service's sockets see EOF and close: descriptors come back
    EXPECT_EQ(converse_soon("127.0.0.2"), "");
}

TEST_F(ConnectionLimits, SmallHttpHoles) {
    start({});
    RawClient no_host;
    ASSERT_TRUE(no_host.connect(port()));
    EXPECT_EQ(no_host.request("GET /healthz", ""), 400) << "HTTP/1.1 without Host";

    RawClient foreign;
    ASSERT_TRUE(foreign.connect(port()));
    EXPECT_EQ(foreign.upgrade("Origin: https://evil.example\r\n"), 403);
    RawClient same_origin;
    ASSERT_TRUE(same_origin.connect(port()));
    EXPECT_EQ(same_origin.upgrade("Origin: http://127.0.0.1\r\n"), 101);  // the Host it asked

    RawClient binary;
    ASSERT_TRUE(binary.connect(port()));
    ASSERT_FALSE(hello(binary).is_null());
    ASSERT_TRUE(binary.send_all(RawClient::text_frame("\x01\x02", 0x2)));
    EXPECT_EQ(binary.wait_for_close(10'000), 1003);
    EXPECT_EQ(converse("127.0.0.2"), "");
}

TEST_F(ConnectionLimits, MetricsMayAskForABearerToken) {
    start({{"http", {{"metrics_token_env", "HOSTILE_TEST_METRICS_TOKEN"}}}}, {{"HOSTILE_TEST_METRICS_TOKEN", "m3trics-t0ken"}});
    RawClient anonymous;
    ASSERT_TRUE(anonymous.connect(port()));
    EXPECT_EQ(anonymous.request("GET /metrics"), 401);
    RawClient wrong;
    ASSERT_TRUE(wrong.connect(port()));
    EXPECT_EQ(wrong.request("GET /metrics", "Host: 127.0.0.1\r\nAuthorization: Bearer guess\r\n"), 401);
    RawClient scraper;
    ASSERT_TRUE(scraper.connect(port()));
    EXPECT_EQ(scraper.request("GET /metrics", "Host: 127.0.0.1\r\nAuthorization: Bearer m3trics-t0ken\r\n"), 200);
    EXPECT_EQ(log_count("m3trics-t0ken"), 0u) << "the token is never logged";
    EXPECT_EQ(converse("127.0.0.2"), "");
}

}  // namespace
}  // namespace frontline::testing
