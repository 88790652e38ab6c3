#include "adapters/net/tls_context.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <openssl/ssl.h>

#include "adapters/net/tls_stream.hpp"

namespace frontline::net {

namespace ssl = boost::asio::ssl;

namespace {
constexpr long kProtocolOptions = ssl::context::default_workarounds | ssl::context::no_sslv2 |
                                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                                  ssl::context::single_dh_use;

Result<TlsContextPtr> with_tls12_minimum(TlsContextPtr ctx) {
    ctx->set_options(kProtocolOptions);
    if (SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION) != 1)
        return make_error(Errc::protocol, "TLS: cannot require TLS 1.2 or newer");
    return ctx;
}
}  // namespace

Result<TlsContextPtr> make_client_tls_context(const TlsClientOptions& options) {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
    auto prepared = with_tls12_minimum(ctx);
    if (!prepared) return prepared;
    boost::system::error_code ec;
    ctx->set_verify_mode(ssl::verify_peer, ec);
    if (ec) return make_error(Errc::protocol, "TLS: cannot enable peer verification: " + ec.message());
    if (options.use_system_trust_store) {
        ctx->set_default_verify_paths(ec);
        if (ec) return make_error(Errc::protocol, "TLS: cannot load the system trust store: " + ec.message());
    }
    if (!options.extra_ca_file.empty()) {
        ctx->load_verify_file(options.extra_ca_file, ec);
        if (ec) return make_error(Errc::invalid_argument, "TLS: cannot load CA file " + options.extra_ca_file + ": " + ec.message());
    }
    return ctx;
}

Result<TlsContextPtr> make_server_tls_context(const std::string& cert_chain_file, const std::string& key_file) {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    auto prepared = with_tls12_minimum(ctx);
    if (!prepared) return prepared;
    boost::system::error_code ec;
    ctx->use_certificate_chain_file(cert_chain_file, ec);
    if (ec) return make_error(Errc::invalid_argument, "TLS: cannot load certificate " + cert_chain_file + ": " + ec.message());
    ctx->use_private_key_file(key_file, ssl::context::pem, ec);
    if (ec) return make_error(Errc::invalid_argument, "TLS: cannot load private key " + key_file + ": " + ec.message());
    return ctx;
}

bool is_ip_literal(const std::string& host) {
    boost::system::error_code ec;
    (void)boost::asio::ip::make_address(host, ec);
    return !ec;
}

Status prepare_client_tls(TlsStream& stream, const std::string& host) {
    // Without SNI, servers hosting several names answer with a default certificate or fail the
    // handshake; without the host-name check, any valid certificate would be accepted.
    if (!is_ip_literal(host) && SSL_set_tlsext_host_name(stream.native_handle(), host.c_str()) != 1)
        return make_error(Errc::protocol, "TLS: cannot set SNI for " + host);
    boost::system::error_code ec;
    stream.set_verify_mode(ssl::verify_peer, ec);
    if (!ec) stream.set_verify_callback(ssl::host_name_verification(host), ec);
    if (ec) return make_error(Errc::protocol, "TLS: cannot set host-name verification: " + ec.message());
    return {};
}

awaitable<void> shutdown_tls(TlsStream& stream, std::chrono::milliseconds deadline) {
    boost::beast::get_lowest_layer(stream).expires_after(deadline);
    // Peers often close without answering close_notify (stream_truncated) or time out: the
    // message exchange is already complete, so the outcome does not matter.
    [[maybe_unused]] auto [ec] = co_await stream.async_shutdown(boost::asio::as_tuple(boost::asio::use_awaitable));
    boost::system::error_code ignored;
    boost::beast::get_lowest_layer(stream).socket().close(ignored);
}

}  // namespace frontline::net
