#include "bot/cli/agent_token.hpp"

#include <cstdlib>
#include <ostream>

#include "adapters/webchat/session_token.hpp"
#include "bot/config/file_text.hpp"
#include "core/handoff/agents_directory.hpp"

namespace frontline {

int run_agent_token(const Config& config, const std::string& agent, std::ostream& out, std::ostream& err) {
    auto env_name = config.string("webchat.agent_secret_env", "FRONTLINE_WEBCHAT_AGENT_SECRET");
    if (!env_name) {
        err << "frontline: " << env_name.error().message << "\n";
        return 2;
    }
    const char* secret = std::getenv(env_name->c_str());
    if (!secret || !*secret) {
        err << "frontline: " << *env_name << " is not set: it holds the secret the agents' view tokens derive from\n";
        return 2;
    }
    auto path = config.path("agents.file");
    if (!path) {
        err << "frontline: " << path.error().message << "\n";
        return 2;
    }
    auto text = read_text_file(*path);
    if (!text) {
        err << "frontline: " << text.error().message << "\n";
        return 2;
    }
    auto directory = handoff::AgentsDirectory::from_text(*text, path->filename().string());
    if (!directory) {
        err << "frontline: " << directory.error().message << "\n";
        return 2;
    }
    // By handle or by web chat identity: the token belongs to the identity the agent logs in with.
    for (const auto& a : directory->agents()) {
        const auto web = a.identity_on("webchat");
        if (!web || (a.handle != agent && web->user_id != agent)) continue;
        out << webchat::agent_token_for(secret, web->user_id, a.token_generation) << "\n";
        return 0;
    }
    err << "frontline: no agent in " << path->filename().string() << " has the handle or web chat identity '" << agent
        << "'\n";
    return 2;
}

}  // namespace frontline
