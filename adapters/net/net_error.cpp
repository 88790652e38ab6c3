#include "adapters/net/net_error.hpp"

#include <string>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/error.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace frontline::net {

namespace {
bool is_tls_verification_failure(const boost::system::error_code& ec) noexcept {
    if (ec.category() != boost::asio::error::get_ssl_category()) return false;
    const auto reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
    return reason == SSL_R_CERTIFICATE_VERIFY_FAILED;
}
}  // namespace

Errc classify(const boost::system::error_code& ec) noexcept {
    namespace aerr = boost::asio::error;
    if (ec == boost::beast::error::timeout || ec == aerr::timed_out) return Errc::timeout;
    if (ec == aerr::operation_aborted) return Errc::cancelled;
    if (is_tls_verification_failure(ec)) return Errc::auth;
    if (ec.category() == boost::beast::http::make_error_code(boost::beast::http::error::bad_target).category()) {
        // end_of_stream and partial_message mean the peer went away; the rest is a malformed message.
        if (ec == boost::beast::http::error::end_of_stream || ec == boost::beast::http::error::partial_message)
            return Errc::network;
        return Errc::protocol;
    }
    if (ec == boost::beast::websocket::error::closed) return Errc::network;
    if (ec.category() ==
        boost::beast::websocket::make_error_code(boost::beast::websocket::error::bad_http_version).category())
        return Errc::protocol;
    return Errc::network;
}

Error to_error(const boost::system::error_code& ec, std::string_view what) {
    std::string message(what);
    message += ": ";
    message += ec.message();
    return make_error(classify(ec), std::move(message));
}

bool is_benign_truncation(const boost::system::error_code& ec) noexcept {
    return ec == boost::asio::ssl::error::stream_truncated;
}

}  // namespace frontline::net
