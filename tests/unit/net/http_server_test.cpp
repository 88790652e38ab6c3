// HttpServer and HttpClient over real loopback sockets.
#include <boost/asio/read.hpp>
#include <boost/asio/this_coro.hpp>

#include "adapters/net/net_error.hpp"
#include "tests/support/raw_tcp_server.hpp"
#include "tests/unit/net/net_test_fixture.hpp"

namespace frontline::net {
namespace {

using namespace std::chrono_literals;

awaitable<HttpResponse> echo(IncomingRequest in) {
    HttpResponse out = make_response(201, in.method + " " + in.path + " ? " + in.query + " | " + in.body);
    out.headers.set("X-Seen-Token", in.headers.get("x-token").value_or("none"));
    co_return out;
}

/// Raw request over a fresh socket, returns whatever the server answered before closing.
awaitable<std::string> raw_exchange(std::uint16_t port, std::string bytes) {
    using boost::asio::ip::tcp;
    tcp::socket socket(co_await boost::asio::this_coro::executor);
    co_await socket.async_connect({boost::asio::ip::make_address("127.0.0.1"), port}, boost::asio::use_awaitable);
    co_await testkit::write_all(socket, std::move(bytes));
    std::string answer;
    // Reads until the server closes; the error at the end is expected.
    (void)co_await boost::asio::async_read(socket, boost::asio::dynamic_buffer(answer),
                                           boost::asio::as_tuple(boost::asio::use_awaitable));
    co_return answer;
}

TEST_F(NetTest, RoundTripCarriesMethodPathQueryHeadersAndBody) {
    HttpServer server(io_.get_executor());
    server.on_request(echo);
    ASSERT_TRUE(server.listen("127.0.0.1:0"));
    ASSERT_NE(server.port(), 0);
    HttpClient client(io_.get_executor(), nullptr);
    auto req = request("POST", local(server.port(), "/tickets/new?lang=it&x=%20y"), "hello");
    req.headers.set("X-Token", "abc");
    auto res = run(client.request(req));
    ASSERT_TRUE(res) << res.error().message;
    EXPECT_EQ(res->status, 201);
    EXPECT_EQ(res->body, "POST /tickets/new ? lang=it&x=%20y | hello");
    EXPECT_EQ(res->headers.get("x-seen-token"), "abc");      // lookups ignore case
    EXPECT_EQ(res->headers.get("CONTENT-TYPE"), "text/plain; charset=utf-8");
}

TEST_F(NetTest, KeepAliveReusesOneConnection) {
    HttpServer server(io_.get_executor());
    server.on_request(echo);
    ASSERT_TRUE(server.listen("127.0.0.1:0"));
    HttpClient client(io_.get_executor(), nullptr);
    for (int i = 0; i < 5; ++i) {
        auto res = run(client.request(request("GET", local(server.port(), "/n" + std::to_string(i)))));
        ASSERT_TRUE(res) << res.error().message;
        EXPECT_EQ(res->body, "GET /n" + std::to_string(i) + " ?  | ");
    }
    EXPECT_EQ(server.connections_accepted(), 1u);
    EXPECT_EQ(client.connections_opened(), 1u);
}

TEST_F(NetTest, OversizeBodyGets413AndTheServerKeepsServing) {
    HttpServerOptions options;
    options.max_body_size = 1024;
    HttpServer server(io_.get_executor(), options);
    bool handler_ran = false;
    server.on_request([&](IncomingRequest in) -> awaitable<HttpResponse> {
        handler_ran = in.body.size() > 1024;
        co_return make_response(200, "ok");
    });
    ASSERT_TRUE(server.listen("127.0.0.1:0"));
    HttpClient client(io_.get_executor(), nullptr);
    auto big = run(client.request(request("POST", local(server.port(), "/upload"), std::string(64 * 1024, 'x'))));
    ASSERT_TRUE(big) << big.error().message;
    EXPECT_EQ(big->status, 413);
    EXPECT_FALSE(handler_ran);
    auto small = run(client.request(request("POST", local(server.port(), "/upload"), "fine")));
    ASSERT_TRUE(small) << small.error().message;
    EXPECT_EQ(small->status, 200);
}

TEST_F(NetTest, OversizeHeaderGets431) {
    HttpServerOptions options;
    options.max_header_size = 2048;
    HttpServer server(io_.get_executor(), options);
    server.on_request(echo);
    ASSERT_TRUE(server.listen("127.0.0.1:0"));
    HttpClient client(io_.get_executor(), nullptr);
    auto req = request("GET", local(server.port(), "/"));
    req.headers.set("X-Padding", std::string(8 * 1024, 'p'));
    auto res = run(client.request(req));
    ASSERT_TRUE(res) << res.error().message;
    EXPECT_EQ(res->status, 431);
}

TEST_F(NetTest, GarbageGets400AndNoHandlerCall) {
    HttpServer server(io_.get_executor());
    int calls = 0;
    server.on_request([&](IncomingRequest) -> awaitable<HttpResponse> {
        ++calls;
        co_return make_response(200, "ok");
    });
    ASSERT_TRUE(server.listen("127.0.0.1:0"));
    const std::string answer = run(raw_exchange(server.port(), "HELLO THERE \x01\x02\r\nnot: http\r\n\r\n"));
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
    EXPECT_EQ(calls, 0);
}

TEST_F(NetTest, ThrowingHandlerGives500AndIsReported) {
    HttpServerOptions options;
    std::string reported;
    options.on_error = [&](const std::string& what) { reported = what; };
    HttpServer server(io_.get_executor(), options);
    server.on_request([](IncomingRequest) -> awaitable<HttpResponse> {
        throw std::runtime_error("boom");
        co_return HttpResponse{};
    });
    ASSERT_TRUE(server.listen("127.0.0.1:0"));
    HttpClient client(io_.get_executor(), nullptr);
    auto res = run(client.request(request("GET", local(server.port(), "/"))));
    ASSERT_TRUE(res) << res.error().message;
    EXPECT_EQ(res->status, 500);
    EXPECT_NE(reported.find("boom"), std::string::npos);
}

TEST_F(NetTest, WithoutHandlerEverythingIs404) {
    HttpServer server(io_.get_executor());
    ASSERT_TRUE(server.listen("127.0.0.1:0"));
    HttpClient client(io_.get_executor(), nullptr);
    auto res = run(client.request(request("GET", local(server.port(), "/nothing"))));
    ASSERT_TRUE(res) << res.error().message;
    EXPECT_EQ(res->status, 404);
}

TEST_F(NetTest, ListenRejectsMalformedAddressAndBusyPort) {
    HttpServer a(io_.get_executor());
    EXPECT_EQ(a.listen("127.0.0.1").error().code, Errc::invalid_argument);
    EXPECT_EQ(a.listen("127.0.0.1:99999").error().code, Errc::invalid_argument);
    ASSERT_TRUE(a.listen("127.0.0.1:0"));
    HttpServer b(io_.get_executor());
    auto busy = b.listen("127.0.0.1:" + std::to_string(a.port()));
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.error().code, Errc::network);
}

TEST_F(NetTest, StopClosesIdleConnectionsAndRefusesNewOnes) {
    HttpServer server(io_.get_executor());
    server.on_request(echo);
    ASSERT_TRUE(server.listen("127.0.0.1:0"));
    const auto port = server.port();
    HttpClient client(io_.get_executor(), nullptr);
    ASSERT_TRUE(run(client.request(request("GET", local(port, "/")))));
    server.stop();
    // The pooled connection was closed by the server and no new one is accepted.
    auto after = run(client.request(request("GET", local(port, "/"))));
    ASSERT_FALSE(after);
    EXPECT_EQ(after.error().code, Errc::network) << after.error().message;
}

TEST_F(NetTest, SlowServerMakesTheClientTimeOut) {
    testkit::RawTcpServer silent(io_, testkit::never_answer);
    HttpClient client(io_.get_executor(), nullptr);
    auto req = request("GET", local(silent.port(), "/long-poll"));
    req.total_timeout = 200ms;
    auto res = run(client.request(req));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().code, Errc::timeout) << res.error().message;
}

