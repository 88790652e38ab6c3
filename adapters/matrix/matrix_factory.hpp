#pragma once
// Builds the Matrix adapter from the whole configuration document (its "matrix" section) and the
// environment: what the service's adapter registry calls.
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "adapters/adapter.hpp"
#include "adapters/matrix/matrix_settings.hpp"
#include "adapters/net/net.hpp"

namespace frontline::matrix {

/// What the adapter says in its own name, per language (the texts live with the other locales).
struct MatrixTexts {
    std::map<std::string, std::string> encrypted_notice;  ///< language -> text
    std::string default_language = "en";
};

/// Errors read "<config_file>: key 'matrix.…': …" and name environment variables, never their values.
Result<std::unique_ptr<Adapter>> make_adapter(net::Executor executor, const nlohmann::json& config_root,
                                              const std::string& config_file, MatrixTexts texts = {},
                                              const EnvLookup& env = process_env);

}  // namespace frontline::matrix
