#include "bot/files/file_vault.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include <openssl/evp.h>

namespace fs = std::filesystem;

namespace frontline::files {
namespace {

Error io_error(const std::string& what, const fs::path& p) {
    return make_error(Errc::storage, what + " " + p.string() + ": " + std::strerror(errno));
}

/// fsync of a file or a folder (a rename is durable only once its folder is synced).
Status sync_path(const fs::path& p, bool directory) {
    const int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return io_error("cannot open", p);
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return io_error("cannot fsync", p);
    return {};
}

Status write_all(const fs::path& p, std::string_view bytes) {
    const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) return io_error("cannot create", p);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            ::close(fd);
            return io_error("cannot write", p);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        return io_error("cannot fsync", p);
    }
    if (::close(fd) != 0) return io_error("cannot close", p);
    return {};
}

constexpr std::string_view kTempPrefix = ".tmp-";

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        out += kHex[md[i] >> 4];
        out += kHex[md[i] & 15];
    }
    return out;
}

bool is_sha256_hex(std::string_view s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

fs::path FileVault::path_of(const std::string& sha256) const {
    return root_ / sha256.substr(0, 2) / sha256.substr(2, 2) / sha256;
}

Result<std::string> FileVault::store(std::string_view bytes) const {
    const std::string sha = sha256_hex(bytes);
    const fs::path target = path_of(sha);
    std::error_code ec;
    if (fs::exists(target, ec)) {
        // Touched, so a file seen again is not swept as an orphan while its new commit is on the way.
        fs::last_write_time(target, fs::file_time_type::clock::now(), ec);
        return sha;
    }
    const fs::path dir = target.parent_path();
    fs::create_directories(dir, ec);
    if (ec) return make_error(Errc::storage, "cannot create " + dir.string() + ": " + ec.message());
    // A name of its own per writer: two downloads of the same bytes never write into one temp file.
    static std::atomic<unsigned long> counter{0};
    const fs::path temp = dir / (std::string(kTempPrefix) + sha + "-" + std::to_string(::getpid()) + "-" +
                                 std::to_string(counter.fetch_add(1)));
    if (auto ok = write_all(temp, bytes); !ok) {
        fs::remove(temp, ec);
        return ok.error();
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        auto err = io_error("cannot rename into", target);
        fs::remove(temp, ec);
        return err;
    }
    // The new name and the folders made for it survive a power cut only once their folders are synced.
    if (auto ok = sync_path(dir, true); !ok) return ok.error();
    if (auto ok = sync_path(dir.parent_path(), true); !ok) return ok.error();
    if (auto ok = sync_path(root_, true); !ok) return ok.error();
    return sha;
}

Result<std::string> FileVault::read(const std::string& sha256) const {
    if (!is_sha256_hex(sha256)) return make_error(Errc::invalid_argument, "not a file name of the vault");
    std::ifstream in(path_of(sha256), std::ios::binary);
    if (!in) return make_error(Errc::not_found, "no stored file " + sha256);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

Result<int> FileVault::sweep(const std::set<std::string>& referenced, std::chrono::seconds grace,
                             fs::file_time_type now) const {
    std::error_code ec;
    if (!fs::exists(root_, ec)) return 0;
    std::vector<fs::path> doomed;
    for (auto it = fs::recursive_directory_iterator(root_, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const std::string name = it->path().filename().string();
        const bool temp = name.starts_with(kTempPrefix);
        if (!temp && (!is_sha256_hex(name) || referenced.contains(name))) continue;
        const auto changed = fs::last_write_time(it->path(), ec);
        if (ec) continue;
        if (changed + grace > now) continue;
        doomed.push_back(it->path());
    }
    if (ec) return make_error(Errc::storage, "cannot list " + root_.string() + ": " + ec.message());
    int removed = 0;
    for (const auto& p : doomed)
        if (fs::remove(p, ec)) ++removed;
    return removed;
}

}  // namespace frontline::files
