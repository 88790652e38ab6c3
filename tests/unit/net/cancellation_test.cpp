// Callers race the network layer against their own deadlines (wait.hpp): the losing HTTP request or
// WebSocket read must stop at once and report itself cancelled, not linger until its own timeout.
#include <boost/asio/read.hpp>

#include "adapters/net/wait.hpp"
#include "adapters/net/websocket_client.hpp"
#include "tests/support/raw_tcp_server.hpp"
#include "tests/unit/net/net_test_fixture.hpp"

namespace frontline::net {
namespace {

using namespace std::chrono_literals;

TEST_F(NetTest, AnHttpRequestLosingARaceIsCancelledAndItsConnectionDropped) {
    testkit::RawTcpServer silent(io_, testkit::never_answer);
    HttpClient client(io_.get_executor(), nullptr);
    auto req = request("GET", local(silent.port(), "/"));
    req.total_timeout = 1h;  // only the race can end this request
    auto res = run(with_deadline(client.request(req), 50ms, "caller's deadline"));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().code, Errc::timeout);
    // The next request does not inherit the abandoned connection.
    auto again = run(with_deadline(client.request(req), 50ms, "caller's deadline"));
    ASSERT_FALSE(again);
    EXPECT_EQ(client.connections_opened(), 2u);
}

TEST_F(NetTest, AWebSocketReadLosingARaceIsCancelled) {
    HttpServer server(io_.get_executor());
    server.on_websocket("/quiet", [](WebSocketPtr ws) -> awaitable<void> { (void)co_await ws->read(); });
    ASSERT_TRUE(server.listen("127.0.0.1:0"));
    WebSocketClient client(io_.get_executor(), nullptr);
    WebSocketOptions options;
    options.idle_timeout = 1h;  // pings keep it alive; only the race can end the read
    auto ws = run(client.connect(local(server.port(), "/quiet", "ws"), {}, options));
    ASSERT_TRUE(ws) << ws.error().message;
    auto frame = run(with_deadline((*ws)->read(), 50ms, "hello frame"));
    ASSERT_FALSE(frame);
    EXPECT_EQ(frame.error().code, Errc::timeout);
    EXPECT_FALSE((*ws)->is_open());
}

}  // namespace
}  // namespace frontline::net
