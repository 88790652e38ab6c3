// WebSocket server connections (HttpServer upgrade) and WebSocketClient over loopback.
#include <map>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "adapters/net/wait.hpp"
#include "adapters/net/websocket_client.hpp"
#include "tests/unit/net/net_test_fixture.hpp"

namespace frontline::net {
namespace {

using namespace std::chrono_literals;

awaitable<void> echo_frames(WebSocketPtr ws) {
    for (;;) {
        auto frame = co_await ws->read();
        if (!frame) co_return;
        ws->send("echo: " + *frame);
    }
}

class WebSocketTest : public NetTest {
protected:
    WebSocketTest() { server_.on_websocket("/ws", echo_frames); }

    void listen() {
        auto ok = server_.listen("127.0.0.1:0");
        ASSERT_TRUE(ok) << ok.error().message;
    }

    Result<WebSocketPtr> connect(const std::string& path, Headers headers = {}, WebSocketOptions options = {}) {
        return run(client_.connect(local(server_.port(), path, "ws"), std::move(headers), options));
    }

    HttpServerOptions server_options_;
    HttpServer server_{io_.get_executor(), server_options_};
    WebSocketClient client_{io_.get_executor(), nullptr};
};

TEST_F(WebSocketTest, EchoesAndTheServerSeesPathQueryAndHeaders) {
    UpgradeRequest seen;
    server_.on_websocket("/chat", [&](WebSocketPtr ws) -> awaitable<void> {
        seen = ws->request();
        co_await echo_frames(ws);
    });
    listen();
    Headers headers;
    headers.set("Authorization", "Bearer test-token");
    auto ws = connect("/chat?session=abc", headers);
    ASSERT_TRUE(ws) << ws.error().message;
    (*ws)->send("ciao");
    auto frame = run((*ws)->read());
    ASSERT_TRUE(frame) << frame.error().message;
    EXPECT_EQ(*frame, "echo: ciao");
    EXPECT_EQ(seen.path, "/chat");
    EXPECT_EQ(seen.query, "session=abc");
    EXPECT_EQ(seen.headers.get("authorization"), "Bearer test-token");
    EXPECT_EQ(seen.remote_address, "127.0.0.1");
}

TEST_F(WebSocketTest, ConcurrentSendsArriveWholeAndInOrderPerSender) {
    constexpr int kSenders = 4;
    constexpr int kFrames = 150;
    std::vector<std::string> received;
    server_.on_websocket("/sink", [&](WebSocketPtr ws) -> awaitable<void> {
        while (received.size() < kSenders * kFrames) {
            auto frame = co_await ws->read();
            if (!frame) co_return;
            received.push_back(std::move(*frame));
        }
        ws->send("got all");
        (void)co_await ws->read();  // until the client closes
    });
    listen();
    auto ws = connect("/sink");
    ASSERT_TRUE(ws) << ws.error().message;
    WebSocketPtr conn = *ws;
    // Three senders are coroutines interleaving on the network thread, one is another thread.
    const std::string padding(2000, '.');
    auto sender = [conn, padding](int id) -> awaitable<void> {
        for (int i = 0; i < kFrames; ++i) {
            conn->send(std::to_string(id) + ":" + std::to_string(i) + ":" + padding);
            if (i % 7 == 0) co_await wait_for(0ms);  // yield so the senders interleave
        }
    };
    for (int id = 0; id < kSenders - 1; ++id) boost::asio::co_spawn(io_, sender(id), boost::asio::detached);
    std::thread other([conn, padding] {
        for (int i = 0; i < kFrames; ++i) conn->send(std::to_string(kSenders - 1) + ":" + std::to_string(i) + ":" + padding);
    });
    auto done = run(conn->read());
    other.join();
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(*done, "got all");
    ASSERT_EQ(received.size(), static_cast<std::size_t>(kSenders * kFrames));
    std::map<int, int> next;
    for (const auto& frame : received) {
        const auto first = frame.find(':');
        const auto second = frame.find(':', first + 1);
        ASSERT_NE(second, std::string::npos) << frame.substr(0, 40);
        EXPECT_EQ(frame.substr(second + 1), padding) << "frame cut or mixed: " << frame.substr(0, 40);
        const int id = std::stoi(frame.substr(0, first));
        const int seq = std::stoi(frame.substr(first + 1, second - first - 1));
        EXPECT_EQ(seq, next[id]) << "sender " << id << " out of order";
        next[id] = seq + 1;
    }
    conn->close();
}

TEST_F(WebSocketTest, ClientCloseReachesTheServerWithItsCode) {
    std::optional<Result<std::string>> server_saw;
    std::uint16_t code_seen = 0;
    server_.on_websocket("/bye", [&](WebSocketPtr ws) -> awaitable<void> {
        server_saw = co_await ws->read();
        code_seen = ws->peer_close_code();
    });
    listen();
    auto ws = connect("/bye");
    ASSERT_TRUE(ws) << ws.error().message;
    (*ws)->close(4000, "done here");
    EXPECT_FALSE((*ws)->is_open());
    auto after = run((*ws)->read());  // completes once the server answered the close
    ASSERT_FALSE(after);
    EXPECT_EQ(after.error().code, Errc::cancelled) << after.error().message;
    ASSERT_TRUE(server_saw.has_value());
    ASSERT_FALSE(*server_saw);
    EXPECT_EQ(server_saw->error().code, Errc::network);
    EXPECT_EQ(code_seen, 4000);
}

TEST_F(WebSocketTest, ServerCloseReachesTheClientAfterQueuedFrames) {
    server_.on_websocket("/kick", [](WebSocketPtr ws) -> awaitable<void> {
        ws->send("last words");
        ws->close(4001, "kicked");
        co_return;
    });
    listen();
    auto ws = connect("/kick");
    ASSERT_TRUE(ws) << ws.error().message;
    auto first = run((*ws)->read());
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(*first, "last words");
    auto closed = run((*ws)->read());
    ASSERT_FALSE(closed);
    EXPECT_EQ(closed.error().code, Errc::network);
    EXPECT_EQ((*ws)->peer_close_code(), 4001);
}

TEST_F(WebSocketTest, AVanishedPeerIsDetectedByTheIdleTimeout) {
    // The server never reads, so it never answers the client's pings: a half-open socket.
    server_.on_websocket("/deaf", [](WebSocketPtr) -> awaitable<void> { (void)co_await wait_for(60s); });
    listen();
    WebSocketOptions options;
    options.idle_timeout = 1s;
    auto ws = connect("/deaf", {}, options);
    ASSERT_TRUE(ws) << ws.error().message;
    auto frame = run((*ws)->read());
    ASSERT_FALSE(frame);
    EXPECT_EQ(frame.error().code, Errc::timeout) << frame.error().message;
    EXPECT_FALSE((*ws)->is_open());
}

TEST_F(WebSocketTest, UnknownPathIsRefusedAtTheHandshake) {
    listen();
    auto ws = connect("/nowhere");
    ASSERT_FALSE(ws);
    EXPECT_EQ(ws.error().code, Errc::protocol) << ws.error().message;
}

TEST_F(WebSocketTest, OversizeFrameIsAProtocolErrorOnTheReceivingSide) {
    std::optional<Result<std::string>> server_saw;
    server_options_.websocket.max_message_size = 1024;
    HttpServer small(io_.get_executor(), server_options_);
    small.on_websocket("/small", [&](WebSocketPtr ws) -> awaitable<void> { server_saw = co_await ws->read(); });
    ASSERT_TRUE(small.listen("127.0.0.1:0"));
    auto ws = run(client_.connect(local(small.port(), "/small", "ws")));
    ASSERT_TRUE(ws) << ws.error().message;
    (*ws)->send(std::string(1 << 20, 'x'));
    (void)run((*ws)->read());  // the server fails the connection
    ASSERT_TRUE(server_saw.has_value());
    ASSERT_FALSE(*server_saw);
    EXPECT_EQ(server_saw->error().code, Errc::protocol) << server_saw->error().message;
}

TEST_F(WebSocketTest, InvalidUtf8TextIsAProtocolError) {
    std::optional<Result<std::string>> server_saw;
    server_.on_websocket("/utf8", [&](WebSocketPtr ws) -> awaitable<void> { server_saw = co_await ws->read(); });
    listen();
    auto ws = connect("/utf8");
    ASSERT_TRUE(ws) << ws.error().message;
    (*ws)->send("caf\xc3\x28 latin-1 bytes \xff");
    (void)run((*ws)->read());
    ASSERT_TRUE(server_saw.has_value());
    ASSERT_FALSE(*server_saw);
    EXPECT_EQ(server_saw->error().code, Errc::protocol) << server_saw->error().message;
}

TEST_F(WebSocketTest, StoppingTheServerClosesWebSocketsWithGoingAway) {
    listen();
    auto ws = connect("/ws");
    ASSERT_TRUE(ws) << ws.error().message;
    (*ws)->send("hello");
    auto echoed = run((*ws)->read());
    ASSERT_TRUE(echoed) << echoed.error().message;
    server_.stop();
    auto closed = run((*ws)->read());
    ASSERT_FALSE(closed);
    EXPECT_EQ((*ws)->peer_close_code(), 1001);
}

TEST_F(WebSocketTest, BadUrlsAreRefused) {
    for (const char* url : {"http://127.0.0.1/ws", "wss://127.0.0.1/ws", "garbage"}) {
        auto ws = run(client_.connect(url));
        ASSERT_FALSE(ws) << url;
        EXPECT_EQ(ws.error().code, Errc::invalid_argument) << url;
    }
}

}  // namespace
}  // namespace frontline::net