TEST_F(NetTest, ServerThatDoesNotStartAnsweringHitsTheReadTimeout) {
    testkit::RawTcpServer silent(io_, testkit::never_answer);
    HttpClient client(io_.get_executor(), nullptr);
    auto req = request("GET", local(silent.port(), "/"));
    req.total_timeout = std::chrono::hours{1};  // only the read timeout can end this request
    req.read_timeout = 200ms;
    auto res = run(client.request(req));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().code, Errc::timeout) << res.error().message;
}

TEST_F(NetTest, DisconnectMidResponseIsANetworkError) {
    testkit::RawTcpServer rude(io_, [](testkit::RawTcpServer::Socket socket) -> awaitable<void> {
        (void)co_await testkit::read_http_header(socket);
        co_await testkit::write_all(socket, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly a part");
        socket.close();
    });
    HttpClient client(io_.get_executor(), nullptr);
    auto res = run(client.request(request("GET", local(rude.port(), "/"))));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().code, Errc::network) << res.error().message;
}

TEST_F(NetTest, MalformedResponseIsAProtocolError) {
    testkit::RawTcpServer odd(io_, [](testkit::RawTcpServer::Socket socket) -> awaitable<void> {
        (void)co_await testkit::read_http_header(socket);
        co_await testkit::write_all(socket, "SMTP READY\r\n\r\n");
        socket.close();
    });
    HttpClient client(io_.get_executor(), nullptr);
    auto res = run(client.request(request("GET", local(odd.port(), "/"))));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().code, Errc::protocol) << res.error().message;
}

