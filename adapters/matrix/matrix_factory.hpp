#pragma once
// Builds the Matrix adapter from the whole configuration document (its "matrix" section) and the
// environment: what the service's adapter registry calls.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "adapters/adapter.hpp"
#include "adapters/matrix/matrix_settings.hpp"
#include "adapters/matrix/matrix_texts.hpp"
#include "adapters/net/net.hpp"

namespace frontline::matrix {

/// `rooms`: the teams' Matrix rooms in agents.file (the agents' rooms).
/// Errors read "<config_file>: key 'matrix.…': …" and name environment variables, never their values.
Result<std::unique_ptr<Adapter>> make_adapter(net::Executor executor, const nlohmann::json& config_root,
                                              const std::string& config_file, MatrixTexts texts = {},
                                              std::vector<std::string> rooms = {}, const EnvLookup& env = process_env);

}  // namespace frontline::matrix
