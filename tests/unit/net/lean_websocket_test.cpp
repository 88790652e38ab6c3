// The lean server WebSocket (adapters/net/lean_websocket.*) seen from a raw TCP client, for what a
// well-behaved client library never sends: fragments with a ping between them, unmasked frames,
// a wrong protocol version, and a peer that stops answering pings.
#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "tests/unit/net/net_test_fixture.hpp"

namespace frontline::net {
namespace {

using namespace std::chrono_literals;
using tcp = asio::ip::tcp;

std::string masked(std::uint8_t first_byte, std::string_view payload) {
    const char mask[4] = {0x0A, 0x1B, 0x2C, 0x3D};
    std::string out;
    out.push_back(static_cast<char>(first_byte));
    out.push_back(static_cast<char>(0x80 | payload.size()));  // tests send under 126 bytes
    out.append(mask, 4);
    for (std::size_t i = 0; i < payload.size(); ++i) out.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
    return out;
}

struct ServerFrame {
    int opcode = -1;
    std::string payload;
};

class LeanWebSocketTest : public NetTest {
protected:
    void listen(HttpServerOptions options = {}) {
        server_ = std::make_unique<HttpServer>(io_.get_executor(), options);
        server_->on_websocket("/ws", [this](WebSocketPtr ws) -> awaitable<void> {
            for (;;) {
                auto r = co_await ws->read();
                seen_.push_back(r);
                if (!r) co_return;
            }
        });
        ASSERT_TRUE(server_->listen("127.0.0.1:0"));
    }
    /// Connects and sends the upgrade request; returns the server's answer head.
    std::string open(const std::string& version = "13") {
        socket_.emplace(io_);
        socket_->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
        const std::string req = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: " + version + "\r\n\r\n";
        return run(exchange(req));
    }
    awaitable<std::string> exchange(std::string req) {
        co_await asio::async_write(*socket_, asio::buffer(req), asio::use_awaitable);
        auto [ec, n] = co_await asio::async_read_until(*socket_, asio::dynamic_buffer(in_), "\r\n\r\n",
                                                       asio::as_tuple(asio::use_awaitable));
        if (ec) co_return "";
        std::string head = in_.substr(0, n);
        in_.erase(0, n);
        co_return head;
    }
    void send_raw(const std::string& bytes) { asio::write(*socket_, asio::buffer(bytes)); }
    /// The next frame the server sent (opcode -1 when the connection ended first).
    ServerFrame next_frame() { return run(read_frame()); }
    awaitable<ServerFrame> read_frame() {
        auto need = [&](std::size_t n) -> awaitable<bool> {
            while (in_.size() < n) {
                char chunk[4096];
                auto [ec, got] = co_await socket_->async_read_some(asio::buffer(chunk), asio::as_tuple(asio::use_awaitable));
                if (ec) co_return false;
                in_.append(chunk, got);
            }
            co_return true;
        };
        if (!co_await need(2)) co_return ServerFrame{};
        std::size_t length = static_cast<std::uint8_t>(in_[1]) & 0x7F;
        std::size_t at = 2;
        if (length == 126) {
            if (!co_await need(4)) co_return ServerFrame{};
            length = (static_cast<std::uint8_t>(in_[2]) << 8) | static_cast<std::uint8_t>(in_[3]);
            at = 4;
        }
        if (!co_await need(at + length)) co_return ServerFrame{};
        ServerFrame f{static_cast<std::uint8_t>(in_[0]) & 0x0F, in_.substr(at, length)};
        in_.erase(0, at + length);
        co_return f;
    }
    void run_until_seen(std::size_t n) {
        io_.restart();
        while (seen_.size() < n && io_.run_one() > 0) {
        }
    }

    std::unique_ptr<HttpServer> server_;
    std::optional<tcp::socket> socket_;
    std::string in_;
    std::vector<Result<std::string>> seen_;
};

TEST_F(LeanWebSocketTest, AFragmentedMessageIsPutTogetherAndAPingBetweenItsPartsAnswered) {
    listen();
    const std::string head = open();
    ASSERT_NE(head.find("101 Switching Protocols"), std::string::npos) << head;
    EXPECT_NE(head.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), std::string::npos) << head;
    send_raw(masked(0x01, "buon") + masked(0x89, "are you there") + masked(0x80, "giorno"));
    auto pong = next_frame();
    EXPECT_EQ(pong.opcode, 0xA);
    EXPECT_EQ(pong.payload, "are you there");
    run_until_seen(1);
    ASSERT_EQ(seen_.size(), 1u);
    ASSERT_TRUE(seen_[0]) << seen_[0].error().message;
    EXPECT_EQ(*seen_[0], "buongiorno");
}

TEST_F(LeanWebSocketTest, AnUnmaskedFrameIsAProtocolErrorClosedWith1002) {
    listen();
    ASSERT_NE(open().find("101"), std::string::npos);
    send_raw(std::string("\x81\x02hi", 4));
    auto close = next_frame();
    EXPECT_EQ(close.opcode, 0x8);
    ASSERT_GE(close.payload.size(), 2u);
    EXPECT_EQ((static_cast<std::uint8_t>(close.payload[0]) << 8) | static_cast<std::uint8_t>(close.payload[1]), 1002);
    run_until_seen(1);
    ASSERT_FALSE(seen_[0]);
    EXPECT_EQ(seen_[0].error().code, Errc::protocol) << seen_[0].error().message;
}

TEST_F(LeanWebSocketTest, AnotherProtocolVersionIsAnsweredWith426) {
    listen();
    const std::string head = open("8");
    EXPECT_EQ(head.rfind("HTTP/1.1 426", 0), 0u) << head;
    EXPECT_NE(head.find("Sec-WebSocket-Version: 13"), std::string::npos) << head;
    EXPECT_EQ(next_frame().opcode, -1) << "the connection ends";
}

TEST_F(LeanWebSocketTest, APeerThatStopsAnsweringPingsIsDroppedAfterTheIdleTimeout) {
    HttpServerOptions options;
    options.websocket.idle_timeout = 1s;
    listen(options);
    ASSERT_NE(open().find("101"), std::string::npos);
    send_raw(masked(0x81, "hello"));
    auto ping = next_frame();
    EXPECT_EQ(ping.opcode, 0x9) << "a ping after half the idle timeout";
    run_until_seen(2);  // the line, then the end; the client never answers the ping
    ASSERT_EQ(seen_.size(), 2u);
    EXPECT_EQ(*seen_[0], "hello");
    ASSERT_FALSE(seen_[1]);
    EXPECT_EQ(seen_[1].error().code, Errc::timeout) << seen_[1].error().message;
}

}  // namespace
}  // namespace frontline::net
