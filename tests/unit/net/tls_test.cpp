// TLS through the one helper: a CA generated at test time, a certificate for the wrong host, an
// untrusted CA. Real handshakes on loopback.
#include "adapters/net/tls_context.hpp"
#include "adapters/net/websocket_client.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_ca.hpp"
#include "tests/unit/net/net_test_fixture.hpp"

namespace frontline::net {
namespace {

awaitable<HttpResponse> hello(IncomingRequest in) { co_return make_response(200, "secure " + in.path); }

class TlsTest : public NetTest {
protected:
    /// An https server presenting a certificate for `host` signed by `ca`.
    std::unique_ptr<HttpServer> https_server(testkit::TestCa& ca, const std::string& host) {
        auto files = ca.issue(host);
        HttpServerOptions options;
        options.tls_cert_file = files.cert_file;
        options.tls_key_file = files.key_file;
        auto server = std::make_unique<HttpServer>(io_.get_executor(), options);
        server->on_request(hello);
        auto listening = server->listen("127.0.0.1:0");
        EXPECT_TRUE(listening) << listening.error().message;
        return server;
    }

    TlsContextPtr trusting(const testkit::TestCa& ca) {
        TlsClientOptions options;
        options.use_system_trust_store = false;
        options.extra_ca_file = ca.ca_file();
        auto ctx = make_client_tls_context(options);
        EXPECT_TRUE(ctx) << ctx.error().message;
        return *ctx;
    }

    testkit::TempDir dir_;
    testkit::TestCa ca_{dir_.path()};
};

TEST_F(TlsTest, HttpsWithTheTestCaSucceedsForAnIpCertificate) {
    auto server = https_server(ca_, "127.0.0.1");
    HttpClient client(io_.get_executor(), trusting(ca_));
    auto res = run(client.request(request("GET", local(server->port(), "/ok", "https"))));
    ASSERT_TRUE(res) << res.error().message;
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "secure /ok");
    // Keep-alive holds over TLS too.
    ASSERT_TRUE(run(client.request(request("GET", local(server->port(), "/again", "https")))));
    EXPECT_EQ(server->connections_accepted(), 1u);
}

TEST_F(TlsTest, HttpsWithTheTestCaSucceedsForADnsNameWithSni) {
    auto server = https_server(ca_, "localhost");
    HttpClient client(io_.get_executor(), trusting(ca_));
    auto res = run(client.request(request("GET", "https://localhost:" + std::to_string(server->port()) + "/named")));
    ASSERT_TRUE(res) << res.error().message;
    EXPECT_EQ(res->body, "secure /named");
}

TEST_F(TlsTest, CertificateForAnotherHostIsRefused) {
    auto server = https_server(ca_, "wrong.example");
    HttpClient client(io_.get_executor(), trusting(ca_));
    auto res = run(client.request(request("GET", local(server->port(), "/", "https"))));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().code, Errc::auth) << res.error().message;
}

TEST_F(TlsTest, CertificateFromAnUntrustedCaIsRefused) {
    testkit::TestCa stranger(dir_.path(), "stranger CA");
    auto server = https_server(stranger, "127.0.0.1");
    HttpClient client(io_.get_executor(), trusting(ca_));
    auto res = run(client.request(request("GET", local(server->port(), "/", "https"))));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().code, Errc::auth) << res.error().message;
}

TEST_F(TlsTest, TheSystemTrustStoreAloneDoesNotTrustTheTestCa) {
    auto server = https_server(ca_, "127.0.0.1");
    auto system_only = make_client_tls_context();
    ASSERT_TRUE(system_only) << system_only.error().message;
    HttpClient client(io_.get_executor(), *system_only);
    auto res = run(client.request(request("GET", local(server->port(), "/", "https"))));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().code, Errc::auth) << res.error().message;
}

TEST_F(TlsTest, PlainHttpToATlsServerFailsWithoutHanging) {
    auto server = https_server(ca_, "127.0.0.1");
    HttpClient client(io_.get_executor(), nullptr);
    auto res = run(client.request(request("GET", local(server->port(), "/"))));
    ASSERT_FALSE(res);
    EXPECT_NE(res.error().code, Errc::timeout) << res.error().message;
}

TEST_F(TlsTest, MissingCaOrCertificateFilesAreConfigErrors) {
    TlsClientOptions options;
    options.extra_ca_file = dir_.file("absent.pem").string();
    auto ctx = make_client_tls_context(options);
    ASSERT_FALSE(ctx);
    EXPECT_EQ(ctx.error().code, Errc::invalid_argument);
    HttpServerOptions server_options;
    server_options.tls_cert_file = dir_.file("absent-cert.pem").string();
    server_options.tls_key_file = dir_.file("absent-key.pem").string();
    HttpServer server(io_.get_executor(), server_options);
    auto listening = server.listen("127.0.0.1:0");
    ASSERT_FALSE(listening);
    EXPECT_EQ(listening.error().code, Errc::invalid_argument);
}

TEST_F(TlsTest, SecureWebSocketEchoes) {
    auto files = ca_.issue("127.0.0.1");
    HttpServerOptions options;
    options.tls_cert_file = files.cert_file;
    options.tls_key_file = files.key_file;
    HttpServer server(io_.get_executor(), options);
    server.on_websocket("/ws", [](WebSocketPtr ws) -> awaitable<void> {
        for (;;) {
            auto frame = co_await ws->read();
            if (!frame) co_return;
            ws->send("echo: " + *frame);
        }
    });
    ASSERT_TRUE(server.listen("127.0.0.1:0"));
    WebSocketClient client(io_.get_executor(), trusting(ca_));
    auto reply = run([&]() -> awaitable<Result<std::string>> {
        auto ws = co_await client.connect(local(server.port(), "/ws", "wss"));
        if (!ws) co_return ws.error();
        (*ws)->send("ping over tls");
        auto frame = co_await (*ws)->read();
        (*ws)->close();
        co_return frame;
    }());
    ASSERT_TRUE(reply) << reply.error().message;
    EXPECT_EQ(*reply, "echo: ping over tls");
}

TEST_F(TlsTest, SecureWebSocketToAWrongHostIsRefused) {
    auto files = ca_.issue("wrong.example");
    HttpServerOptions options;
    options.tls_cert_file = files.cert_file;
    options.tls_key_file = files.key_file;
    HttpServer server(io_.get_executor(), options);
    server.on_websocket("/ws", [](WebSocketPtr) -> awaitable<void> { co_return; });
    ASSERT_TRUE(server.listen("127.0.0.1:0"));
    WebSocketClient client(io_.get_executor(), trusting(ca_));
    auto ws = run(client.connect(local(server.port(), "/ws", "wss")));
    ASSERT_FALSE(ws);
    EXPECT_EQ(ws.error().code, Errc::auth) << ws.error().message;
}

}  // namespace
}  // namespace frontline::net
