#include "tests/support/test_ca.hpp"

#include <atomic>
#include <cstdio>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace frontline::testkit {

namespace {

struct PkeyDeleter { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct X509Deleter { void operator()(X509* p) const { X509_free(p); } };
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("TestCa: ") + what + " failed");
}

PkeyPtr new_key() {
    PkeyPtr key(EVP_EC_gen("P-256"));
    check(key != nullptr, "EVP_EC_gen");
    return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    check(ext != nullptr, "X509V3_EXT_conf_nid");
    const int added = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    check(added == 1, "X509_add_ext");
}

X509Ptr new_cert(EVP_PKEY* key, const std::string& common_name, long serial) {
    X509Ptr cert(X509_new());
    check(cert != nullptr, "X509_new");
    check(X509_set_version(cert.get(), 2) == 1, "X509_set_version");
    check(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial) == 1, "serial");
    // Backdated an hour so clock skew between steps never makes it "not yet valid".
    check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr, "notBefore");
    check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600) != nullptr, "notAfter");
    check(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");
    X509_NAME* name = X509_get_subject_name(cert.get());
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) == 1,
          "subject CN");
    return cert;
}

bool looks_like_ip(const std::string& host) {
    return host.find_first_not_of("0123456789.") == std::string::npos || host.find(':') != std::string::npos;
}

void write_cert(const std::string& path, X509* cert) {
    FILE* f = std::fopen(path.c_str(), "wb");
    check(f != nullptr, "open certificate file");
    const int ok = PEM_write_X509(f, cert);
    std::fclose(f);
    check(ok == 1, "PEM_write_X509");
}

void write_key(const std::string& path, EVP_PKEY* key) {
    FILE* f = std::fopen(path.c_str(), "wb");
    check(f != nullptr, "open key file");
    const int ok = PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    check(ok == 1, "PEM_write_PrivateKey");
}

}  // namespace

struct TestCa::Keys {
    PkeyPtr key;
    X509Ptr cert;
};

TestCa::TestCa(std::filesystem::path dir, std::string common_name) : keys_(std::make_unique<Keys>()), dir_(std::move(dir)) {
    keys_->key = new_key();
    keys_->cert = new_cert(keys_->key.get(), common_name, 1);
    X509* cert = keys_->cert.get();
    check(X509_set_issuer_name(cert, X509_get_subject_name(cert)) == 1, "issuer");
    add_extension(cert, cert, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(cert, cert, NID_subject_key_identifier, "hash");
    check(X509_sign(cert, keys_->key.get(), EVP_sha256()) > 0, "X509_sign (CA)");
    static std::atomic<int> instances{0};
    ca_file_ = (dir_ / ("ca-" + std::to_string(++instances) + ".pem")).string();
    write_cert(ca_file_, cert);
}

TestCa::~TestCa() = default;

CertFiles TestCa::issue(const std::string& host) {
    PkeyPtr key = new_key();
    X509Ptr cert = new_cert(key.get(), host, next_serial_++);
    check(X509_set_issuer_name(cert.get(), X509_get_subject_name(keys_->cert.get())) == 1, "issuer");
    add_extension(cert.get(), keys_->cert.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), keys_->cert.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment");
    add_extension(cert.get(), keys_->cert.get(), NID_ext_key_usage, "serverAuth");
    add_extension(cert.get(), keys_->cert.get(), NID_subject_alt_name, (looks_like_ip(host) ? "IP:" : "DNS:") + host);
    add_extension(cert.get(), keys_->cert.get(), NID_authority_key_identifier, "keyid:always");
    check(X509_sign(cert.get(), keys_->key.get(), EVP_sha256()) > 0, "X509_sign (leaf)");
    // Named by the CA file and serial: several CAs may share one directory.
    const std::string stem = ca_file_.substr(0, ca_file_.size() - 4) + "-leaf-" + std::to_string(next_serial_);
    CertFiles files{stem + "-cert.pem", stem + "-key.pem"};
    write_cert(files.cert_file, cert.get());
    write_key(files.key_file, key.get());
    return files;
}

}  // namespace frontline::testkit
