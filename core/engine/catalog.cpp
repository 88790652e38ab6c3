#include "core/engine/catalog.hpp"

#include <nlohmann/json.hpp>

namespace frontline {

Status Catalog::add_file(const std::string& language, std::string_view json_text, const std::string& file) {
    const auto j = nlohmann::json::parse(json_text, nullptr, false);
    if (j.is_discarded()) return make_error(Errc::parse, file + ": not valid JSON");
    if (!j.is_object()) return make_error(Errc::parse, file + ": expected an object of key -> text");
    auto& lang = texts_[language];
    for (const auto& [key, value] : j.items()) {
        if (!value.is_string()) return make_error(Errc::parse, file + ": key '" + key + "': expected a text");
        if (auto it = lang.find(key); it != lang.end())
            return make_error(Errc::parse, file + ": key '" + key + "' is already defined in " + it->second.file);
        lang.emplace(key, Entry{value.get<std::string>(), file});
    }
    return {};
}

void Catalog::set(const std::string& language, const std::string& key, std::string text) {
    texts_[language][key] = Entry{std::move(text), "(built-in)"};
}

bool Catalog::has(const std::string& language, const std::string& key) const {
    auto l = texts_.find(language);
    return l != texts_.end() && l->second.count(key) > 0;
}

std::vector<std::string> Catalog::languages() const {
    std::vector<std::string> out;
    for (const auto& [lang, _] : texts_) out.push_back(lang);
    return out;
}

std::string Catalog::text(const std::string& language, const std::string& key, const TextVars& vars) const {
    auto l = texts_.find(language);
    if (l == texts_.end()) return key;
    auto e = l->second.find(key);
    if (e == l->second.end()) return key;
    return fill_placeholders(e->second.text, vars);
}


}  // namespace frontline
