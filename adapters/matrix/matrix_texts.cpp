#include "adapters/matrix/matrix_texts.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace frontline::matrix {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSuffix = ".matrix.json";
constexpr const char* kEncryptedNotice = "matrix.encrypted_notice";

Result<std::string> read_notice(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return make_error(Errc::not_found, file.string() + ": cannot read");
    std::stringstream ss;
    ss << in.rdbuf();
    auto j = nlohmann::json::parse(ss.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error(Errc::parse, file.string() + ": expected a JSON object of texts");
    auto it = j.find(kEncryptedNotice);
    if (it == j.end() || !it->is_string() || it->get<std::string>().empty())
        return make_error(Errc::parse, file.string() + ": key '" + kEncryptedNotice + "': expected a non-empty text");
    return it->get<std::string>();
}

}  // namespace

Result<MatrixTexts> load_texts(const fs::path& locales_dir, const std::string& default_language) {
    MatrixTexts texts;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(locales_dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() <= kSuffix.size() || !name.ends_with(kSuffix)) continue;
        auto notice = read_notice(entry.path());
        if (!notice) return notice.error();
        texts.encrypted_notice[name.substr(0, name.size() - kSuffix.size())] = std::move(*notice);
    }
    if (ec) return make_error(Errc::not_found, locales_dir.string() + ": " + ec.message());
    if (!texts.encrypted_notice.count("en"))
        return make_error(Errc::parse, locales_dir.string() + ": en.matrix.json is missing");
    texts.default_language = texts.encrypted_notice.count(default_language) ? default_language : "en";
    return texts;
}

}  // namespace frontline::matrix