TEST_F(NetTest, ServerClosingAnIdleKeepAliveConnectionIsRetriedOnAFreshOne) {
    // Answers as if keeping the connection, then closes it: what servers do after their idle timeout.
    testkit::RawTcpServer forgetful(io_, [](testkit::RawTcpServer::Socket socket) -> awaitable<void> {
        (void)co_await testkit::read_http_header(socket);
        co_await testkit::write_all(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        socket.close();
    });
    HttpClient client(io_.get_executor(), nullptr);
    for (int i = 0; i < 2; ++i) {
        auto res = run(client.request(request("GET", local(forgetful.port(), "/"))));
        ASSERT_TRUE(res) << res.error().message;
        EXPECT_EQ(res->body, "ok");
    }
    EXPECT_EQ(forgetful.accepted(), 2u);
}

TEST_F(NetTest, ResponseOverTheBodyLimitIsTooLarge) {
    HttpServer server(io_.get_executor());
    server.on_request([](IncomingRequest) -> awaitable<HttpResponse> { co_return make_response(200, std::string(4096, 'b')); });
    ASSERT_TRUE(server.listen("127.0.0.1:0"));
    HttpClientOptions options;
    options.max_body_size = 1024;
    HttpClient client(io_.get_executor(), nullptr, options);
    auto res = run(client.request(request("GET", local(server.port(), "/"))));
    ASSERT_FALSE(res);
    // The same kind as a download past its own limit (HttpRequest::max_body_bytes): never retried.
    EXPECT_EQ(res.error().code, Errc::too_large) << res.error().message;
}

TEST_F(NetTest, ConnectionRefusedIsANetworkError) {
    std::uint16_t port = 0;
    {
        testkit::RawTcpServer closed(io_, [](testkit::RawTcpServer::Socket) -> awaitable<void> { co_return; });
        port = closed.port();
    }
    HttpClient client(io_.get_executor(), nullptr);
    auto res = run(client.request(request("GET", local(port, "/"))));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().code, Errc::network) << res.error().message;
}

TEST_F(NetTest, BadUrlsMethodsAndSchemesAreRefusedBeforeAnyIo) {
    HttpClient client(io_.get_executor(), nullptr);
    for (const char* url : {"not a url", "ftp://127.0.0.1/", "ws://127.0.0.1/", "https://127.0.0.1/"}) {
        auto res = run(client.request(request("GET", url)));
        ASSERT_FALSE(res) << url;
        EXPECT_EQ(res.error().code, Errc::invalid_argument) << url;
    }
    auto res = run(client.request(request("FETCH", "http://127.0.0.1:1/")));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().code, Errc::invalid_argument);
    EXPECT_EQ(client.connections_opened(), 0u);
}

TEST_F(NetTest, ErrorMessagesNameTheOriginButNeverThePath) {
    std::uint16_t port = 0;
    {
        testkit::RawTcpServer closed(io_, [](testkit::RawTcpServer::Socket) -> awaitable<void> { co_return; });
        port = closed.port();
    }
    HttpClient client(io_.get_executor(), nullptr);
    auto res = run(client.request(request("GET", local(port, "/bot123456:SECRET-TOKEN/getUpdates"))));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().message.find("SECRET"), std::string::npos) << res.error().message;
}

}  // namespace
}  // namespace frontline::net
