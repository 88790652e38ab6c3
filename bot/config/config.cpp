#include "bot/config/config.hpp"

#include <cstdlib>

#include "bot/config/file_text.hpp"

namespace frontline {
namespace {

using nlohmann::json;

std::vector<std::string> split_dots(const std::string& dotted) {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : dotted) {
        if (c == '.') {
            parts.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    parts.push_back(cur);
    return parts;
}

}  // namespace

Result<Config> Config::load(const std::filesystem::path& path, const std::vector<std::string>& overrides) {
    auto text = read_text_file(path);
    if (!text) return make_error(Errc::not_found, path.string() + ": cannot read the config file");
    return from_text(*text, path, overrides);
}

Result<Config> Config::from_text(const std::string& text, const std::filesystem::path& origin,
                                 const std::vector<std::string>& overrides) {
    Config c;
    c.file_ = origin;
    c.root_ = json::parse(text, nullptr, false);
    if (c.root_.is_discarded())
        return make_error(Errc::parse, origin.string() + ": not valid JSON");
    if (!c.root_.is_object()) return make_error(Errc::parse, origin.string() + ": the top level must be an object");
    for (const auto& o : overrides) {
        const auto eq = o.find('=');
        if (eq == std::string::npos || eq == 0)
            return make_error(Errc::invalid_argument, "--set '" + o + "': expected dotted.key=value");
        const std::string key = o.substr(0, eq);
        const std::string raw = o.substr(eq + 1);
        json value = json::parse(raw, nullptr, false);
        if (value.is_discarded()) value = raw;
        json* node = &c.root_;
        for (const auto& part : split_dots(key)) {
            if (part.empty()) return make_error(Errc::invalid_argument, "--set '" + o + "': empty key segment");
            if (!node->is_object() && !node->is_null())
                return c.error(key, "cannot set a key inside a value that is not an object");
            node = &(*node)[part];
        }
        *node = std::move(value);
    }
    return c;
}

const json* Config::find(const std::string& dotted) const {
    const json* node = &root_;
    for (const auto& part : split_dots(dotted)) {
        if (!node->is_object()) return nullptr;
        auto it = node->find(part);
        if (it == node->end()) return nullptr;
        node = &*it;
    }
    return node;
}

Error Config::error(const std::string& dotted, const std::string& reason) const {
    return make_error(Errc::parse, file_.string() + ": key '" + dotted + "': " + reason);
}

Result<std::string> Config::string(const std::string& dotted, std::optional<std::string> fallback) const {
    const json* v = find(dotted);
    if (!v || v->is_null()) {
        if (fallback) return *fallback;
        return error(dotted, "missing (expected a string)");
    }
    if (!v->is_string()) return error(dotted, "expected a string");
    return v->get<std::string>();
}

Result<long long> Config::integer(const std::string& dotted, std::optional<long long> fallback) const {
    const json* v = find(dotted);
    if (!v || v->is_null()) {
        if (fallback) return *fallback;
        return error(dotted, "missing (expected a whole number)");
    }
    if (!v->is_number_integer()) return error(dotted, "expected a whole number");
    return v->get<long long>();
}

Result<bool> Config::boolean(const std::string& dotted, std::optional<bool> fallback) const {
    const json* v = find(dotted);
    if (!v || v->is_null()) {
        if (fallback) return *fallback;
        return error(dotted, "missing (expected true or false)");
    }
    if (!v->is_boolean()) return error(dotted, "expected true or false");
    return v->get<bool>();
}

std::filesystem::path Config::resolve(const std::filesystem::path& p) const {
    if (p.is_absolute()) return p;
    return file_.parent_path() / p;
}

Result<std::filesystem::path> Config::path(const std::string& dotted, std::optional<std::string> fallback) const {
    auto s = string(dotted, std::move(fallback));
    if (!s) return s.error();
    if (s->empty()) return error(dotted, "must not be empty");
    return resolve(*s);
}

Result<std::string> secret_from_env(const Config& c, const std::string& env_key) {
    auto name = c.string(env_key);
    if (!name) return name.error();
    const char* value = std::getenv(name->c_str());
    if (!value || !*value)
        return make_error(Errc::auth, c.file().string() + ": key '" + env_key + "' names the environment variable " +
                                          *name + ", which is not set");
    return std::string(value);
}

}  // namespace frontline
