#include "bot/files/file_token.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "bot/files/file_vault.hpp"

namespace frontline::files {
namespace {

std::string mac_of(std::string_view secret, std::string_view fields) {
    // Domain-separated: no other HMAC under this secret can pass as a file link's.
    const std::string data = "frontline-file-link-v1\n" + std::string(fields);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len))
        throw std::runtime_error("files: HMAC-SHA256 failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        out += kHex[mac[i] >> 4];
        out += kHex[mac[i] & 15];
    }
    return out;
}

std::string fields_of(const FileToken& t) {
    return t.ticket.str() + "." + t.sha256 + "." + std::to_string(t.expires.time_since_epoch().count());
}

}  // namespace

std::string sign_file_token(std::string_view secret, const FileToken& t) {
    const std::string fields = fields_of(t);
    return fields + "." + mac_of(secret, fields);
}

std::variant<FileToken, FileTokenProblem> verify_file_token(std::string_view secret, std::string_view token, TimePoint now) {
    const auto last = token.rfind('.');
    if (last == std::string_view::npos || token.size() > 256) return FileTokenProblem::malformed_or_tampered;
    const std::string_view fields = token.substr(0, last);
    const std::string_view given = token.substr(last + 1);
    const std::string expected = mac_of(secret, fields);
    if (given.size() != expected.size() || CRYPTO_memcmp(expected.data(), given.data(), expected.size()) != 0)
        return FileTokenProblem::malformed_or_tampered;
    const auto first = fields.find('.');
    const auto second = first == std::string_view::npos ? first : fields.find('.', first + 1);
    if (second == std::string_view::npos) return FileTokenProblem::malformed_or_tampered;
    auto id = TicketId::parse(fields.substr(0, first));
    const std::string sha(fields.substr(first + 1, second - first - 1));
    const std::string_view expires = fields.substr(second + 1);
    if (!id || !is_sha256_hex(sha) || expires.empty() || expires.size() > 18) return FileTokenProblem::malformed_or_tampered;
    long long seconds = 0;
    for (char c : expires) {
        if (c < '0' || c > '9') return FileTokenProblem::malformed_or_tampered;
        seconds = seconds * 10 + (c - '0');
    }
    FileToken t{*id, sha, TimePoint{Seconds{seconds}}};
    if (now >= t.expires) return FileTokenProblem::expired;
    return t;
}

SignedFileLinks::SignedFileLinks(std::string secret, std::string public_url, Seconds life)
    : secret_(std::move(secret)), public_url_(std::move(public_url)), life_(life) {
    while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
}

std::string SignedFileLinks::file_link(const TicketId& ticket, const std::string& sha256, TimePoint expires) const {
    return public_url_ + std::string(kFilesPrefix) + sign_file_token(secret_, FileToken{ticket, sha256, expires});
}

}  // namespace frontline::files
