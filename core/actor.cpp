#include "core/actor.hpp"

namespace frontline {

std::string Actor::label() const {
    switch (kind) {
        case ActorKind::bot: return "bot";
        case ActorKind::system: return "system";
        case ActorKind::agent: return "agent:" + name;
        case ActorKind::requester: return "requester:" + name;
    }
    return "unknown";
}

}  // namespace frontline
