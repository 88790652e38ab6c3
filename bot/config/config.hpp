#pragma once
// frontline.json: loading, --set overrides, typed look-ups that name the file and key on error.
// Relative paths in the config resolve against the config file's own folder.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace frontline {

class Config {
public:
    /// Reads and parses `path`, then applies each "dotted.key=value" override (value parsed as JSON
    /// when it is valid JSON, else taken as a string). Errors name the file, the key and the reason.
    static Result<Config> load(const std::filesystem::path& path, const std::vector<std::string>& overrides);
    /// A config from JSON text, for tests; `origin` names it in errors.
    static Result<Config> from_text(const std::string& text, const std::filesystem::path& origin,
                                    const std::vector<std::string>& overrides = {});

    const nlohmann::json& root() const { return root_; }
    const std::filesystem::path& file() const { return file_; }

    /// The value at "a.b.c", or nullptr when absent.
    const nlohmann::json* find(const std::string& dotted) const;
    Result<std::string> string(const std::string& dotted, std::optional<std::string> fallback = std::nullopt) const;
    Result<long long> integer(const std::string& dotted, std::optional<long long> fallback = std::nullopt) const;
    Result<bool> boolean(const std::string& dotted, std::optional<bool> fallback = std::nullopt) const;
    /// A path value resolved against the config file's folder.
    Result<std::filesystem::path> path(const std::string& dotted, std::optional<std::string> fallback = std::nullopt) const;
    /// Resolves a relative path against the config file's folder.
    std::filesystem::path resolve(const std::filesystem::path& p) const;

    /// "config/frontline.json: key 'store.path': expected a string".
    Error error(const std::string& dotted, const std::string& reason) const;

private:
    nlohmann::json root_;
    std::filesystem::path file_;
};

/// Reads the secret named by the config key `env_key` (e.g. "slack.bot_token_env") from the environment.
/// The error names the key and the variable, never a value.
Result<std::string> secret_from_env(const Config& c, const std::string& env_key);

}  // namespace frontline
