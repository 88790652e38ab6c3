// HttpRequest::max_body_bytes over real loopback sockets: a body past the limit ends the request
// with Errc::too_large as soon as the Content-Length (or the bytes read) tell, without waiting for
// the rest. The servers below never send the rest: a client that tried to read it would end in a
// timeout instead, which these tests would report.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>  // raw_tcp_server.hpp uses async_read without including it
#include <boost/asio/steady_timer.hpp>

#include "adapters/net/http_client.hpp"
#include "tests/support/raw_tcp_server.hpp"
#include "tests/support/run_coroutine.hpp"

namespace frontline::net {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

/// Reads the request head, writes `head` and `first_bytes` of body, then holds the connection
/// open and silent for far longer than the test runs.
testkit::RawTcpServer::Script answer_then_hang(std::string head, std::size_t first_bytes) {
    return [head, first_bytes](testkit::RawTcpServer::Socket socket) -> awaitable<void> {
        asio::streambuf request;
        auto [read_ec, n] = co_await asio::async_read_until(socket, request, "\r\n\r\n", asio::as_tuple(asio::use_awaitable));
        if (read_ec) co_return;
        std::string out = head + std::string(first_bytes, 'x');
        auto [write_ec, written] = co_await asio::async_write(socket, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
        if (write_ec) co_return;
        asio::steady_timer hold(socket.get_executor(), 10min);
        co_await hold.async_wait(asio::as_tuple(asio::use_awaitable));
    };
}

Result<HttpResponse> get(asio::io_context& io, std::uint16_t port, std::size_t max_bytes) {
    HttpClient client(io.get_executor(), nullptr);
    HttpRequest req;
    req.url = "http://127.0.0.1:" + std::to_string(port) + "/file";
    req.max_body_bytes = max_bytes;
    req.total_timeout = 120s;
    req.read_timeout = 120s;
    return testkit::run_coroutine(io, client.request(std::move(req)));
}

TEST(BoundedDownload, AContentLengthPastTheLimitEndsBeforeTheBody) {
    asio::io_context io;
    testkit::RawTcpServer server(io, answer_then_hang("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 52428800\r\n\r\n", 1000));
    auto r = get(io, server.port(), 1 << 20);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::too_large) << r.error().message;
}

TEST(BoundedDownload, AChunkedBodyEndsOnceItsBytesPassTheLimit) {
    asio::io_context io;
    // One chunk of 0x20000 (128 KiB) bytes, then silence: past a 64 KiB limit while being read.
    testkit::RawTcpServer server(
        io, answer_then_hang("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n20000\r\n", 0x20000));
    auto r = get(io, server.port(), 64 * 1024);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::too_large) << r.error().message;
}

TEST(BoundedDownload, ABodyWithinTheLimitArrivesWhole) {
    asio::io_context io;
    const std::string body(5000, 'p');
    testkit::RawTcpServer server(io, [body](testkit::RawTcpServer::Socket socket) -> awaitable<void> {
        asio::streambuf request;
        auto [read_ec, n] = co_await asio::async_read_until(socket, request, "\r\n\r\n", asio::as_tuple(asio::use_awaitable));
        if (read_ec) co_return;
        std::string out = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 5000\r\n\r\n" + body;
        co_await asio::async_write(socket, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
    });
    auto r = get(io, server.port(), 5000);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->body, body);
    EXPECT_EQ(r->headers.get("Content-Type").value_or(""), "image/png");
}

}  // namespace
}  // namespace frontline::net
