#pragma once
// A throwaway certificate authority generated at test time with the OpenSSL API, so TLS tests run
// against real verification without shipping keys in the repository.
#include <filesystem>
#include <memory>
#include <string>

namespace frontline::testkit {

/// PEM files of an issued certificate and its private key.
struct CertFiles {
    std::string cert_file;
    std::string key_file;
};

class TestCa {
public:
    /// Creates the CA (EC P-256 key, self-signed, valid one day) and writes its certificate into `dir`.
    explicit TestCa(std::filesystem::path dir, std::string common_name = "frontline test CA");
    ~TestCa();
    TestCa(const TestCa&) = delete;
    TestCa& operator=(const TestCa&) = delete;

    /// The CA certificate (PEM): what a client trusts.
    const std::string& ca_file() const { return ca_file_; }
    /// A server certificate for `host` (DNS name, or IP literal as an IP subjectAltName), signed by
    /// this CA; files are named after `host` inside the CA's directory.
    CertFiles issue(const std::string& host);

private:
    struct Keys;
    std::unique_ptr<Keys> keys_;
    std::filesystem::path dir_;
    std::string ca_file_;
    long next_serial_ = 2;
};

}  // namespace frontline::testkit
