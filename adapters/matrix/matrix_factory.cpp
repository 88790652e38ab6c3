#include "adapters/matrix/matrix_factory.hpp"

#include <nlohmann/json.hpp>

#include "adapters/matrix/matrix_adapter.hpp"

namespace frontline::matrix {

Result<std::unique_ptr<Adapter>> make_adapter(net::Executor executor, const nlohmann::json& config_root,
                                              const std::string& config_file, MatrixTexts texts,
                                              std::vector<std::string> rooms, const EnvLookup& env) {
    static const nlohmann::json kMissing;
    const auto it = config_root.is_object() ? config_root.find("matrix") : config_root.end();
    auto settings = settings_from_json(it == config_root.end() ? kMissing : *it, env);
    if (!settings) return make_error(settings.error().code, config_file + ": " + settings.error().message);
    if (auto ok = set_agents_rooms(*settings, rooms); !ok) return ok.error();
    settings->encrypted_notice = std::move(texts.encrypted_notice);
    settings->default_language = std::move(texts.default_language);
    auto adapter = MatrixAdapter::create(std::move(executor), std::move(*settings));
    if (!adapter) return make_error(adapter.error().code, config_file + ": matrix: " + adapter.error().message);
    return std::unique_ptr<Adapter>(std::move(*adapter));
}

}  // namespace frontline::matrix
