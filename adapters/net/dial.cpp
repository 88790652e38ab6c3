#include "adapters/net/dial.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <openssl/x509.h>

#include "adapters/net/net_error.hpp"

namespace frontline::net {

namespace {
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
}

awaitable<Result<boost::beast::tcp_stream>> dial_tcp(Executor executor, UrlParts url, std::chrono::milliseconds timeout) {
    using tcp = asio::ip::tcp;
    const std::string where = url.host + ":" + std::to_string(url.port);
    // The resolver has no deadline of its own: the stream's timer bounds the connect only, and
    // getaddrinfo on loopback or a local cache answers quickly.
    tcp::resolver resolver(executor);
    auto [resolve_ec, endpoints] = co_await resolver.async_resolve(url.host, std::to_string(url.port), kNoThrow);
    if (resolve_ec) co_return to_error(resolve_ec, "resolve " + url.host);
    boost::beast::tcp_stream stream(executor);
    stream.expires_after(timeout);
    auto [connect_ec, endpoint] = co_await stream.async_connect(endpoints, kNoThrow);
    if (connect_ec) co_return to_error(connect_ec, "connect to " + where);
    stream.expires_never();
    boost::system::error_code ignored;
    stream.socket().set_option(tcp::no_delay(true), ignored);
    co_return std::move(stream);
}

awaitable<Status> handshake_tls(TlsStream& stream, std::string host, std::chrono::milliseconds timeout) {
    if (auto prepared = prepare_client_tls(stream, host); !prepared) co_return prepared;
    boost::beast::get_lowest_layer(stream).expires_after(timeout);
    auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::client, kNoThrow);
    boost::beast::get_lowest_layer(stream).expires_never();
    if (ec) {
        const long verify = SSL_get_verify_result(stream.native_handle());
        if (verify != X509_V_OK)
            co_return make_error(Errc::auth, "TLS handshake with " + host + ": certificate rejected (" +
                                                 X509_verify_cert_error_string(verify) + ")");
        co_return to_error(ec, "TLS handshake with " + host);
    }
    co_return Status{};
}

}  // namespace frontline::net
