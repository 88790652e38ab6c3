#pragma once
// What the Matrix adapter says in its own name (the notice in an encrypted room), read from its own
// locale files <lang>.matrix.json in the locales folder: the engine's texts are not loaded for it.
#include <filesystem>
#include <map>
#include <string>

#include "core/result.hpp"

namespace frontline::matrix {

/// What the adapter says in its own name, per language.
struct MatrixTexts {
    std::map<std::string, std::string> encrypted_notice;  ///< language -> text
    std::string default_language = "en";
};

/// Every <lang>.matrix.json in `locales_dir` (en is required; each file has every key);
/// `default_language` when it has a file, else en. Errors name the file and the key.
Result<MatrixTexts> load_texts(const std::filesystem::path& locales_dir, const std::string& default_language);

}  // namespace frontline::matrix
