#pragma once
// The message catalog: every text the bot says, per language, with {placeholder} filling.
// A language's texts may come from several files (en.json, en.flows.json, en.handoff.json, ...).
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/text.hpp"

namespace frontline {

class Catalog {
public:
    /// Adds one locale file's flat {"key": "text"} object for `language`. A key that another file
    /// already gave for the same language is an error naming both files.
    Status add_file(const std::string& language, std::string_view json_text, const std::string& file);
    /// Adds one text (tests, defaults). Overwrites.
    void set(const std::string& language, const std::string& key, std::string text);

    bool has(const std::string& language, const std::string& key) const;
    bool has_language(const std::string& language) const { return texts_.count(language) > 0; }
    std::vector<std::string> languages() const;

    /// The text with its placeholders filled; the key itself when missing (validation prevents it).
    std::string text(const std::string& language, const std::string& key, const TextVars& vars = {}) const;

private:
    struct Entry {
        std::string text;
        std::string file;
    };
    std::map<std::string, std::map<std::string, Entry>> texts_;
};

}  // namespace frontline
