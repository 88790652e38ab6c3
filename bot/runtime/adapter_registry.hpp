#pragma once
// The platform adapters the service can run besides the built-in web chat. Each platform adds one
// entry to platform_adapters() in adapter_registry.cpp; the service builds those whose
// "<platform>.enabled" config key is true.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "adapters/net/net.hpp"
#include "bot/config/config.hpp"
#include "bot/config/team_rooms.hpp"
#include "bot/runtime/delivery_pacer.hpp"
#include "core/clock.hpp"

namespace frontline {

class StoreWorker;

/// What an adapter factory gets: the network executor, the whole config, the service clock, the
/// store (for adapters that look up what they sent, e.g. Telegram's button references), and every
/// team room in agents.file (docs/agents.md, "Where a team's pings go"): an adapter takes its
/// platform's rooms from here (rooms_on(rooms, platform)), never from a key of its own.
struct AdapterContext {
    net::Executor executor;
    const Config& config;
    const Clock& clock;
    const std::vector<TeamRoom>& rooms;
    StoreWorker* store = nullptr;
};

/// Builds one adapter; errors (bad config, missing secret) stop the start-up with their message.
using AdapterFactory = std::function<Result<std::unique_ptr<Adapter>>(const AdapterContext&)>;

struct AdapterRegistration {
    std::string platform;  ///< also the config section: "<platform>.enabled"
    /// What the platform can show (the adapter's own declaration, e.g. SlackAdapter::kCapabilities):
    /// the desk reads it before the adapters are built.
    PlatformCapabilities capabilities;
    AdapterFactory make;
    /// How fast the outbox may send there (the platform's documented limits, PROTOCOLS.md).
    PaceLimits pace;
    /// Config keys that name an environment variable which must be set while the adapter is enabled.
    std::vector<std::string> secret_keys;
    /// `frontline check-config`: reads the adapter's section the way its connector does at start.
    std::function<Status(const Config&)> check;
};

/// Every registered platform adapter, in start order.
std::vector<AdapterRegistration> platform_adapters();

/// Platform -> delivery pace for the outbox: the web chat's and every registered adapter's.
std::map<std::string, PaceLimits> delivery_pacing();

/// Platform -> capabilities of every platform whose adapter runs: the web chat when
/// "webchat.enabled" (default true) and each registered adapter whose "<platform>.enabled" is true.
Result<PlatformCapabilitiesMap> enabled_platforms(const Config& config);

/// The registered adapters whose "<platform>.enabled" is true, built; the first error stops it.
/// A platform enabled in the config without an adapter in this build is an error, not a silence.
Result<std::vector<std::unique_ptr<Adapter>>> make_enabled_adapters(const AdapterContext& context);

}  // namespace frontline
