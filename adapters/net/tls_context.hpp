#pragma once
// TLS contexts in one helper, used by every client and the optional TLS server: TLS 1.2 minimum,
// peer verification against the system trust store (plus an extra CA file for tests).
#include <memory>
#include <string>

#include "core/result.hpp"

namespace boost::asio::ssl {
class context;
}

namespace frontline::net {

/// Shared and read-only once built: the trust store is loaded before anyone uses it.
using TlsContextPtr = std::shared_ptr<boost::asio::ssl::context>;

struct TlsClientOptions {
    bool use_system_trust_store = true;
    std::string extra_ca_file;          ///< PEM; tests trust their generated CA with it
};

/// A client context that verifies peers; per-connection SNI and host-name checks are added by the
/// clients (see tls_stream.hpp).
Result<TlsContextPtr> make_client_tls_context(const TlsClientOptions& options = {});

/// A server context presenting a certificate chain and its private key (PEM files).
Result<TlsContextPtr> make_server_tls_context(const std::string& cert_chain_file, const std::string& key_file);

}  // namespace frontline::net
